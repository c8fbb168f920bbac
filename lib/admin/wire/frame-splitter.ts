import { AdminError } from "../errors";

/**
 * Splits a TCP byte stream into Kafka response frames: `size:int32` then `size` bytes. Chunks are
 * kept as a list and joined only once a frame is complete (the size prefix is read across chunks
 * without joining them), so a large response arriving in many chunks is copied once, not once per
 * chunk. A size below the correlation id or above `maxFrameBytes` is a protocol error (the
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
      const size = this.peekSize();
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

  /** The int32 at the start of the buffered bytes, read across chunk boundaries. */
  private peekSize(): number {
    const first = this.chunks[0]!;
    if (first.length >= SIZE_PREFIX_BYTES) return first.readInt32BE(0);
    const prefix = Buffer.alloc(SIZE_PREFIX_BYTES);
    let filled = 0;
    for (const chunk of this.chunks) {
      filled += chunk.copy(prefix, filled, 0, Math.min(chunk.length, SIZE_PREFIX_BYTES - filled));
      if (filled === SIZE_PREFIX_BYTES) break;
    }
    return prefix.readInt32BE(0);
  }

  private flatten(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }
}
