import { ApiKey } from "../../../protocol/apis";
import { defineHandler } from "../api-handler";
import type { CoordinatorOf } from "./coordinator-of";

/**
 * OffsetCommit v0-8. v0 has no generation or member (a simple commit); v1 has a per-partition
 * commit timestamp; v2-v4 a retention time; v6+ the leader epoch.
 */
export function offsetCommitHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.OffsetCommit,
    minVersion: 0,
    maxVersion: 8,
    handle(context, body) {
      const topics = coordinatorOf(context).commitOffsets({
        groupId: body.groupId,
        generationId: body.generationIdOrMemberEpoch,
        memberId: body.memberId,
        groupInstanceId: body.groupInstanceId,
        retentionTimeMs: body.retentionTimeMs,
        topics: body.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => ({
            partitionIndex: p.partitionIndex,
            committedOffset: p.committedOffset,
            committedLeaderEpoch: p.committedLeaderEpoch,
            commitTimestamp: p.commitTimestamp,
            committedMetadata: p.committedMetadata,
          })),
        })),
      });
      return { throttleTimeMs: 0, topics };
    },
  });
}
