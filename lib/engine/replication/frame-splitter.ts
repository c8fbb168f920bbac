import { ChannelError } from "./channel-error";

/**
 * Splits a TCP byte stream into response frames (`size:int32` then `size` bytes), returned
 * without the size prefix. Chunks are joined only once a frame is complete. A size below 4 (no
 * room for a correlation id) or above `maxFrameBytes` is refused.
 */
export const SIZE_PREFIX_BYTES = 4;

export class ResponseFrameSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    while (this.buffered >= SIZE_PREFIX_BYTES) {
      const size = this.peekSize();
      if (size < 4 || size > this.maxFrameBytes)
        throw new ChannelError(`a broker sent a frame of ${size} bytes (limit ${this.maxFrameBytes})`);
      if (this.buffered < SIZE_PREFIX_BYTES + size) break;
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      frames.push(all.subarray(SIZE_PREFIX_BYTES, SIZE_PREFIX_BYTES + size));
      const rest = all.subarray(SIZE_PREFIX_BYTES + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
    return frames;
  }

  private peekSize(): number {
    const first = this.chunks[0]!;
    if (first.length >= SIZE_PREFIX_BYTES) return first.readInt32BE(0);
    const prefix = Buffer.concat(this.chunks, Math.min(this.buffered, 16)).subarray(0, SIZE_PREFIX_BYTES);
    return prefix.readInt32BE(0);
  }
}
