import { ProtocolError } from "../protocol-error";
import type { Reader } from "../primitives/reader";
import type { Writer } from "../primitives/writer";

/**
 * A compiled codec for one type at one version. Encoding is two passes: `size` walks the value and
 * validates it (null where not nullable, over-long strings...), then the caller allocates exactly
 * that many bytes and `write` fills them. `write` may assume `size` accepted the same value.
 */
export interface Codec {
  read(reader: Reader): unknown;
  /** `zeroCopy`, when given, collects the bytes of large blobs the writer will reference, not copy. */
  size(value: unknown, zeroCopy?: ZeroCopyTally): number;
  write(writer: Writer, value: unknown): void;
  /** The fewest bytes any value of this type takes on the wire: bounds array counts before allocating. */
  readonly minSize: number;
}

/**
 * Zero-copy encoding: a bytes/records value of at least ZERO_COPY_MIN_BYTES is not copied into the
 * encoded buffer but emitted as its own chunk (see Writer's chunked mode), as Kafka sends record
 * sets straight from their buffers. The sizing pass tallies those bytes so the caller allocates only
 * the inline part.
 */
export const ZERO_COPY_MIN_BYTES = 4096;

export interface ZeroCopyTally {
  externalBytes: number;
}

/** Kafka caps strings at the int16 range in both classic and compact encodings. */
export const MAX_STRING_BYTES = 0x7fff;

/**
 * Re-raises `error` located at `segment` (a field name or "[i]"). Non-protocol errors (a RangeError
 * from writing an out-of-range int, a TypeError from a value of the wrong type) become ProtocolErrors
 * that keep the original as `cause`.
 */
export function locate(error: unknown, segment: string): ProtocolError {
  if (error instanceof ProtocolError) return error.atField(segment);
  const message = error instanceof Error ? error.message : String(error);
  return new ProtocolError(`invalid value: ${message}`, { field: segment }, { cause: error });
}
