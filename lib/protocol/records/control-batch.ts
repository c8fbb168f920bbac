import { type ControlRecordType, encodeControlRecordKey, encodeEndTransactionMarker } from "./control-record";
import { encodeRecordBatch } from "./record-batch";

/**
 * The batch a transaction coordinator's WriteTxnMarkers makes a partition leader append (Kafka's
 * MemoryRecords.withEndTransactionMarker): transactional + control, one uncompressed record whose
 * key is the control type and whose value is the EndTransactionMarker, baseSequence -1.
 */
export interface EndTransactionMarkerBatchInput {
  type: typeof ControlRecordType.ABORT | typeof ControlRecordType.COMMIT;
  coordinatorEpoch: number;
  producerId: bigint;
  producerEpoch: number;
  timestamp: bigint;
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
}

export function encodeEndTransactionMarkerBatch(input: EndTransactionMarkerBatchInput): Buffer {
  return encodeRecordBatch({
    records: [
      {
        key: encodeControlRecordKey(input.type),
        value: encodeEndTransactionMarker(input.coordinatorEpoch),
        timestamp: input.timestamp,
      },
    ],
    baseOffset: input.baseOffset,
    partitionLeaderEpoch: input.partitionLeaderEpoch,
    isTransactional: true,
    isControl: true,
    baseTimestamp: input.timestamp,
    producerId: input.producerId,
    producerEpoch: input.producerEpoch,
  });
}
