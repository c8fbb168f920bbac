import { ErrorCode } from "../../protocol/error-codes";
import {
  BATCH_HEADER_SIZE,
  BATCH_LOG_OVERHEAD,
  BatchOffset,
  COMPRESSION_MASK,
  CONTROL_MASK,
  CURRENT_MAGIC,
} from "../../protocol/records/batch-header";
import { crc32c } from "../../protocol/records/crc32c";
import { decodeRecordBatch } from "../../protocol/records/record-batch";
import { type BatchInfo, MIN_BATCH_LENGTH, parseBatchInfo } from "./batch-scan";
import { corruptMessage, invalidRecord, LogError } from "./log-error";
import { walkRecords } from "./record-walk";

/** Highest compression codec id Kafka defines (zstd). */
export const MAX_COMPRESSION_ID = 4;

export interface ValidationOptions {
  /** max.message.bytes: largest batch accepted. */
  maxMessageBytes: number;
  /** Compacted topics refuse records without a key (Kafka's LogValidator). */
  requireKeys: boolean;
  /** Leader appends check every record (count, offset deltas); follower appends trust the leader. */
  checkRecords: boolean;
  /** Control batches (transaction markers) may only come from the broker itself. */
  allowControl: boolean;
}

/**
 * Checks every batch of `records` (a RECORDS field: concatenated record batches v2) before anything
 * is appended, and returns their headers with positions relative to `records`. Throws LogError:
 * CORRUPT_MESSAGE (truncated, bad length, bad magic, bad CRC, unreadable records),
 * MESSAGE_TOO_LARGE (batch over max.message.bytes), INVALID_RECORD (record count or offset deltas
 * inconsistent with the header, a control batch from a client, a null key on a compacted topic).
 */
export function validateBatches(records: Buffer, options: ValidationOptions): BatchInfo[] {
  if (records.length === 0) throw invalidRecord("no record batches");
  const batches: BatchInfo[] = [];
  let pos = 0;
  while (pos < records.length) {
    const info = validateBatch(records, pos, options);
    batches.push(info);
    pos += info.size;
  }
  return batches;
}

function validateBatch(records: Buffer, pos: number, options: ValidationOptions): BatchInfo {
  const remaining = records.length - pos;
  if (remaining < BATCH_HEADER_SIZE)
    throw corruptMessage(`record batch truncated: ${remaining} bytes left for a header`);
  const batchLength = records.readInt32BE(pos + BatchOffset.batchLength);
  if (batchLength < MIN_BATCH_LENGTH) throw corruptMessage(`record batch length ${batchLength} too small`);
  if (batchLength + BATCH_LOG_OVERHEAD <= remaining && batchLength + BATCH_LOG_OVERHEAD > options.maxMessageBytes) {
    throw new LogError(
      ErrorCode.MESSAGE_TOO_LARGE,
      `record batch of ${batchLength + BATCH_LOG_OVERHEAD} bytes exceeds max.message.bytes ${options.maxMessageBytes}`,
    );
  }
  if (batchLength + BATCH_LOG_OVERHEAD > remaining)
    throw corruptMessage(`record batch length ${batchLength} overruns the ${remaining} bytes sent`);
  const info = parseBatchInfo(records, pos, pos);
  if (info.magic !== CURRENT_MAGIC)
    throw corruptMessage(`record batch magic ${info.magic}, only ${CURRENT_MAGIC} is supported`);
  const stored = records.readUInt32BE(pos + BatchOffset.crc);
  if (crc32c(records.subarray(pos + BatchOffset.attributes, pos + info.size)) !== stored)
    throw corruptMessage("record batch CRC mismatch");
  if ((info.attributes & COMPRESSION_MASK) > MAX_COMPRESSION_ID)
    throw corruptMessage(`unknown compression codec ${info.attributes & COMPRESSION_MASK}`);
  if ((info.attributes & CONTROL_MASK) !== 0 && !options.allowControl)
    throw invalidRecord("control batches may not be produced by clients");
  if (info.lastOffset < info.baseOffset)
    throw corruptMessage(`negative lastOffsetDelta ${info.lastOffset - info.baseOffset}`);
  if (options.checkRecords) checkRecords(records, info, options.requireKeys);
  return info;
}

/** Record-level checks: count matches the header, offset deltas are 0..n-1, keys present if required. */
function checkRecords(records: Buffer, info: BatchInfo, requireKeys: boolean): void {
  const expectedLastDelta = Number(info.lastOffset - info.baseOffset);
  if (info.recordCount <= 0 || expectedLastDelta !== info.recordCount - 1) {
    throw invalidRecord(`record count ${info.recordCount} does not match lastOffsetDelta ${expectedLastDelta}`);
  }
  let index = 0;
  const check = (offsetDelta: number, keyIsNull: boolean): void => {
    if (offsetDelta !== index) throw invalidRecord(`record ${index} has offsetDelta ${offsetDelta}`);
    if (requireKeys && keyIsNull && (info.attributes & CONTROL_MASK) === 0) {
      throw invalidRecord("compacted topic cannot accept a record without a key");
    }
    index++;
  };
  try {
    if ((info.attributes & COMPRESSION_MASK) === 0) {
      walkRecords(records, info.position, info.position + info.size, info.recordCount, (r) =>
        check(r.offsetDelta, r.keyIsNull),
      );
    } else {
      const decoded = decodeRecordBatch(records.subarray(info.position, info.position + info.size), 0);
      if (decoded.records.length !== info.recordCount) {
        throw invalidRecord(`record count ${info.recordCount} but ${decoded.records.length} records`);
      }
      for (const r of decoded.records) check(r.offsetDelta, r.key === null);
    }
  } catch (error) {
    if (error instanceof LogError) throw error;
    throw corruptMessage(`malformed records: ${error instanceof Error ? error.message : String(error)}`);
  }
}
