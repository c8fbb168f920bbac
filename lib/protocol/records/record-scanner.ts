import { readVarlong } from "../primitives/varint";
import { ProtocolError } from "../protocol-error";

const NULL_LENGTH = -1;
const MAX_VARINT_BYTES = 5;
/** Up to 7 bytes (49 bits) a varlong is exact in a double; longer ones take the bigint reader. */
const FAST_VARLONG_BYTES = 7;

/**
 * The position after the value the last varintAt/varlongAt call read. A module variable rather
 * than a returned object, so reading a varint allocates nothing (this runs ~8 times per record).
 */
let nextPos = 0;

/**
 * Zig-zag varint in buf[pos, end), 1- and 2-byte encodings (values -8192..8191: nearly every
 * length, delta and count) decoded inline; leaves the following position in nextPos.
 */
function varintAt(buf: Uint8Array, pos: number, end: number): number {
  if (pos < end) {
    const b0 = buf[pos]!;
    if (b0 < 0x80) {
      nextPos = pos + 1;
      return (b0 >>> 1) ^ -(b0 & 1);
    }
    if (pos + 1 < end) {
      const b1 = buf[pos + 1]!;
      if (b1 < 0x80) {
        const raw = (b0 & 0x7f) | (b1 << 7);
        nextPos = pos + 2;
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
  }
  return longVarintAt(buf, pos, end);
}

function longVarintAt(buf: Uint8Array, pos: number, end: number): number {
  let raw = 0;
  for (let shift = 0; shift < 7 * MAX_VARINT_BYTES; shift += 7) {
    if (pos >= end) throw new ProtocolError("varint truncated");
    const byte = buf[pos++]!;
    raw |= (byte & 0x7f) << shift;
    if (byte < 0x80) {
      nextPos = pos;
      return (raw >>> 1) ^ -(raw & 1);
    }
  }
  throw new ProtocolError(`varint longer than ${MAX_VARINT_BYTES} bytes`);
}

/**
 * Zig-zag varlong: a number (exact) when it has at most 7 bytes, else a bigint. Encodings of up to
 * 2 bytes are the same as a varint's.
 */
function varlongAt(buf: Uint8Array, pos: number, end: number): number | bigint {
  if (pos + 1 < end && (buf[pos]! < 0x80 || buf[pos + 1]! < 0x80)) return varintAt(buf, pos, end);
  const start = pos;
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < FAST_VARLONG_BYTES; i++) {
    if (pos >= end) throw new ProtocolError("varlong truncated");
    const byte = buf[pos++]!;
    raw += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      nextPos = pos;
      return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    }
    scale *= 128;
  }
  const long = readVarlong(buf, start, end);
  nextPos = long.next;
  return long.value;
}

/** Skips a nullable byte field whose length varint is at `pos`; returns its length (-1 for null). */
function skipBytesAt(buf: Uint8Array, pos: number, end: number, field: string): number {
  const length = varintAt(buf, pos, end);
  if (length < NULL_LENGTH || length > end - nextPos)
    throw new ProtocolError(`record ${field} length ${length} overruns`);
  if (length > 0) nextPos += length;
  return length;
}

/**
 * An allocation-free walk over a record section (the bytes after a batch's 61-byte header,
 * decompressed): each next() checks one record's framing (format in record.ts) and leaves its
 * small fields on the scanner; keys, values and headers are skipped, never copied or viewed. The
 * broker's hot paths use it: validating a produced batch walks every record of it, where
 * decodeRecordBatch would build an object and views per record.
 *
 * next() throws ProtocolError when the record's length or a field overruns (a field never reads
 * past its record), a header key is null, or the fields do not use exactly the declared length.
 * Same varint encodings and limits as cursor.ts.
 */
export class RecordScanner {
  /** offsetDelta of the record last read. */
  offsetDelta = 0;
  /** timestampDelta of the record last read: a number (exact) for varlongs of up to 7 bytes, else a bigint. */
  timestampDelta: number | bigint = 0;
  /** Whether the record last read has a null key. */
  keyIsNull = false;
  private pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.byteLength,
  ) {
    this.pos = start;
  }

  /** Where the next record starts (the end of the section once every record is read). */
  get position(): number {
    return this.pos;
  }

  /** Reads the next record's framing and small fields. */
  next(): void {
    const buf = this.bytes;
    const length = varintAt(buf, this.pos, this.end);
    let pos = nextPos;
    if (length < 1 || length > this.end - pos) {
      throw new ProtocolError(`record length ${length} does not fit the ${this.end - pos} bytes left`);
    }
    const recordEnd = pos + length;
    pos++; // attributes: unused by record format v2
    const t = buf[pos]!;
    if (t < 0x80 && pos < recordEnd) {
      this.timestampDelta = (t >>> 1) ^ -(t & 1);
      nextPos = pos + 1;
    } else {
      this.timestampDelta = varlongAt(buf, pos, recordEnd);
    }
    this.offsetDelta = varintAt(buf, nextPos, recordEnd);
    this.keyIsNull = skipBytesAt(buf, nextPos, recordEnd, "key") === NULL_LENGTH;
    skipBytesAt(buf, nextPos, recordEnd, "value");
    const headerCount = varintAt(buf, nextPos, recordEnd);
    if (headerCount < 0) throw new ProtocolError(`record header count ${headerCount}`);
    for (let h = 0; h < headerCount; h++) {
      if (skipBytesAt(buf, nextPos, recordEnd, "header key") === NULL_LENGTH) {
        throw new ProtocolError("null header key");
      }
      skipBytesAt(buf, nextPos, recordEnd, "header value");
    }
    pos = nextPos;
    if (pos !== recordEnd) {
      throw new ProtocolError(`record declares ${length} bytes but its fields use ${length - (recordEnd - pos)}`);
    }
    this.pos = pos;
  }
}
