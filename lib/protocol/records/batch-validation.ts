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
import { MIN_RECORD_BYTES } from "./record";
import { recordBytesOf } from "./record-batch";
import { fastWalkRecords } from "./record-fast-walk";
import { RecordScanner } from "./record-scanner";

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
 * decompressed once, bounded by `maxDecompressedBytes`. Every record is walked in place and
 * nothing is allocated per record (record-fast-walk.ts, else RecordScanner).
 */
export type BatchErrorName = "CORRUPT_MESSAGE" | "INVALID_RECORD";

/**
 * Which rule a refused batch broke, finer than Kafka's error name, for callers that map defects
 * to codes of their own (the partition log reports malformed records as CORRUPT_MESSAGE).
 */
export type BatchDefect =
  | "length" // fewer bytes than a header, or a batch length that does not fit them
  | "magic"
  | "crc"
  | "compression" // an unknown codec, or compressed data that cannot be read within the limit
  | "recordCount" // not positive, not lastOffsetDelta + 1, or more than the bytes can hold
  | "offsetDelta" // records not numbered 0..n-1 in order
  | "recordFormat"; // a record whose length or fields overrun, or bytes left after the last record

export class InvalidBatchError extends ProtocolError {
  /** Kafka's error name, for ErrorCode[...] in the broker. */
  readonly errorName: BatchErrorName;
  readonly defect: BatchDefect | undefined;

  constructor(errorName: BatchErrorName, message: string, defect?: BatchDefect) {
    super(message, { field: "records" });
    this.name = "InvalidBatchError";
    this.errorName = errorName;
    this.defect = defect;
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

const corrupt = (message: string, defect: BatchDefect) => new InvalidBatchError("CORRUPT_MESSAGE", message, defect);
const invalid = (message: string, defect: BatchDefect) => new InvalidBatchError("INVALID_RECORD", message, defect);

function checkHeader(buf: Uint8Array, pos: number): BatchHeader {
  if (pos < 0 || buf.byteLength - pos < BATCH_HEADER_SIZE) {
    throw corrupt(
      `record batch has ${Math.max(0, buf.byteLength - pos)} bytes, fewer than its ${BATCH_HEADER_SIZE}-byte header`,
      "length",
    );
  }
  let header: BatchHeader;
  try {
    header = readBatchHeader(buf, pos);
  } catch (error) {
    throw corrupt(error instanceof Error ? error.message : String(error), "length");
  }
  if (header.magic !== CURRENT_MAGIC)
    throw invalid(`record batch magic ${header.magic}, only ${CURRENT_MAGIC} is accepted`, "magic");
  const end = pos + header.batchLength + BATCH_LOG_OVERHEAD;
  const crc = crc32c(buf.subarray(pos + BatchOffset.attributes, end));
  if (crc !== header.crc) {
    throw corrupt(
      `record batch CRC mismatch: stored 0x${header.crc.toString(16)}, computed 0x${crc.toString(16)}`,
      "crc",
    );
  }
  if (compressionOf(header.attributes) > CompressionType.Zstd) {
    throw corrupt(`unknown compression type ${compressionOf(header.attributes)}`, "compression");
  }
  if (header.recordCount <= 0) throw invalid(`invalid record count ${header.recordCount}`, "recordCount");
  if (header.lastOffsetDelta + 1 !== header.recordCount) {
    throw invalid(
      `record count ${header.recordCount} does not match lastOffsetDelta ${header.lastOffsetDelta}`,
      "recordCount",
    );
  }
  return header;
}

interface WalkResult {
  /** Largest timestampDelta seen, kept as a number while every delta is small (no BigInt work). */
  maxDeltaSmall: number;
  maxDeltaBig: bigint | undefined;
  hasNullKey: boolean;
}

function maxDeltaOf(result: WalkResult): bigint {
  const small = BigInt(result.maxDeltaSmall);
  return result.maxDeltaBig !== undefined && result.maxDeltaBig > small ? result.maxDeltaBig : small;
}

/**
 * Walks every record in place (no allocation per record); offsetDeltas must be 0..n-1. The fast
 * walk takes the common shapes; anything it leaves is walked again by RecordScanner, which decides.
 */
function walkRecords(bytes: Uint8Array, recordCount: number): WalkResult {
  if (recordCount > bytes.byteLength / MIN_RECORD_BYTES) {
    throw invalid(`record count ${recordCount} cannot fit in ${bytes.byteLength} bytes of records`, "recordCount");
  }
  const fast = fastWalkRecords(bytes, recordCount);
  if (fast !== undefined) {
    return { maxDeltaSmall: fast.maxTimestampDelta, maxDeltaBig: undefined, hasNullKey: fast.hasNullKey };
  }
  const scanner = new RecordScanner(bytes);
  let maxDeltaSmall = Number.MIN_SAFE_INTEGER;
  let maxDeltaBig: bigint | undefined;
  let hasNullKey = false;
  let i = 0;
  try {
    for (; i < recordCount; i++) {
      scanner.next();
      if (scanner.offsetDelta !== i) throw invalid(`record ${i} has offsetDelta ${scanner.offsetDelta}`, "offsetDelta");
      const delta = scanner.timestampDelta;
      if (typeof delta === "number") {
        if (delta > maxDeltaSmall) maxDeltaSmall = delta;
      } else if (maxDeltaBig === undefined || delta > maxDeltaBig) {
        maxDeltaBig = delta;
      }
      if (scanner.keyIsNull) hasNullKey = true;
    }
  } catch (error) {
    if (error instanceof InvalidBatchError) throw error;
    throw invalid(`record ${i}: ${error instanceof Error ? error.message : String(error)}`, "recordFormat");
  }
  if (scanner.position !== bytes.byteLength) {
    throw invalid(`${bytes.byteLength - scanner.position} bytes left after ${recordCount} records`, "recordFormat");
  }
  return { maxDeltaSmall, maxDeltaBig, hasNullKey };
}

function recordBytes(buf: Uint8Array, pos: number, header: BatchHeader, maxBytes: number): Uint8Array {
  if (compressionOf(header.attributes) === CompressionType.None) {
    return buf.subarray(pos + BATCH_HEADER_SIZE, pos + header.batchLength + BATCH_LOG_OVERHEAD);
  }
  try {
    return recordBytesOf(buf, pos, header, maxBytes);
  } catch (error) {
    throw corrupt(error instanceof Error ? error.message : String(error), "compression");
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
      "length",
    );
  }
  return batch;
}
