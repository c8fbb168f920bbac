import { ProtocolError } from "../protocol-error";
import { crc32c } from "./crc32c";

/**
 * The fixed 61-byte header of a record batch, magic 2 (Kafka's DefaultRecordBatch).
 *
 * On the wire and on disk (all big-endian):
 *
 *   offset  field                 type    CRC-covered
 *   0       baseOffset            int64   no   (the broker assigns it)
 *   8       batchLength           int32   no   (bytes after this field)
 *   12      partitionLeaderEpoch  int32   no   (the broker assigns it)
 *   16      magic                 int8    no
 *   17      crc                   uint32  no   (CRC-32C of bytes 21..end)
 *   21      attributes            int16   yes
 *   23      lastOffsetDelta       int32   yes
 *   27      baseTimestamp         int64   yes
 *   35      maxTimestamp          int64   yes
 *   43      producerId            int64   yes
 *   51      producerEpoch         int16   yes
 *   53      baseSequence          int32   yes
 *   57      recordCount           int32   yes
 *   61      records (possibly compressed)
 *
 * These helpers read and patch a batch in place without decoding its records, which is all a
 * broker needs on the produce path: offsets, leader epoch and the CRC range never overlap, so
 * assigning offsets needs no new CRC.
 */
export const BATCH_HEADER_SIZE = 61;
/** baseOffset + batchLength: the bytes not counted by batchLength. */
export const BATCH_LOG_OVERHEAD = 12;
export const CURRENT_MAGIC = 2;

export const BatchOffset = {
  baseOffset: 0,
  batchLength: 8,
  partitionLeaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
} as const;

/** Attribute bits. */
export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_MASK = 0x10;
export const CONTROL_MASK = 0x20;
export const DELETE_HORIZON_MASK = 0x40;

/** Compression codec ids, attribute bits 0-2. */
export const CompressionType = { None: 0, Gzip: 1, Snappy: 2, Lz4: 3, Zstd: 4 } as const;
export type CompressionType = (typeof CompressionType)[keyof typeof CompressionType];

/** Timestamp type, attribute bit 3. */
export const TimestampType = { CreateTime: 0, LogAppendTime: 1 } as const;
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];

export interface BatchHeader {
  baseOffset: bigint;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Reads the header of the batch starting at `pos`. Throws ProtocolError when fewer than
 * BATCH_HEADER_SIZE bytes remain or the batch claims more bytes than `buf` holds past `pos`.
 */
export function readBatchHeader(buf: Uint8Array, pos = 0): BatchHeader {
  if (pos < 0 || buf.byteLength - pos < BATCH_HEADER_SIZE) {
    throw new ProtocolError(`record batch header truncated: ${buf.byteLength - pos} of ${BATCH_HEADER_SIZE} bytes`);
  }
  const v = view(buf);
  const header: BatchHeader = {
    baseOffset: v.getBigInt64(pos + BatchOffset.baseOffset),
    batchLength: v.getInt32(pos + BatchOffset.batchLength),
    partitionLeaderEpoch: v.getInt32(pos + BatchOffset.partitionLeaderEpoch),
    magic: v.getInt8(pos + BatchOffset.magic),
    crc: v.getUint32(pos + BatchOffset.crc),
    attributes: v.getInt16(pos + BatchOffset.attributes),
    lastOffsetDelta: v.getInt32(pos + BatchOffset.lastOffsetDelta),
    baseTimestamp: v.getBigInt64(pos + BatchOffset.baseTimestamp),
    maxTimestamp: v.getBigInt64(pos + BatchOffset.maxTimestamp),
    producerId: v.getBigInt64(pos + BatchOffset.producerId),
    producerEpoch: v.getInt16(pos + BatchOffset.producerEpoch),
    baseSequence: v.getInt32(pos + BatchOffset.baseSequence),
    recordCount: v.getInt32(pos + BatchOffset.recordCount),
  };
  const total = header.batchLength + BATCH_LOG_OVERHEAD;
  if (header.batchLength < BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD || total > buf.byteLength - pos) {
    throw new ProtocolError(
      `record batch length ${header.batchLength} does not fit the ${buf.byteLength - pos} bytes available`,
    );
  }
  return header;
}

/** Total size in bytes (header included) of the batch at `pos`, read from its batchLength. */
export function batchSizeAt(buf: Uint8Array, pos = 0): number {
  return view(buf).getInt32(pos + BatchOffset.batchLength) + BATCH_LOG_OVERHEAD;
}

/** CRC-32C of the CRC-covered range of the batch at `pos` (attributes to the end). */
export function computeBatchCrc(buf: Uint8Array, pos = 0): number {
  const end = pos + batchSizeAt(buf, pos);
  return crc32c(buf.subarray(pos + BatchOffset.attributes, end));
}

/** True when the stored CRC matches the bytes. */
export function isBatchCrcValid(buf: Uint8Array, pos = 0): boolean {
  return view(buf).getUint32(pos + BatchOffset.crc) === computeBatchCrc(buf, pos);
}

/** Writes baseOffset in place. Outside the CRC range: the CRC stays valid. */
export function setBaseOffset(buf: Uint8Array, pos: number, baseOffset: bigint): void {
  view(buf).setBigInt64(pos + BatchOffset.baseOffset, baseOffset);
}

/** Writes partitionLeaderEpoch in place. Outside the CRC range: the CRC stays valid. */
export function setPartitionLeaderEpoch(buf: Uint8Array, pos: number, epoch: number): void {
  view(buf).setInt32(pos + BatchOffset.partitionLeaderEpoch, epoch);
}

/**
 * Marks the batch LogAppendTime with `timestamp` as its maxTimestamp (Kafka's setMaxTimestamp)
 * and recomputes the CRC, since both fields are CRC-covered.
 */
export function setLogAppendTime(buf: Uint8Array, pos: number, timestamp: bigint): void {
  const v = view(buf);
  const attributes = v.getInt16(pos + BatchOffset.attributes);
  v.setInt16(pos + BatchOffset.attributes, attributes | TIMESTAMP_TYPE_MASK);
  v.setBigInt64(pos + BatchOffset.maxTimestamp, timestamp);
  v.setUint32(pos + BatchOffset.crc, computeBatchCrc(buf, pos));
}

/** Offset of the last record of the batch. */
export function lastOffsetOf(header: BatchHeader): bigint {
  return header.baseOffset + BigInt(header.lastOffsetDelta);
}

export function compressionOf(attributes: number): CompressionType {
  return (attributes & COMPRESSION_MASK) as CompressionType;
}
