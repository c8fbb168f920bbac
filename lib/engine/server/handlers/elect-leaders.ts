import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { toApiError } from "../../controller/api-error";
import type { PartitionResult } from "../../controller/controller";
import { defineHandler } from "../api-handler";

/**
 * ElectLeaders v0-2. v0 has no election type and means preferred; topicPartitions null = every
 * partition. Per-partition errors: ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE,
 * ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION; an unknown election type fails the
 * whole request (INVALID_REQUEST).
 */
export const electLeadersHandler = defineHandler({
  apiKey: ApiKey.ElectLeaders,
  minVersion: 0,
  maxVersion: 2,
  handle({ broker, apiVersion }, body) {
    const type = apiVersion >= 1 ? body.electionType : 0;
    const requested = body.topicPartitions?.map((t) => ({ topic: t.topic, partitions: t.partitions })) ?? null;
    try {
      const results = broker.controller.electLeaders(type, requested);
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, replicaElectionResults: groupByTopic(results) };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: toApiError(err).errorCode, replicaElectionResults: [] };
    }
  },
});

function groupByTopic(results: PartitionResult[]) {
  const byTopic = new Map<string, Array<{ partitionId: number; errorCode: number; errorMessage: string | null }>>();
  for (const r of results) {
    const list = byTopic.get(r.topic) ?? [];
    list.push({ partitionId: r.partition, errorCode: r.errorCode, errorMessage: r.errorMessage });
    byTopic.set(r.topic, list);
  }
  return [...byTopic].map(([topic, partitionResult]) => ({ topic, partitionResult }));
}
