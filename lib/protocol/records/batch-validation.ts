import { DECOMPRESSED_BATCH_MAX_BYTES } from "../compression/codec";
import { ProtocolError } from "../protocol-error";
import {
  BATCH_HEADER_SIZE,
  BATCH_LOG_OVERHEAD,
  BatchOffset,
  CONTROL_MASK,
  CURRENT_MAGIC,
  CompressionType,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  TimestampType,
  compressionOf,
  readBatchHeader,
  type BatchHeader,
} from "./batch-header";
import { crc32c } from "./crc32c";
import { ByteCursor, readVarintAt, readVarlongAt } from "./cursor";
import { MIN_RECORD_BYTES } from "./record";
import { recordBytesOf } from "./record-batch";

/**
 * What a broker checks on a produced batch before appending it (Kafka's
 * ProduceRequest.validateRecords and LogValidator), without building any record objects:
 *
 *   CORRUPT_MESSAGE  fewer bytes than a header, a length that does not match the bytes, a CRC that
 *                    does not match, an unknown codec, compressed data that cannot be read or would
 *                    inflate past the limit
 *   INVALID_RECORD   magic other than 2, a record count that is not positive or not
 *                    lastOffsetDelta + 1, a record whose length or fields overrun, offsetDeltas not
 *                    0..n-1 in order, bytes left over after the last record
 *
 * Control batches are reported (`isControl`), not refused: the broker refuses them from clients
 * and writes them itself. Uncompressed batches are walked in place; compressed ones are
 * decompressed once, bounded by `maxDecompressedBytes`.
 */
export type BatchErrorName = "CORRUPT_MESSAGE" | "INVALID_RECORD";

export class InvalidBatchError extends ProtocolError {
  /** Kafka's error name, for ErrorCode[...] in the broker. */
  readonly errorName: BatchErrorName;

  constructor(errorName: BatchErrorName, message: string) {
    super(message, { field: "records" });
    this.name = "InvalidBatchError";
    this.errorName = errorName;
  }
}

export interface AppendValidationOptions {
  maxDecompressedBytes?: number;
}

export interface ValidatedBatch {
  header: BatchHeader;
  /** Bytes of the batch, log overhead included. */
  sizeInBytes: number;
  compression: CompressionType;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  /** Largest baseTimestamp + timestampDelta over the records (the header's maxTimestamp is not trusted). */
  maxRecordTimestamp: bigint;
  /** Whether some record has a null key (compacted topics refuse those). */
  hasNullKey: boolean;
}

const corrupt = (message: string) => new InvalidBatchError("CORRUPT_MESSAGE", message);
const invalid = (message: string) => new InvalidBatchError("INVALID_RECORD", message);

function checkHeader(buf: Uint8Array, pos: number): BatchHeader {
  if (pos < 0 || buf.byteLength - pos < BATCH_HEADER_SIZE) {
    throw corrupt(
      `record batch has ${Math.max(0, buf.byteLength - pos)} bytes, fewer than its ${BATCH_HEADER_SIZE}-byte header`,
    );
  }
  let header: BatchHeader;
  try {
    header = readBatchHeader(buf, pos);
  } catch (error) {
    throw corrupt(error instanceof Error ? error.message : String(error));
  }
  if (header.magic !== CURRENT_MAGIC)
    throw invalid(`record batch magic ${header.magic}, only ${CURRENT_MAGIC} is accepted`);
  const end = pos + header.batchLength + BATCH_LOG_OVERHEAD;
  const crc = crc32c(buf.subarray(pos + BatchOffset.attributes, end));
  if (crc !== header.crc) {
    throw corrupt(`record batch CRC mismatch: stored 0x${header.crc.toString(16)}, computed 0x${crc.toString(16)}`);
  }
  if (compressionOf(header.attributes) > CompressionType.Zstd) {
    throw corrupt(`unknown compression type ${compressionOf(header.attributes)}`);
  }
  if (header.recordCount <= 0) throw invalid(`invalid record count ${header.recordCount}`);
  if (header.lastOffsetDelta + 1 !== header.recordCount) {
    throw invalid(`record count ${header.recordCount} does not match lastOffsetDelta ${header.lastOffsetDelta}`);
  }
  return header;
}

interface WalkResult {
  /** Largest timestampDelta seen, kept as a number while every delta is small (no BigInt work). */
  maxDeltaSmall: number;
  maxDeltaBig: bigint | undefined;
  hasNullKey: boolean;
}

function trackMaxDelta(result: WalkResult, delta: number | bigint): void {
  if (typeof delta === "number") {
    if (delta > result.maxDeltaSmall) result.maxDeltaSmall = delta;
  } else if (result.maxDeltaBig === undefined || delta > result.maxDeltaBig) {
    result.maxDeltaBig = delta;
  }
}

function maxDeltaOf(result: WalkResult): bigint {
  const small = BigInt(result.maxDeltaSmall);
  return result.maxDeltaBig !== undefined && result.maxDeltaBig > small ? result.maxDeltaBig : small;
}

/** Skips a nullable byte field at the cursor; returns its length (-1 for null). */
function skipBytes(c: ByteCursor, field: string): number {
  const length = readVarintAt(c);
  if (length < -1 || length > c.end - c.pos) throw invalid(`record ${field} length ${length} overruns`);
  if (length > 0) c.pos += length;
  return length;
}

/** Walks the record at the cursor (index `index`) and leaves the cursor after it. */
function walkRecord(c: ByteCursor, index: number, result: WalkResult): void {
  const length = readVarintAt(c);
  if (length < 1 || length > c.end - c.pos) {
    throw invalid(`record ${index}: record length ${length} does not fit the ${c.end - c.pos} bytes left`);
  }
  const outerEnd = c.end;
  const recordEnd = c.pos + length;
  c.end = recordEnd;
  c.pos++; // attributes, unused
  trackMaxDelta(result, readVarlongAt(c));
  const offsetDelta = readVarintAt(c);
  if (offsetDelta !== index) throw invalid(`record ${index} has offsetDelta ${offsetDelta}`);
  if (skipBytes(c, "key") === -1) result.hasNullKey = true;
  skipBytes(c, "value");
  const headerCount = readVarintAt(c);
  if (headerCount < 0) throw invalid(`record ${index} has header count ${headerCount}`);
  for (let h = 0; h < headerCount; h++) {
    if (skipBytes(c, "header key") === -1) throw invalid(`record ${index} has a null header key`);
    skipBytes(c, "header value");
  }
  if (c.pos !== recordEnd) {
    throw invalid(`record ${index} declares ${length} bytes but its fields use ${length - (recordEnd - c.pos)}`);
  }
  c.end = outerEnd;
}

function walkRecords(bytes: Uint8Array, recordCount: number): WalkResult {
  if (recordCount > bytes.byteLength / MIN_RECORD_BYTES) {
    throw invalid(`record count ${recordCount} cannot fit in ${bytes.byteLength} bytes of records`);
  }
  const result: WalkResult = { maxDeltaSmall: Number.MIN_SAFE_INTEGER, maxDeltaBig: undefined, hasNullKey: false };
  const cursor = new ByteCursor(bytes, 0, bytes.byteLength);
  let i = 0;
  try {
    for (; i < recordCount; i++) walkRecord(cursor, i, result);
  } catch (error) {
    if (error instanceof InvalidBatchError) throw error;
    throw invalid(`record ${i}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (cursor.pos !== bytes.byteLength)
    throw invalid(`${bytes.byteLength - cursor.pos} bytes left after ${recordCount} records`);
  return result;
}

function recordBytes(buf: Uint8Array, pos: number, header: BatchHeader, maxBytes: number): Uint8Array {
  if (compressionOf(header.attributes) === CompressionType.None) {
    return buf.subarray(pos + BATCH_HEADER_SIZE, pos + header.batchLength + BATCH_LOG_OVERHEAD);
  }
  try {
    return recordBytesOf(buf, pos, header, maxBytes);
  } catch (error) {
    throw corrupt(error instanceof Error ? error.message : String(error));
  }
}

/** Validates the batch at `pos` for append; throws InvalidBatchError (a ProtocolError). */
export function validateBatchForAppend(
  buf: Uint8Array,
  pos = 0,
  options: AppendValidationOptions = {},
): ValidatedBatch {
  const header = checkHeader(buf, pos);
  const bytes = recordBytes(buf, pos, header, options.maxDecompressedBytes ?? DECOMPRESSED_BATCH_MAX_BYTES);
  const walk = walkRecords(bytes, header.recordCount);
  return {
    header,
    sizeInBytes: header.batchLength + BATCH_LOG_OVERHEAD,
    compression: compressionOf(header.attributes),
    timestampType: header.attributes & TIMESTAMP_TYPE_MASK ? TimestampType.LogAppendTime : TimestampType.CreateTime,
    isTransactional: (header.attributes & TRANSACTIONAL_MASK) !== 0,
    isControl: (header.attributes & CONTROL_MASK) !== 0,
    maxRecordTimestamp: header.baseTimestamp + maxDeltaOf(walk),
    hasNullKey: walk.hasNullKey,
  };
}

/**
 * Validates a produce request's RECORDS for one partition: since Produce v3 it must hold exactly
 * one batch, and nothing after it (Kafka's ProduceRequest.validateRecords).
 */
export function validateRecordsForAppend(records: Uint8Array, options: AppendValidationOptions = {}): ValidatedBatch {
  const batch = validateBatchForAppend(records, 0, options);
  if (batch.sizeInBytes !== records.byteLength) {
    throw invalid(
      `produce records must hold exactly one batch: ${records.byteLength - batch.sizeInBytes} bytes follow it`,
    );
  }
  return batch;
}
