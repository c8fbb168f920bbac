import { ErrorCode } from "../../protocol/error-codes";
import {
  BATCH_HEADER_SIZE,
  BATCH_LOG_OVERHEAD,
  type BatchHeader,
  BatchOffset,
  COMPRESSION_MASK,
  CONTROL_MASK,
  CURRENT_MAGIC,
  isBatchCrcValid,
} from "../../protocol/records/batch-header";
import { type BatchDefect, InvalidBatchError, validateBatchForAppend } from "../../protocol/records/batch-validation";
import { type BatchInfo, MIN_BATCH_LENGTH, parseBatchInfo } from "./batch-scan";
import { corruptMessage, invalidRecord, LogError } from "./log-error";

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
 *
 * Each batch's bytes are checked once: the CRC and, for leader appends, one allocation-free walk
 * over its records (lib/protocol's validateBatchForAppend, which also checks the CRC).
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
  checkFraming(records, pos, options.maxMessageBytes);
  const info = options.checkRecords ? checkRecords(records, pos, options.requireKeys) : checkHeader(records, pos);
  if ((info.attributes & CONTROL_MASK) !== 0 && !options.allowControl)
    throw invalidRecord("control batches may not be produced by clients");
  return info;
}

/** Length, size limit, magic and offset range: what must hold before the batch's bytes are read. */
function checkFraming(records: Buffer, pos: number, maxMessageBytes: number): void {
  const remaining = records.length - pos;
  if (remaining < BATCH_HEADER_SIZE)
    throw corruptMessage(`record batch truncated: ${remaining} bytes left for a header`);
  const batchLength = records.readInt32BE(pos + BatchOffset.batchLength);
  if (batchLength < MIN_BATCH_LENGTH) throw corruptMessage(`record batch length ${batchLength} too small`);
  const size = batchLength + BATCH_LOG_OVERHEAD;
  if (size <= remaining && size > maxMessageBytes) {
    throw new LogError(
      ErrorCode.MESSAGE_TOO_LARGE,
      `record batch of ${size} bytes exceeds max.message.bytes ${maxMessageBytes}`,
    );
  }
  if (size > remaining) throw corruptMessage(`record batch length ${batchLength} overruns the ${remaining} bytes sent`);
  const magic = records.readInt8(pos + BatchOffset.magic);
  if (magic !== CURRENT_MAGIC) throw corruptMessage(`record batch magic ${magic}, only ${CURRENT_MAGIC} is supported`);
  const lastOffsetDelta = records.readInt32BE(pos + BatchOffset.lastOffsetDelta);
  if (lastOffsetDelta < 0) throw corruptMessage(`negative lastOffsetDelta ${lastOffsetDelta}`);
}

/** Follower appends: CRC and codec only, records are trusted. */
function checkHeader(records: Buffer, pos: number): BatchInfo {
  const info = parseBatchInfo(records, pos, pos);
  if (!isBatchCrcValid(records, pos)) throw corruptMessage("record batch CRC mismatch");
  if ((info.attributes & COMPRESSION_MASK) > MAX_COMPRESSION_ID)
    throw corruptMessage(`unknown compression codec ${info.attributes & COMPRESSION_MASK}`);
  return info;
}

/**
 * Leader appends: CRC, codec, record count = lastOffsetDelta + 1, every record well formed with
 * offset deltas 0..n-1, and keys present if required. Malformed records are CORRUPT_MESSAGE here
 * (lib/protocol calls them INVALID_RECORD); counts and offset deltas are INVALID_RECORD.
 */
function checkRecords(records: Buffer, pos: number, requireKeys: boolean): BatchInfo {
  let header: BatchHeader;
  try {
    const batch = validateBatchForAppend(records, pos);
    if (requireKeys && batch.hasNullKey && !batch.isControl)
      throw invalidRecord("compacted topic cannot accept a record without a key");
    header = batch.header;
  } catch (error) {
    if (!(error instanceof InvalidBatchError)) throw error;
    throw isInconsistentCount(error.defect) ? invalidRecord(error.message) : corruptMessage(error.message);
  }
  return {
    position: pos,
    size: header.batchLength + BATCH_LOG_OVERHEAD,
    baseOffset: header.baseOffset,
    lastOffset: header.baseOffset + BigInt(header.lastOffsetDelta),
    maxTimestamp: header.maxTimestamp,
    baseTimestamp: header.baseTimestamp,
    attributes: header.attributes,
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    recordCount: header.recordCount,
    magic: header.magic,
  };
}

function isInconsistentCount(defect: BatchDefect | undefined): boolean {
  return defect === "recordCount" || defect === "offsetDelta";
}
