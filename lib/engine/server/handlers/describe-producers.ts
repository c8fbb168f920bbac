import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { toApiError } from "../../controller/api-error";
import { defineHandler } from "../api-handler";

/**
 * DescribeProducers v0: the idempotent producers a partition leader knows (id, epoch, last
 * sequence). No transactions yet, so coordinatorEpoch and currentTxnStartOffset are -1; the last
 * timestamp is not tracked (-1).
 */
export const describeProducersHandler = defineHandler({
  apiKey: ApiKey.DescribeProducers,
  minVersion: 0,
  maxVersion: 0,
  handle({ broker }, body) {
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => {
          try {
            const partition = broker.replicas.leaderPartition(t.name, partitionIndex);
            const activeProducers = partition
              .producers()
              .entries()
              .map((p) => ({
                producerId: p.producerId,
                producerEpoch: p.epoch,
                lastSequence: p.lastSequence,
                lastTimestamp: -1n,
                coordinatorEpoch: -1,
                currentTxnStartOffset: -1n,
              }));
            return { partitionIndex, errorCode: ErrorCode.NONE, errorMessage: null, activeProducers };
          } catch (err) {
            const e = toApiError(err);
            return { partitionIndex, errorCode: e.errorCode, errorMessage: e.message, activeProducers: [] };
          }
        }),
      })),
    };
  },
});
