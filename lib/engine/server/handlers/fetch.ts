import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { fetchRecords } from "../../broker/fetch";
import { defineHandler } from "../api-handler";
import { allocateFetchRead } from "../fetch-read-buffers";
import { LeaderHints } from "../leader-hints";

/** Fetch v10 is the first version whose clients can read zstd batches (KIP-110). */
const ZSTD_MIN_FETCH_VERSION = 10;
/** From v13 topics are named by topic id (KIP-516). */
const TOPIC_ID_MIN_FETCH_VERSION = 13;
/** From v15 a follower's id moves from ReplicaId into the tagged ReplicaState (KIP-903). */
const REPLICA_STATE_MIN_FETCH_VERSION = 15;

/**
 * Fetch v0-17. Sessions (v7+) are answered sessionless: SessionId 0 tells the client to send full
 * requests, which Kafka allows (KIP-227). v13+ name topics by id; an unknown id gets
 * UNKNOWN_TOPIC_ID for each of its partitions. A partition led elsewhere gets NOT_LEADER_OR_FOLLOWER
 * with the current leader (v12+) and its endpoint (v16+), as KIP-951 has it. A fetch whose replica id
 * is a broker id comes from a follower: it reads up to the log end offset and reports its position.
 */
export const fetchHandler = defineHandler({
  apiKey: ApiKey.Fetch,
  minVersion: 0,
  maxVersion: 17,
  async handle({ broker, shutdown, apiVersion }, body) {
    const byId = apiVersion >= TOPIC_ID_MIN_FETCH_VERSION;
    const topics = body.topics.map((t) => ({
      ...t,
      topic: byId ? (broker.controller.image.topicsById.get(t.topicId)?.name ?? null) : t.topic,
    }));
    const replicaId = apiVersion >= REPLICA_STATE_MIN_FETCH_VERSION ? body.replicaState.replicaId : body.replicaId;
    const result = await fetchRecords(
      broker.replicas,
      {
        replicaId,
        maxWaitMs: body.maxWaitMs,
        minBytes: body.minBytes,
        maxBytes: body.maxBytes,
        isolationLevel: body.isolationLevel,
        zstdAllowed: apiVersion >= ZSTD_MIN_FETCH_VERSION,
        // Lent buffers: the connection gives them back once the response is written.
        allocate: allocateFetchRead,
        topics: topics.flatMap((t) =>
          t.topic === null
            ? []
            : [
                {
                  topic: t.topic,
                  partitions: t.partitions.map((p) => ({
                    partition: p.partition,
                    fetchOffset: p.fetchOffset,
                    partitionMaxBytes: p.partitionMaxBytes,
                    currentLeaderEpoch: p.currentLeaderEpoch,
                    logStartOffset: p.logStartOffset,
                  })),
                },
              ],
        ),
      },
      shutdown,
    );
    let next = 0;
    const hints = new LeaderHints(broker);
    const responses = topics.map((t) => {
      if (t.topic === null) {
        return {
          topic: "",
          topicId: t.topicId,
          partitions: t.partitions.map((p) => ({
            partitionIndex: p.partition,
            errorCode: ErrorCode.UNKNOWN_TOPIC_ID,
            highWatermark: -1n,
            lastStableOffset: -1n,
            logStartOffset: -1n,
            records: null,
          })),
        };
      }
      const read = result.topics[next++]!;
      return {
        topic: read.topic,
        topicId: t.topicId,
        partitions: read.partitions.map((p) => ({
          partitionIndex: p.partition,
          errorCode: p.errorCode,
          highWatermark: p.highWatermark,
          lastStableOffset: p.lastStableOffset,
          logStartOffset: p.logStartOffset,
          abortedTransactions: body.isolationLevel === 1 ? [] : null,
          preferredReadReplica: -1,
          records: p.records,
          ...(p.errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER
            ? { currentLeader: hints.leaderOf(read.topic, p.partition) }
            : {}),
        })),
      };
    });
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      sessionId: 0,
      responses,
      nodeEndpoints: hints.nodeEndpoints(),
    };
  },
});
