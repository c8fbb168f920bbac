import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { listOffset } from "../../broker/offsets";
import { defineHandler } from "../api-handler";

/** The special timestamps and the first ListOffsets version that may use them. */
const SPECIAL_TIMESTAMP_MIN_VERSION = new Map<bigint, number>([
  [-3n, 7],
  [-4n, 8],
  [-5n, 9],
]);

/**
 * ListOffsets v0-10. v0 answers in OldStyleOffsets (at most one offset, as Kafka 4 does for
 * MaxNumOffsets); v1+ in Offset/Timestamp. A partition named twice gets INVALID_REQUEST. Latest is
 * the high watermark for consumers (replicaId -1) and the log end offset for follower brokers.
 */
export const listOffsetsHandler = defineHandler({
  apiKey: ApiKey.ListOffsets,
  minVersion: 0,
  maxVersion: 10,
  handle({ broker, apiVersion }, body) {
    const isolation = apiVersion >= 2 ? body.isolationLevel : 0;
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((topic) => {
        const seen = new Set<number>();
        return {
          name: topic.name,
          partitions: topic.partitions.map((p) => {
            const duplicate = seen.has(p.partitionIndex);
            seen.add(p.partitionIndex);
            const tooNew = (SPECIAL_TIMESTAMP_MIN_VERSION.get(p.timestamp) ?? 0) > apiVersion;
            const r = duplicate
              ? { errorCode: ErrorCode.INVALID_REQUEST, timestamp: -1n, offset: -1n, leaderEpoch: -1 }
              : tooNew
                ? { errorCode: ErrorCode.UNSUPPORTED_VERSION, timestamp: -1n, offset: -1n, leaderEpoch: -1 }
                : listOffset(broker.replicas, topic.name, p.partitionIndex, p.timestamp, isolation, body.replicaId);
            return {
              partitionIndex: p.partitionIndex,
              ...r,
              oldStyleOffsets:
                r.errorCode === ErrorCode.NONE && r.offset >= 0n && p.maxNumOffsets > 0 ? [r.offset] : [],
            };
          }),
        };
      }),
    };
  },
});
