import { ZERO_COPY_MIN_BYTES } from "../../protocol/schema/codec-types";

/**
 * Buffers that Fetch reads log data into, reused once the response that carried them has been
 * written to its socket. Why: a consumer reading at full speed makes one read of up to 1 MiB per
 * partition per fetch, and a fresh buffer each time costs page faults on new memory and garbage
 * collections for the external memory — more CPU than the rest of the fetch path together.
 *
 * Ownership (the invariant that keeps data intact): allocateFetchRead lends a whole pooled buffer
 * (the caller may use a prefix of it); only the connection gives it back, through
 * releaseWrittenFetchReads, after the socket has taken every byte of the response that referenced
 * it. A lent buffer that never reaches a socket (a long-poll attempt that was discarded, a
 * response to a closed connection, records small enough to be copied into the frame) is never
 * given back: it is collected as garbage. Giving back is idempotent, and only buffers this module
 * lent are taken back.
 */
export const FETCH_READ_BUFFER_BYTES = 1024 * 1024;
/** Smaller reads are not pooled; at least ZERO_COPY_MIN_BYTES, so a pooled read reaches the socket by reference. */
export const FETCH_READ_POOLED_MIN_BYTES = 64 * 1024;
/** Free buffers kept for reuse (32 MiB); more are left to the garbage collector. */
export const FETCH_READ_POOL_MAX_FREE = 32;

if (FETCH_READ_POOLED_MIN_BYTES < ZERO_COPY_MIN_BYTES) {
  throw new Error("pooled fetch reads must be large enough to be written by reference");
}

const free: Buffer[] = [];
/** The memory of every buffer now lent out. */
const lent = new WeakSet<ArrayBuffer>();

/** A buffer of `bytes` for a Fetch read: pooled between FETCH_READ_POOLED_MIN_BYTES and FETCH_READ_BUFFER_BYTES. */
export function allocateFetchRead(bytes: number): Buffer {
  if (bytes < FETCH_READ_POOLED_MIN_BYTES || bytes > FETCH_READ_BUFFER_BYTES) return Buffer.allocUnsafe(bytes);
  // allocUnsafeSlow: memory of its own (never a slice of Node's shared pool), so it identifies the buffer.
  const whole = free.pop() ?? Buffer.allocUnsafeSlow(FETCH_READ_BUFFER_BYTES);
  lent.add(whole.buffer as ArrayBuffer);
  return whole.subarray(0, bytes);
}

/** Gives back the lent buffers among `pieces`, which the socket has finished writing. */
export function releaseWrittenFetchReads(pieces: readonly Buffer[]): void {
  for (const piece of pieces) {
    const memory = piece.buffer;
    if (!(memory instanceof ArrayBuffer) || !lent.has(memory)) continue;
    lent.delete(memory);
    if (free.length < FETCH_READ_POOL_MAX_FREE) free.push(Buffer.from(memory, 0, FETCH_READ_BUFFER_BYTES));
  }
}

/** Free buffers now held, for tests. */
export function freeFetchReadBuffers(): number {
  return free.length;
}
