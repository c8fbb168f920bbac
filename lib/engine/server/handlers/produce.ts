import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import {
  awaitReplication,
  completeReplicated,
  type PendingReplication,
  type ProducePartitionResult,
} from "../../broker/produce-purgatory";
import { CLOSE_CONNECTION, NO_RESPONSE, defineHandler, type RequestContext } from "../api-handler";
import { LeaderHints } from "../leader-hints";

/** acks: 0 = no response, 1 = leader, -1 = all in-sync replicas (Kafka rejects anything else). */
const VALID_ACKS = new Set([0, 1, -1]);

/**
 * Produce v3+ (record batch v2). v0-2 are advertised (librdkafka 2.0.2 enables compression only if
 * Produce v0 is advertised — its issue #4956, the reason Kafka 4.0 does the same) but are never
 * chosen by a client that also sees v3+; an old-format request is refused per partition.
 * A partition led elsewhere gets NOT_LEADER_OR_FOLLOWER with the current leader (v10+, KIP-951).
 * With acks=0 there is no response; if any partition failed the connection is closed instead, so
 * the producer refreshes its metadata (as Kafka does). acks=0/1 answer synchronously; acks=-1
 * waits until the high watermark passes every appended batch, or timeoutMs (DelayedProduce).
 */
export const produceHandler = defineHandler({
  apiKey: ApiKey.Produce,
  minVersion: 0,
  maxVersion: 11,
  handle(context, body) {
    const { broker, apiVersion, shutdown } = context;
    const acks = body.acks;
    const pending: PendingReplication[] = [];
    const results = body.topicData.map((topic) => ({
      name: topic.name,
      partitions: topic.partitionData.map((p) => ({
        index: p.index,
        result:
          !VALID_ACKS.has(acks) || apiVersion < 3
            ? refused(VALID_ACKS.has(acks) ? ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT : ErrorCode.INVALID_REQUIRED_ACKS)
            : broker.replicas.appendRecords(topic.name, p.index, p.records, acks, apiVersion, pending),
      })),
    }));
    if (acks === 0) {
      const failed = results.some((t) => t.partitions.some((p) => p.result.errorCode !== ErrorCode.NONE));
      return failed ? CLOSE_CONNECTION : NO_RESPONSE;
    }
    const waiting = pending.length === 0 ? pending : completeReplicated(broker.replicas, pending);
    if (waiting.length === 0) return respond(context, results);
    return awaitReplication(broker.replicas, waiting, body.timeoutMs, shutdown).then(() => respond(context, results));
  },
});

function refused(errorCode: number): ProducePartitionResult {
  return { errorCode, errorMessage: null, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n };
}

function respond(
  { broker }: RequestContext,
  results: Array<{ name: string; partitions: Array<{ index: number; result: ProducePartitionResult }> }>,
) {
  const hints = new LeaderHints(broker);
  const responses = results.map((topic) => ({
    name: topic.name,
    partitionResponses: topic.partitions.map(({ index, result }) =>
      result.errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER
        ? { index, ...result, recordErrors: [], currentLeader: hints.leaderOf(topic.name, index) }
        : { index, ...result, recordErrors: [] },
    ),
  }));
  return { responses, throttleTimeMs: 0, nodeEndpoints: hints.nodeEndpoints() };
}
