import {
  FRAME_BUFFER_GRANULE_BYTES,
  MAX_IDLE_FRAME_BUFFERS,
  POOLED_FRAME_MAX_BYTES,
  POOLED_FRAME_MIN_BYTES,
} from "./limits";

/**
 * Reusable buffers in which request frames that arrive over several socket reads are assembled,
 * shared by a listener's connections. Without it every such frame (a 1 MB produce request spans
 * ~16 reads of 64 KB) costs a fresh buffer outside V8's heap, and that allocation rate is what
 * drives the broker's garbage collections under produce load (external memory pressure).
 *
 * A buffer is taken for one frame and given back once the frame's bytes are no longer needed;
 * FrameReader and Connection decide when that is (see FrameReader's ownership rules). Buffers are
 * sized in FRAME_BUFFER_GRANULE_BYTES steps, so frames of nearly equal size (a producer's full
 * batches) reuse the same ones. At most MAX_IDLE_FRAME_BUFFERS wait in the pool, and only frames
 * of POOLED_FRAME_MIN_BYTES to POOLED_FRAME_MAX_BYTES are pooled, so idle memory stays bounded.
 */
export class FrameBufferPool {
  private readonly idle: Buffer[] = [];

  constructor(
    readonly minFrameBytes = POOLED_FRAME_MIN_BYTES,
    readonly maxFrameBytes = POOLED_FRAME_MAX_BYTES,
    private readonly maxIdle = MAX_IDLE_FRAME_BUFFERS,
  ) {}

  /** Whether frames of `size` bytes are assembled in pooled buffers. */
  pools(size: number): boolean {
    return size >= this.minFrameBytes && size <= this.maxFrameBytes;
  }

  /** Idle buffers, for tests and diagnostics. */
  get idleCount(): number {
    return this.idle.length;
  }

  /** A buffer of at least `size` bytes (pools(size) holds), from the pool when one fits. */
  take(size: number): Buffer {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const buffer = this.idle[i]!;
      if (buffer.length >= size) {
        this.idle.splice(i, 1);
        return buffer;
      }
    }
    const rounded = Math.ceil(Math.max(size, 1) / FRAME_BUFFER_GRANULE_BYTES) * FRAME_BUFFER_GRANULE_BYTES;
    return Buffer.allocUnsafeSlow(Math.min(rounded, this.maxFrameBytes));
  }

  /** Returns a buffer from take(); nothing may use its bytes afterwards. */
  give(buffer: Buffer): void {
    if (this.idle.length < this.maxIdle) this.idle.push(buffer);
  }
}
