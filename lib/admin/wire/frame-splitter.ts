import { AdminError } from "../errors";

/**
 * Splits a TCP byte stream into Kafka response frames: `size:int32` then `size` bytes. Chunks are
 * kept as a list and joined once per frame, so a large response arriving in many chunks is copied
 * once. A size below the correlation id or above `maxFrameBytes` is a protocol error (the
 * connection is then closed by its owner).
 */
export const SIZE_PREFIX_BYTES = 4;
const MIN_RESPONSE_FRAME_BYTES = 4;

export class FrameSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Adds bytes; returns every complete frame (without its size prefix). */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < SIZE_PREFIX_BYTES) return frames;
      const head = this.chunks.length === 1 ? this.chunks[0]! : this.flatten();
      const size = head.readInt32BE(0);
      if (size < MIN_RESPONSE_FRAME_BYTES || size > this.maxFrameBytes) {
        throw new AdminError("protocol_error", `a broker sent a frame of ${size} bytes (limit ${this.maxFrameBytes})`);
      }
      if (this.buffered < SIZE_PREFIX_BYTES + size) return frames;
      const all = this.flatten();
      frames.push(all.subarray(SIZE_PREFIX_BYTES, SIZE_PREFIX_BYTES + size));
      const rest = all.subarray(SIZE_PREFIX_BYTES + size);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
  }

  private flatten(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }
}
