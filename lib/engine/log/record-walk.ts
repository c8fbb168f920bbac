import { BATCH_HEADER_SIZE } from "../../protocol/records/batch-header";

/**
 * A fast walk over the uncompressed records of a batch (record format v2: length varint,
 * attributes int8, timestampDelta varlong, offsetDelta varint, key, value, headers; all varints
 * zig-zag), without allocating records. Used to validate produced batches (count, offset deltas,
 * null keys on compacted topics) and to find record timestamps. Compressed batches are decoded by
 * lib/protocol/records/record-batch instead.
 *
 * Varlongs are read as JS numbers: exact up to 2^53, which covers every real timestamp delta.
 */
export class RecordWalkError extends Error {}

export interface WalkedRecord {
  offsetDelta: number;
  timestampDelta: number;
  keyIsNull: boolean;
  valueIsNull: boolean;
}

class Cursor {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    public end: number,
  ) {}

  /** Zig-zag varlong as a number (also used for varints: a varint is a short varlong). */
  varlong(maxBytes: number): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < maxBytes; i++) {
      if (this.pos >= this.end) throw new RecordWalkError("record truncated");
      const byte = this.buf[this.pos++]!;
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value % 2 === 1 ? -(value + 1) / 2 : value / 2;
      scale *= 128;
    }
    throw new RecordWalkError("varint too long");
  }

  varint(): number {
    return this.varlong(5);
  }

  skip(length: number): void {
    if (length < 0 || this.pos + length > this.end) throw new RecordWalkError("record field overruns the record");
    this.pos += length;
  }

  /** A nullable byte field (length -1 = null); returns true when null. */
  bytesField(): boolean {
    const length = this.varint();
    if (length === -1) return true;
    this.skip(length);
    return false;
  }
}

/**
 * Walks `recordCount` records in buf[batchPos + 61, batchEnd). Throws RecordWalkError when a
 * record overruns, or when bytes remain after the last record.
 */
export function walkRecords(
  buf: Uint8Array,
  batchPos: number,
  batchEnd: number,
  recordCount: number,
  visit: (record: WalkedRecord) => void,
): void {
  const c = new Cursor(buf, batchPos + BATCH_HEADER_SIZE, batchEnd);
  for (let i = 0; i < recordCount; i++) {
    const length = c.varint();
    if (length < 0 || c.pos + length > batchEnd)
      throw new RecordWalkError(`record ${i} length ${length} overruns the batch`);
    const recordEnd = c.pos + length;
    c.end = recordEnd;
    c.skip(1); // attributes
    const timestampDelta = c.varlong(10);
    const offsetDelta = c.varint();
    const keyIsNull = c.bytesField();
    const valueIsNull = c.bytesField();
    const headers = c.varint();
    if (headers < 0) throw new RecordWalkError(`record ${i} has ${headers} headers`);
    for (let h = 0; h < headers; h++) {
      if (c.bytesField()) throw new RecordWalkError(`record ${i} header ${h} has a null key`);
      c.bytesField();
    }
    if (c.pos !== recordEnd) throw new RecordWalkError(`record ${i} length does not match its fields`);
    c.end = batchEnd;
    visit({ offsetDelta, timestampDelta, keyIsNull, valueIsNull });
  }
  if (c.pos !== batchEnd)
    throw new RecordWalkError(`${batchEnd - c.pos} bytes after the last of ${recordCount} records`);
}
