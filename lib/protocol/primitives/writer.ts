import { writeUnsignedVarint } from "./varint";
import { writeUuid } from "./uuid";

/**
 * Writes into a buffer the encoder sized exactly beforehand (encoders compute the size of a whole
 * message first, allocate once, then write), so there is no growth and no bounds logic here:
 * writing past the end is an encoder bug and Buffer's own RangeError reports it.
 *
 * Chunked mode (`zeroCopyMinBytes` given): byte blobs at least that long are not copied; the output
 * becomes a list of chunks (inline segments of `buf` interleaved with the blobs themselves), for a
 * vectored socket write. `buf` then only needs room for the inline bytes.
 */
export class Writer {
  readonly buf: Buffer;
  pos: number;
  private readonly zeroCopyMinBytes: number;
  private readonly chunks: Buffer[] = [];
  private segmentStart: number;

  constructor(buf: Buffer, pos = 0, zeroCopyMinBytes = Infinity) {
    this.buf = buf;
    this.pos = pos;
    this.segmentStart = 0;
    this.zeroCopyMinBytes = zeroCopyMinBytes;
  }

  /** The output as chunks: in chunked mode, segments and referenced blobs in wire order. */
  finishChunks(): Buffer[] {
    const chunks = [...this.chunks];
    if (this.pos > this.segmentStart) chunks.push(this.buf.subarray(this.segmentStart, this.pos));
    return chunks;
  }

  int8(value: number): void {
    this.pos = this.buf.writeInt8(value, this.pos);
  }

  int16(value: number): void {
    this.pos = this.buf.writeInt16BE(value, this.pos);
  }

  uint16(value: number): void {
    this.pos = this.buf.writeUInt16BE(value, this.pos);
  }

  int32(value: number): void {
    this.pos = this.buf.writeInt32BE(value, this.pos);
  }

  uint32(value: number): void {
    this.pos = this.buf.writeUInt32BE(value, this.pos);
  }

  int64(value: bigint): void {
    this.pos = this.buf.writeBigInt64BE(value, this.pos);
  }

  float64(value: number): void {
    this.pos = this.buf.writeDoubleBE(value, this.pos);
  }

  bool(value: boolean): void {
    this.buf[this.pos++] = value ? 1 : 0;
  }

  uuid(value: string): void {
    this.pos = writeUuid(this.buf, this.pos, value);
  }

  unsignedVarint(value: number): void {
    this.pos = writeUnsignedVarint(this.buf, this.pos, value);
  }

  /** Writes a string whose UTF-8 length the caller already wrote as a prefix. */
  utf8(value: string, byteLength: number): void {
    this.pos += this.buf.write(value, this.pos, byteLength, "utf8");
  }

  bytes(value: Uint8Array): void {
    if (value.length >= this.zeroCopyMinBytes) {
      if (this.pos > this.segmentStart) this.chunks.push(this.buf.subarray(this.segmentStart, this.pos));
      this.chunks.push(Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.length));
      this.segmentStart = this.pos;
      return;
    }
    // Buffer#copy (a memcpy in C++) beats TypedArray#set by about 2x on large, freshly allocated targets.
    if (Buffer.isBuffer(value)) value.copy(this.buf, this.pos);
    else this.buf.set(value, this.pos);
    this.pos += value.length;
  }
}
