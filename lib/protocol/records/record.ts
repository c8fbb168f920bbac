import { sizeOfVarint, sizeOfVarlong, writeVarint, writeVarlong } from "../primitives/varint";
import { ProtocolError } from "../protocol-error";
import { type ByteCursor, readLengthAt, readVarintAt, readVarlongAt } from "./cursor";

/**
 * One record inside a record batch v2 (Kafka's DefaultRecord). All varints are zig-zag signed.
 *
 *   length          varint   bytes of everything below
 *   attributes      int8     unused, 0
 *   timestampDelta  varlong  vs the batch's baseTimestamp
 *   offsetDelta     varint   vs the batch's baseOffset
 *   keyLength       varint   -1 = null key
 *   key             bytes
 *   valueLength     varint   -1 = null value
 *   value           bytes
 *   headersCount    varint
 *   headers         [headerKeyLength varint (>= 0), headerKey UTF-8,
 *                    headerValueLength varint (-1 = null), headerValue bytes]
 */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface KafkaRecord {
  attributes: number;
  timestampDelta: bigint;
  offsetDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** The fewest bytes one record can take: a one-byte varint for each of its 7 fields. */
export const MIN_RECORD_BYTES = 7;
/** The fewest bytes one header can take: key length 0 and value length -1. */
export const MIN_HEADER_BYTES = 2;
const NULL_LENGTH = -1;

function sizeOfNullableBytes(bytes: Uint8Array | null): number {
  return bytes === null ? 1 : sizeOfVarint(bytes.byteLength) + bytes.byteLength;
}

const INT32_MIN_BIG = -(2n ** 31n);
const INT32_MAX_BIG = 2n ** 31n - 1n;

/**
 * Zig-zag varlong and varint encodings coincide for values in int32 range, so small timestamp
 * deltas (nearly all of them) take the cheaper number path; the bytes are identical.
 */
function isInt32(value: bigint): boolean {
  return value >= INT32_MIN_BIG && value <= INT32_MAX_BIG;
}

function sizeOfTimestampDelta(delta: bigint): number {
  return isInt32(delta) ? sizeOfVarint(Number(delta)) : sizeOfVarlong(delta);
}

function writeTimestampDelta(buf: Buffer, pos: number, delta: bigint): number {
  return isInt32(delta) ? writeVarint(buf, pos, Number(delta)) : writeVarlong(buf, pos, delta);
}

/** Size of the record without its leading length varint. */
export function sizeOfRecordBody(record: KafkaRecord, headerKeys: Buffer[]): number {
  let size = 1 + sizeOfTimestampDelta(record.timestampDelta) + sizeOfVarint(record.offsetDelta);
  size += sizeOfNullableBytes(record.key) + sizeOfNullableBytes(record.value);
  const headers = record.headers;
  size += sizeOfVarint(headers.length);
  for (let i = 0; i < headers.length; i++) {
    size += sizeOfNullableBytes(headerKeys[i]!) + sizeOfNullableBytes(headers[i]!.value);
  }
  return size;
}

/** Encoded size of the record, length prefix included. */
export function sizeOfRecord(bodySize: number): number {
  return sizeOfVarint(bodySize) + bodySize;
}

/** Below this many bytes a plain loop beats TypedArray.set's call overhead. */
const SMALL_COPY_BYTES = 16;

function writeNullableBytes(buf: Buffer, pos: number, bytes: Uint8Array | null): number {
  if (bytes === null) return writeVarint(buf, pos, NULL_LENGTH);
  const length = bytes.byteLength;
  const next = writeVarint(buf, pos, length);
  if (length < SMALL_COPY_BYTES) {
    for (let i = 0; i < length; i++) buf[next + i] = bytes[i]!;
  } else {
    buf.set(bytes, next);
  }
  return next + length;
}

/** Writes the record (length prefix included) at `pos`; the caller sized `buf`. Returns the next position. */
export function writeRecord(
  buf: Buffer,
  pos: number,
  record: KafkaRecord,
  headerKeys: Buffer[],
  bodySize: number,
): number {
  let p = writeVarint(buf, pos, bodySize);
  buf[p++] = record.attributes & 0xff;
  p = writeTimestampDelta(buf, p, record.timestampDelta);
  p = writeVarint(buf, p, record.offsetDelta);
  p = writeNullableBytes(buf, p, record.key);
  p = writeNullableBytes(buf, p, record.value);
  const headers = record.headers;
  p = writeVarint(buf, p, headers.length);
  for (let i = 0; i < headers.length; i++) {
    p = writeNullableBytes(buf, p, headerKeys[i]!);
    p = writeNullableBytes(buf, p, headers[i]!.value);
  }
  return p;
}

/** Reads a length-prefixed byte field; null for length -1. The Buffer is a view into `buf`. */
function readNullableBytesAt(buf: Buffer, c: ByteCursor, field: string): Buffer | null {
  const length = readLengthAt(c, field);
  if (length === NULL_LENGTH) return null;
  const start = c.pos;
  c.pos += length;
  return buf.subarray(start, c.pos);
}

function readHeadersAt(buf: Buffer, c: ByteCursor): RecordHeader[] {
  const count = readVarintAt(c);
  if (count < 0 || count > (c.end - c.pos) / MIN_HEADER_BYTES) {
    throw new ProtocolError(`invalid record header count ${count}`);
  }
  const headers = new Array<RecordHeader>(count);
  for (let i = 0; i < count; i++) {
    const key = readNullableBytesAt(buf, c, "header key");
    if (key === null) throw new ProtocolError("record header key is null");
    headers[i] = { key: key.toString("utf8"), value: readNullableBytesAt(buf, c, "header value") };
  }
  return headers;
}

/**
 * Reads the record at the cursor, which must end at or before the cursor's end, and leaves the
 * cursor after it. Keys, values and header values are views into `buf` (no copy): they keep `buf`
 * alive. Throws ProtocolError on any inconsistency, including a record whose fields do not use
 * exactly its declared length.
 */
export function readRecord(buf: Buffer, c: ByteCursor): KafkaRecord {
  const length = readVarintAt(c);
  if (length < 1 || length > c.end - c.pos) {
    throw new ProtocolError(`record length ${length} does not fit the ${c.end - c.pos} bytes left`);
  }
  const outerEnd = c.end;
  const recordEnd = c.pos + length;
  c.end = recordEnd;
  const attributes = buf[c.pos++]!;
  const timestampDelta = readVarlongAt(c);
  const offsetDelta = readVarintAt(c);
  const key = readNullableBytesAt(buf, c, "key");
  const value = readNullableBytesAt(buf, c, "value");
  const headers = readHeadersAt(buf, c);
  if (c.pos !== recordEnd) {
    throw new ProtocolError(`record declares ${length} bytes but its fields use ${length - (recordEnd - c.pos)}`);
  }
  c.end = outerEnd;
  const delta = typeof timestampDelta === "bigint" ? timestampDelta : BigInt(timestampDelta);
  return { attributes, timestampDelta: delta, offsetDelta, key, value, headers };
}
