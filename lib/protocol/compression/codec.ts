import { ProtocolError } from "../protocol-error";

/**
 * What every compression codec of a record batch provides. Both directions are synchronous: the
 * record-batch API is, and a produce request is validated in one go.
 *
 * Invariant: `decompress` never produces (nor allocates for) more than `maxBytes` bytes; input that
 * would inflate past it is refused with a ProtocolError before the output is built, so a small
 * "zip bomb" in a produce request cannot exhaust the broker's memory.
 */
export interface CompressionCodec {
  readonly name: string;
  compress(data: Uint8Array): Buffer;
  decompress(data: Uint8Array, maxBytes: number): Buffer;
}

/**
 * Default ceiling on the decompressed size of one batch's records. Kafka's own default
 * max.message.bytes is about 1 MiB of compressed batch; 64 MiB leaves room for highly
 * compressible real data while keeping a hostile batch well inside the 24 GiB machine.
 */
export const DECOMPRESSED_BATCH_MAX_BYTES = 64 * 1024 * 1024;

/** The error for input whose output would exceed the caller's ceiling. */
export function decompressionLimitError(codec: string, bytes: number | bigint, maxBytes: number): ProtocolError {
  return new ProtocolError(
    `${codec} data would decompress to at least ${bytes} bytes, over the limit of ${maxBytes} bytes`,
  );
}

/** The error for input the codec cannot read. */
export function corruptCompressedError(codec: string, reason: string): ProtocolError {
  return new ProtocolError(`corrupt ${codec} data: ${reason}`);
}

/** Views any Uint8Array as a Buffer without copying (native codecs want Buffers). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
