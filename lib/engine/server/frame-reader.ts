import type { FrameBufferPool } from "./frame-buffer-pool";
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
 * header + body). Each byte is copied at most once: a frame wholly inside one chunk is returned as
 * a view of that chunk; a frame that spans chunks is copied, as its bytes arrive, into a buffer of
 * its full size. No chunk is kept after push() returns.
 *
 * OWNERSHIP. A frame returned by push() is either owned or borrowed:
 *  - owned (a view of the chunk, or a buffer allocated for the frame): the caller may keep it, or
 *    views of it, for as long as it likes;
 *  - borrowed (assembled in a buffer taken from `pool`; isBorrowed() says so): valid until the
 *    caller passes it to release(), which returns the buffer to the pool for another frame. The
 *    caller must release it only once nothing reads or keeps a view of its bytes any more.
 * Without a pool every frame is owned. A borrowed frame that is never released is merely not
 * reused (its buffer is garbage-collected like any other).
 *
 * Invariant: at most one frame is being assembled (`partial`), and only once its size prefix is
 * complete; `prefixFilled` > 0 only while no frame is being assembled.
 */
export class FrameReader {
  /** The frame being assembled (exactly its size), and how many of its bytes have arrived. */
  private partial: Buffer | undefined;
  private filled = 0;
  /** A size prefix split across chunks. */
  private readonly prefix = Buffer.alloc(FRAME_SIZE_PREFIX_BYTES);
  private prefixFilled = 0;
  /** Pool buffers lent out as frames, by their memory. */
  private readonly lent = new Map<ArrayBufferLike, Buffer>();

  constructor(
    private readonly maxFrameBytes: number,
    private readonly pool?: FrameBufferPool,
  ) {}

  /** Bytes received but not yet returned as a frame (size prefixes included). */
  get pendingBytes(): number {
    return this.partial === undefined ? this.prefixFilled : FRAME_SIZE_PREFIX_BYTES + this.filled;
  }

  /**
   * Adds a chunk and returns every complete frame it finishes (without size prefixes), in order.
   * `reusedChunk`: the caller overwrites the chunk's memory once push returns (a socket read
   * buffer), so every frame is copied out of it, none is a view of it.
   */
  push(chunk: Buffer, reusedChunk = false): Buffer[] {
    const frames: Buffer[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.partial !== undefined) {
        pos = this.fill(chunk, pos, frames);
      } else if (this.prefixFilled > 0 || chunk.length - pos < FRAME_SIZE_PREFIX_BYTES) {
        pos = this.fillPrefix(chunk, pos, frames);
      } else {
        const size = this.checkSize(chunk.readInt32BE(pos));
        pos += FRAME_SIZE_PREFIX_BYTES;
        if (!reusedChunk && chunk.length - pos >= size) {
          frames.push(chunk.subarray(pos, pos + size));
          pos += size;
        } else {
          this.start(size, frames);
        }
      }
    }
    return frames;
  }

  /** Whether `frame` (returned by push) lives in a pool buffer and must be released. */
  isBorrowed(frame: Buffer): boolean {
    return this.lent.has(frame.buffer);
  }

  /** Gives a borrowed frame's buffer back to the pool; does nothing for an owned frame. */
  release(frame: Buffer): void {
    const buffer = this.lent.get(frame.buffer);
    if (buffer === undefined) return;
    this.lent.delete(frame.buffer);
    this.pool!.give(buffer);
  }

  private fill(chunk: Buffer, pos: number, frames: Buffer[]): number {
    const partial = this.partial!;
    const take = Math.min(partial.length - this.filled, chunk.length - pos);
    chunk.copy(partial, this.filled, pos, pos + take);
    this.filled += take;
    if (this.filled === partial.length) {
      frames.push(partial);
      this.partial = undefined;
      this.filled = 0;
    }
    return pos + take;
  }

  private fillPrefix(chunk: Buffer, pos: number, frames: Buffer[]): number {
    const take = Math.min(FRAME_SIZE_PREFIX_BYTES - this.prefixFilled, chunk.length - pos);
    chunk.copy(this.prefix, this.prefixFilled, pos, pos + take);
    this.prefixFilled += take;
    if (this.prefixFilled === FRAME_SIZE_PREFIX_BYTES) {
      this.prefixFilled = 0;
      this.start(this.checkSize(this.prefix.readInt32BE(0)), frames);
    }
    return pos + take;
  }

  /** Begins assembling a frame of `size` bytes whose prefix has been read. */
  private start(size: number, frames: Buffer[]): void {
    if (size === 0) {
      frames.push(Buffer.alloc(0));
      return;
    }
    if (this.pool?.pools(size) === true) {
      const buffer = this.pool.take(size);
      this.lent.set(buffer.buffer, buffer);
      this.partial = buffer.subarray(0, size);
    } else {
      this.partial = Buffer.allocUnsafe(size);
    }
  }

  /** The size from a prefix; throws InvalidFrameError when it is negative or over the limit. */
  private checkSize(size: number): number {
    if (size < 0) throw new InvalidFrameError(`negative frame size ${size}`, size);
    if (size > this.maxFrameBytes) {
      throw new InvalidFrameError(`frame of ${size} bytes is larger than the limit of ${this.maxFrameBytes}`, size);
    }
    return size;
  }
}
