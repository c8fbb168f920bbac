import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { CLOSE_CONNECTION, NO_RESPONSE, defineHandler } from "../api-handler";

/** acks: 0 = no response, 1 = leader, -1 = all in-sync replicas (Kafka rejects anything else). */
const VALID_ACKS = new Set([0, 1, -1]);

/**
 * Produce v3+ (record batch v2). v0-2 are advertised (librdkafka 2.0.2 enables compression only if
 * Produce v0 is advertised — its issue #4956, the reason Kafka 4.0 does the same) but are never
 * chosen by a client that also sees v3+; an old-format request is refused per partition.
 * A partition led elsewhere gets NOT_LEADER_OR_FOLLOWER with the current leader (v10+, KIP-951).
 * With acks=0 there is no response; if any partition failed the connection is closed instead, so
 * the producer refreshes its metadata (as Kafka does).
 */
export const produceHandler = defineHandler({
  apiKey: ApiKey.Produce,
  minVersion: 0,
  maxVersion: 11,
  handle({ broker, apiVersion }, body) {
    const acks = body.acks;
    const endpoints = new Map<number, { nodeId: number; host: string; port: number; rack: string | null }>();
    const responses = body.topicData.map((topic) => ({
      name: topic.name,
      partitionResponses: topic.partitionData.map((p) => {
        const result =
          !VALID_ACKS.has(acks) || apiVersion < 3
            ? {
                errorCode: VALID_ACKS.has(acks)
                  ? ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT
                  : ErrorCode.INVALID_REQUIRED_ACKS,
                errorMessage: null,
                baseOffset: -1n,
                logAppendTimeMs: -1n,
                logStartOffset: -1n,
              }
            : broker.replicas.appendRecords(topic.name, p.index, p.records, acks, apiVersion);
        if (result.errorCode !== ErrorCode.NOT_LEADER_OR_FOLLOWER)
          return { index: p.index, ...result, recordErrors: [] };
        const { leaderId, leaderEpoch, endpoint } = broker.leaderHint(topic.name, p.index);
        if (endpoint !== undefined)
          endpoints.set(endpoint.id, {
            nodeId: endpoint.id,
            host: endpoint.host,
            port: endpoint.port,
            rack: endpoint.rack,
          });
        return { index: p.index, ...result, recordErrors: [], currentLeader: { leaderId, leaderEpoch } };
      }),
    }));
    if (acks === 0) {
      const failed = responses.some((t) => t.partitionResponses.some((p) => p.errorCode !== ErrorCode.NONE));
      return failed ? CLOSE_CONNECTION : NO_RESPONSE;
    }
    return { responses, throttleTimeMs: 0, nodeEndpoints: [...endpoints.values()] };
  },
});
