import { FRAME_SIZE_PREFIX_BYTES } from "./limits";

/** A frame whose size prefix is negative or over the listener's limit: the connection is closed. */
export class InvalidFrameError extends Error {
  constructor(
    message: string,
    readonly size: number,
  ) {
    super(message);
    this.name = "InvalidFrameError";
  }
}

/**
 * Splits a TCP byte stream into Kafka frames: `size:int32` followed by `size` bytes (request
 * header + body). Chunks are kept as received and joined only when a frame spans several of them,
 * so a large produce request costs one copy at most.
 *
 * Invariant: `buffered` == sum of the lengths of `chunks` minus `headOffset`.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private headOffset = 0;
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes received but not yet returned as a frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /** Adds a chunk and returns every complete frame it finishes (without size prefixes). */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      const size = this.peekSize();
      if (size === undefined || this.buffered < FRAME_SIZE_PREFIX_BYTES + size) return frames;
      this.consume(FRAME_SIZE_PREFIX_BYTES);
      frames.push(this.consume(size));
    }
  }

  /** The next frame's size, once its prefix has arrived; throws InvalidFrameError on a bad size. */
  private peekSize(): number | undefined {
    if (this.buffered < FRAME_SIZE_PREFIX_BYTES) return undefined;
    const first = this.chunks[0]!;
    const size =
      first.length - this.headOffset >= FRAME_SIZE_PREFIX_BYTES
        ? first.readInt32BE(this.headOffset)
        : this.peek(FRAME_SIZE_PREFIX_BYTES).readInt32BE(0);
    if (size < 0) throw new InvalidFrameError(`negative frame size ${size}`, size);
    if (size > this.maxFrameBytes) {
      throw new InvalidFrameError(`frame of ${size} bytes is larger than the limit of ${this.maxFrameBytes}`, size);
    }
    return size;
  }

  /** Copies the first n buffered bytes without consuming them (n is small: the size prefix). */
  private peek(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let written = 0;
    let offset = this.headOffset;
    for (const chunk of this.chunks) {
      written += chunk.copy(out, written, offset, Math.min(chunk.length, offset + n - written));
      offset = 0;
      if (written === n) break;
    }
    return out;
  }

  /** Removes and returns the first n buffered bytes; a view into the chunk when it holds them all. */
  private consume(n: number): Buffer {
    const first = this.chunks[0];
    if (n === 0) return Buffer.alloc(0);
    if (first !== undefined && first.length - this.headOffset >= n) {
      const out = first.subarray(this.headOffset, this.headOffset + n);
      this.advance(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let written = 0;
    while (written < n) {
      const chunk = this.chunks[0]!;
      const take = Math.min(chunk.length - this.headOffset, n - written);
      chunk.copy(out, written, this.headOffset, this.headOffset + take);
      written += take;
      this.advance(take);
    }
    return out;
  }

  private advance(n: number): void {
    this.headOffset += n;
    this.buffered -= n;
    while (this.chunks.length > 0 && this.headOffset >= this.chunks[0]!.length) {
      this.headOffset -= this.chunks[0]!.length;
      this.chunks.shift();
    }
  }
}
