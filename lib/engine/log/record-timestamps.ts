import { TIMESTAMP_TYPE_MASK, COMPRESSION_MASK } from "../../protocol/records/batch-header";
import { decodeRecordBatch } from "../../protocol/records/record-batch";
import type { BatchInfo } from "./batch-scan";
import { walkRecords } from "./record-walk";

/**
 * The first record of a stored batch with timestamp >= `timestamp` and offset >= `minOffset`
 * (ListOffsets by timestamp). Under LogAppendTime every record carries the batch's maxTimestamp,
 * as Kafka defines it. Uncompressed batches are walked in place; compressed ones are decoded.
 */
export function firstRecordAtOrAfter(
  batch: Buffer,
  info: BatchInfo,
  timestamp: bigint,
  minOffset: bigint,
): { offset: bigint; timestamp: bigint } | undefined {
  const logAppendTime = (info.attributes & TIMESTAMP_TYPE_MASK) !== 0;
  let found: { offset: bigint; timestamp: bigint } | undefined;
  const consider = (offsetDelta: number, recordTimestamp: bigint): void => {
    if (found) return;
    const offset = info.baseOffset + BigInt(offsetDelta);
    const ts = logAppendTime ? info.maxTimestamp : recordTimestamp;
    if (offset >= minOffset && ts >= timestamp) found = { offset, timestamp: ts };
  };
  if ((info.attributes & COMPRESSION_MASK) === 0) {
    walkRecords(batch, 0, batch.length, info.recordCount, (r) =>
      consider(r.offsetDelta, info.baseTimestamp + BigInt(r.timestampDelta)),
    );
  } else {
    for (const r of decodeRecordBatch(batch, 0).records) consider(r.offsetDelta, info.baseTimestamp + r.timestampDelta);
  }
  return found;
}
