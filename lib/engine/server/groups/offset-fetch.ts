import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import type { FetchedOffsets } from "../../groups";
import { defineHandler } from "../api-handler";
import type { CoordinatorOf } from "./coordinator-of";

/** v2 added the top-level error code (and null topics = all partitions); v8 batched groups. */
const TOP_LEVEL_ERROR_VERSION = 2;
const BATCHED_GROUPS_VERSION = 8;

type Topics = Array<{ name: string; partitionIndexes: number[] }> | null;

/** OffsetFetch v0-8. */
export function offsetFetchHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.OffsetFetch,
    minVersion: 0,
    maxVersion: 8,
    handle(context, body) {
      const coordinator = coordinatorOf(context);
      const version = context.apiVersion;
      if (version >= BATCHED_GROUPS_VERSION) {
        return {
          throttleTimeMs: 0,
          groups: body.groups.map((g) => {
            const fetched = coordinator.fetchOffsets(g.groupId, g.topics);
            return { groupId: g.groupId, topics: fetched.topics, errorCode: fetched.errorCode };
          }),
        };
      }
      const fetched = coordinator.fetchOffsets(body.groupId, body.topics);
      if (version >= TOP_LEVEL_ERROR_VERSION)
        return { throttleTimeMs: 0, errorCode: fetched.errorCode, topics: fetched.topics };
      return { throttleTimeMs: 0, topics: withPartitionErrors(fetched, body.topics) };
    },
  });
}

/** v0-1 have no top-level error: a coordinator error is reported on every requested partition. */
function withPartitionErrors(fetched: FetchedOffsets, requested: Topics): FetchedOffsets["topics"] {
  if (fetched.errorCode === ErrorCode.NONE) return fetched.topics;
  return (requested ?? []).map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((partitionIndex) => ({
      partitionIndex,
      committedOffset: -1n,
      committedLeaderEpoch: -1,
      metadata: "",
      errorCode: fetched.errorCode,
    })),
  }));
}
