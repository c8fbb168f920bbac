import { TIMESTAMP_TYPE_MASK, readBatchHeader } from "../../protocol/records/batch-header";
import { recordBytesOf } from "../../protocol/records/record-batch";
import { RecordScanner } from "../../protocol/records/record-scanner";
import type { BatchInfo } from "./batch-scan";

/**
 * The first record of a stored batch with timestamp >= `timestamp` and offset >= `minOffset`
 * (ListOffsets by timestamp). Under LogAppendTime every record carries the batch's maxTimestamp,
 * as Kafka defines it. Records are walked in place (decompressed first if needed), without
 * building record objects.
 */
export function firstRecordAtOrAfter(
  batch: Buffer,
  info: BatchInfo,
  timestamp: bigint,
  minOffset: bigint,
): { offset: bigint; timestamp: bigint } | undefined {
  const logAppendTime = (info.attributes & TIMESTAMP_TYPE_MASK) !== 0;
  const scanner = new RecordScanner(recordBytesOf(batch, 0, readBatchHeader(batch, 0)));
  for (let i = 0; i < info.recordCount; i++) {
    scanner.next();
    const offset = info.baseOffset + BigInt(scanner.offsetDelta);
    const ts = logAppendTime ? info.maxTimestamp : info.baseTimestamp + BigInt(scanner.timestampDelta);
    if (offset >= minOffset && ts >= timestamp) return { offset, timestamp: ts };
  }
  return undefined;
}
