import { ProtocolError } from "../protocol-error";
import { readUnsignedVarint } from "./varint";
import { UUID_BYTES, uuidToString } from "./uuid";

/**
 * A cursor over one frame, bounded to [pos, end). Every read checks the bytes it needs against what
 * remains before touching the buffer, so no input can make it read past the frame (Buffer would
 * throw a RangeError there) or allocate for a length the frame cannot hold.
 */
export class Reader {
  readonly buf: Buffer;
  pos: number;
  readonly end: number;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (pos < 0 || end > bytes.length || pos > end) {
      throw new ProtocolError(`reader bounds [${pos}, ${end}) outside a ${bytes.length}-byte buffer`);
    }
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws unless `count` more bytes remain. */
  need(count: number): void {
    if (count > this.end - this.pos) {
      throw new ProtocolError(`truncated: needs ${count} bytes, ${this.end - this.pos} remain`);
    }
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }

  int16(): number {
    this.need(2);
    const value = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return value;
  }

  uint16(): number {
    this.need(2);
    const value = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return value;
  }

  int32(): number {
    this.need(4);
    const value = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  uint32(): number {
    this.need(4);
    const value = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return value;
  }

  int64(): bigint {
    this.need(8);
    const value = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return value;
  }

  float64(): number {
    this.need(8);
    const value = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Kafka reads any non-zero byte as true. */
  bool(): boolean {
    this.need(1);
    return this.buf[this.pos++] !== 0;
  }

  uuid(): string {
    this.need(UUID_BYTES);
    const value = uuidToString(this.buf, this.pos);
    this.pos += UUID_BYTES;
    return value;
  }

  unsignedVarint(): number {
    // Fast path: compact lengths and tag counts are almost always one byte (< 128).
    if (this.pos < this.end) {
      const first = this.buf[this.pos]!;
      if (first < 0x80) {
        this.pos++;
        return first;
      }
    }
    const { value, next } = readUnsignedVarint(this.buf, this.pos, this.end);
    this.pos = next;
    return value;
  }

  /** `length` bytes as UTF-8, after checking they are in the frame. */
  utf8(length: number): string {
    this.need(length);
    const value = this.buf.toString("utf8", this.pos, this.pos + length);
    this.pos += length;
    return value;
  }

  /** A view (no copy) of the next `length` bytes. */
  view(length: number): Buffer {
    this.need(length);
    const value = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return value;
  }
}
