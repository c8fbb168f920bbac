import { compress, decompress } from "../compression/compression";
import { DECOMPRESSED_BATCH_MAX_BYTES } from "../compression/codec";
import { ProtocolError } from "../protocol-error";
import {
  BATCH_HEADER_SIZE,
  BATCH_LOG_OVERHEAD,
  BatchOffset,
  COMPRESSION_MASK,
  CONTROL_MASK,
  CURRENT_MAGIC,
  CompressionType,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  TimestampType,
  readBatchHeader,
  type BatchHeader,
} from "./batch-header";
import { crc32c } from "./crc32c";
import { ByteCursor } from "./cursor";
import { MIN_RECORD_BYTES, readRecord, sizeOfRecord, sizeOfRecordBody, writeRecord, type KafkaRecord } from "./record";
import type { RecordHeader } from "./record";

/**
 * Record batches v2 (magic 2, Kafka's DefaultRecordBatch): the 61-byte header described in
 * batch-header.ts followed by `recordCount` records (record.ts), compressed as one block when the
 * attributes name a codec. The CRC-32C covers bytes 21 (attributes) to the end of the batch.
 */
export type { KafkaRecord, RecordHeader } from "./record";

export interface RecordBatch extends BatchHeader {
  records: KafkaRecord[];
}

export interface RecordInput {
  key?: Buffer | null;
  value?: Buffer | null;
  headers?: RecordHeader[];
  /** Absolute timestamp (ms); defaults to the batch's baseTimestamp. */
  timestamp?: bigint;
  /** Defaults to the record's index; must increase from record to record. */
  offsetDelta?: number;
}

export interface BatchInput {
  records: RecordInput[];
  baseOffset?: bigint;
  partitionLeaderEpoch?: number;
  compression?: CompressionType;
  timestampType?: TimestampType;
  isTransactional?: boolean;
  isControl?: boolean;
  /** Defaults to the first record's timestamp, else now. */
  baseTimestamp?: bigint;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
}

/** Kafka's RecordBatch.NO_PRODUCER_ID / NO_PRODUCER_EPOCH / NO_SEQUENCE / NO_PARTITION_LEADER_EPOCH. */
export const NO_PRODUCER_ID = -1n;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;

const INT16_MIN = -0x8000;
const INT16_MAX = 0x7fff;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

function checkInt(value: number, min: number, max: number, field: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ProtocolError(`${field} ${value} is not an integer in [${min}, ${max}]`, { field });
  }
  return value;
}

function checkInt64(value: bigint, field: string): bigint {
  if (BigInt.asIntN(64, value) !== value) throw new ProtocolError(`${field} ${value} is outside int64`, { field });
  return value;
}

const NO_HEADER_KEYS: Buffer[] = [];

interface PreparedRecord {
  record: KafkaRecord;
  headerKeys: Buffer[];
  bodySize: number;
}

function prepareRecords(input: BatchInput, baseTimestamp: bigint): PreparedRecord[] {
  let previousDelta = -1;
  return input.records.map((r, index) => {
    const offsetDelta = checkInt(r.offsetDelta ?? index, 0, INT32_MAX, "offsetDelta");
    if (offsetDelta <= previousDelta) throw new ProtocolError(`offsetDelta ${offsetDelta} does not increase`);
    previousDelta = offsetDelta;
    const timestamp = checkInt64(r.timestamp ?? baseTimestamp, "timestamp");
    const headers = r.headers ?? [];
    const record: KafkaRecord = {
      attributes: 0,
      timestampDelta: checkInt64(timestamp - baseTimestamp, "timestampDelta"),
      offsetDelta,
      key: r.key ?? null,
      value: r.value ?? null,
      headers,
    };
    const headerKeys = headers.length === 0 ? NO_HEADER_KEYS : headers.map((header) => Buffer.from(header.key, "utf8"));
    return { record, headerKeys, bodySize: sizeOfRecordBody(record, headerKeys) };
  });
}

/** The records, written after `headroom` bytes left for the batch header. */
function encodeRecords(prepared: PreparedRecord[], headroom: number): Buffer {
  let size = headroom;
  for (const p of prepared) size += sizeOfRecord(p.bodySize);
  const out = Buffer.allocUnsafe(size);
  let pos = headroom;
  for (const p of prepared) pos = writeRecord(out, pos, p.record, p.headerKeys, p.bodySize);
  return out;
}

function attributesOf(input: BatchInput, compression: CompressionType): number {
  let attributes = compression;
  if ((input.timestampType ?? TimestampType.CreateTime) === TimestampType.LogAppendTime)
    attributes |= TIMESTAMP_TYPE_MASK;
  if (input.isTransactional) attributes |= TRANSACTIONAL_MASK;
  if (input.isControl) attributes |= CONTROL_MASK;
  return attributes;
}

/**
 * Encodes a batch: lastOffsetDelta, maxTimestamp and the CRC are computed; records are compressed
 * with `input.compression`. Throws ProtocolError for values that do not fit their wire types.
 */
export function encodeRecordBatch(input: BatchInput): Buffer {
  const compression = input.compression ?? CompressionType.None;
  if (compression !== (compression & COMPRESSION_MASK) || compression > CompressionType.Zstd) {
    throw new ProtocolError(`unknown compression type ${compression}`);
  }
  const firstTimestamp = input.records[0]?.timestamp;
  const baseTimestamp = checkInt64(input.baseTimestamp ?? firstTimestamp ?? BigInt(Date.now()), "baseTimestamp");
  const prepared = prepareRecords(input, baseTimestamp);
  let out: Buffer;
  if (compression === CompressionType.None) {
    out = encodeRecords(prepared, BATCH_HEADER_SIZE); // records written in place: no copy
  } else {
    const payload = compress(compression, encodeRecords(prepared, 0));
    out = Buffer.allocUnsafe(BATCH_HEADER_SIZE + payload.byteLength);
    payload.copy(out, BATCH_HEADER_SIZE);
  }
  writeHeader(out, input, compression, baseTimestamp, prepared);
  out.writeUInt32BE(crc32c(out.subarray(BatchOffset.attributes)), BatchOffset.crc);
  return out;
}

/** Fills bytes 0..60 except the CRC. */
function writeHeader(
  out: Buffer,
  input: BatchInput,
  compression: CompressionType,
  baseTimestamp: bigint,
  prepared: PreparedRecord[],
): void {
  let maxDelta = prepared.length === 0 ? 0n : prepared[0]!.record.timestampDelta;
  for (const p of prepared) if (p.record.timestampDelta > maxDelta) maxDelta = p.record.timestampDelta;
  const leaderEpoch = input.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH;
  out.writeBigInt64BE(checkInt64(input.baseOffset ?? 0n, "baseOffset"), BatchOffset.baseOffset);
  out.writeInt32BE(out.byteLength - BATCH_LOG_OVERHEAD, BatchOffset.batchLength);
  out.writeInt32BE(
    checkInt(leaderEpoch, INT32_MIN, INT32_MAX, "partitionLeaderEpoch"),
    BatchOffset.partitionLeaderEpoch,
  );
  out.writeInt8(CURRENT_MAGIC, BatchOffset.magic);
  out.writeInt16BE(attributesOf(input, compression), BatchOffset.attributes);
  out.writeInt32BE(prepared.at(-1)?.record.offsetDelta ?? 0, BatchOffset.lastOffsetDelta);
  out.writeBigInt64BE(baseTimestamp, BatchOffset.baseTimestamp);
  out.writeBigInt64BE(checkInt64(baseTimestamp + maxDelta, "maxTimestamp"), BatchOffset.maxTimestamp);
  out.writeBigInt64BE(checkInt64(input.producerId ?? NO_PRODUCER_ID, "producerId"), BatchOffset.producerId);
  const epoch = input.producerEpoch ?? NO_PRODUCER_EPOCH;
  out.writeInt16BE(checkInt(epoch, INT16_MIN, INT16_MAX, "producerEpoch"), BatchOffset.producerEpoch);
  const sequence = input.baseSequence ?? NO_SEQUENCE;
  out.writeInt32BE(checkInt(sequence, INT32_MIN, INT32_MAX, "baseSequence"), BatchOffset.baseSequence);
  out.writeInt32BE(prepared.length, BatchOffset.recordCount);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Reads the header of the batch at `pos` and checks what every reader must: magic 2, a length that
 * fits, a known codec, a sane record count, and the CRC.
 */
export function readCheckedBatchHeader(buf: Uint8Array, pos = 0): BatchHeader {
  const header = readBatchHeader(buf, pos);
  if (header.magic !== CURRENT_MAGIC) {
    throw new ProtocolError(`record batch magic ${header.magic} is not supported (only ${CURRENT_MAGIC})`);
  }
  if ((header.attributes & COMPRESSION_MASK) > CompressionType.Zstd) {
    throw new ProtocolError(`unknown compression type ${header.attributes & COMPRESSION_MASK}`);
  }
  if (header.recordCount < 0) throw new ProtocolError(`negative record count ${header.recordCount}`);
  const end = pos + header.batchLength + BATCH_LOG_OVERHEAD;
  const crc = crc32c(buf.subarray(pos + BatchOffset.attributes, end));
  if (crc !== header.crc) {
    throw new ProtocolError(
      `record batch CRC mismatch: stored 0x${header.crc.toString(16)}, computed 0x${crc.toString(16)}`,
    );
  }
  return header;
}

/**
 * The uncompressed record bytes of the batch at `pos`: a view when the batch is not compressed
 * (already in memory, so not bounded), else decompressed to at most `maxBytes`.
 */
export function recordBytesOf(
  buf: Uint8Array,
  pos: number,
  header: BatchHeader,
  maxBytes = DECOMPRESSED_BATCH_MAX_BYTES,
): Buffer {
  const section = asBuffer(buf).subarray(pos + BATCH_HEADER_SIZE, pos + header.batchLength + BATCH_LOG_OVERHEAD);
  const compression = header.attributes & COMPRESSION_MASK;
  return compression === CompressionType.None ? section : decompress(compression, section, maxBytes);
}

/**
 * Decodes the batch at `pos`: verifies magic and CRC, decompresses (at most
 * DECOMPRESSED_BATCH_MAX_BYTES) and reads every record. Record keys and values are views into `buf`
 * or into the decompressed bytes. Throws ProtocolError on anything malformed.
 */
export function decodeRecordBatch(buf: Uint8Array, pos = 0): RecordBatch {
  const header = readCheckedBatchHeader(buf, pos);
  const bytes = recordBytesOf(buf, pos, header);
  if (header.recordCount > bytes.byteLength / MIN_RECORD_BYTES) {
    throw new ProtocolError(`record count ${header.recordCount} cannot fit in ${bytes.byteLength} bytes of records`);
  }
  const records = new Array<KafkaRecord>(header.recordCount);
  const cursor = new ByteCursor(bytes, 0, bytes.byteLength);
  for (let i = 0; i < header.recordCount; i++) records[i] = readRecord(bytes, cursor);
  if (cursor.pos !== bytes.byteLength) {
    throw new ProtocolError(
      `${bytes.byteLength - cursor.pos} bytes left after the batch's ${header.recordCount} records`,
    );
  }
  return { ...header, records };
}

/**
 * Walks concatenated batches (a RECORDS field, a segment slice) without decoding records or
 * checking CRCs. Stops cleanly at a trailing partial batch, which Kafka's fetch may return when a
 * batch is larger than the bytes asked for. Throws ProtocolError when a complete batch's header is
 * not sane: a length shorter than a header, or a magic other than 2.
 */
export function* iterateBatches(buf: Uint8Array): Generator<{ pos: number; header: BatchHeader }> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  while (buf.byteLength - pos >= BATCH_LOG_OVERHEAD) {
    const batchLength = view.getInt32(pos + BatchOffset.batchLength);
    if (batchLength < BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD) {
      throw new ProtocolError(`record batch at byte ${pos} has length ${batchLength}, shorter than its header`);
    }
    if (batchLength + BATCH_LOG_OVERHEAD > buf.byteLength - pos) return;
    const header = readBatchHeader(buf, pos);
    if (header.magic !== CURRENT_MAGIC) {
      throw new ProtocolError(
        `record batch at byte ${pos} has magic ${header.magic}, only ${CURRENT_MAGIC} is supported`,
      );
    }
    yield { pos, header };
    pos += batchLength + BATCH_LOG_OVERHEAD;
  }
}
