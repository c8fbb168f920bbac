import { CompressionType } from "../records/batch-header";
import { ProtocolError } from "../protocol-error";
import { DECOMPRESSED_BATCH_MAX_BYTES, type CompressionCodec } from "./codec";
import { gzipCodec } from "./gzip";
import { lz4Codec } from "./lz4";
import { snappyCodec } from "./snappy";
import { zstdCodec } from "./zstd";

/**
 * The four codecs of record batches by Kafka's codec id (attribute bits 0-2). Id 0 is no
 * compression; ids 5-7 are unassigned and rejected.
 */
const CODECS: Readonly<Record<number, CompressionCodec>> = {
  [CompressionType.Gzip]: gzipCodec,
  [CompressionType.Snappy]: snappyCodec,
  [CompressionType.Lz4]: lz4Codec,
  [CompressionType.Zstd]: zstdCodec,
};

export function codecFor(type: number): CompressionCodec {
  const codec = CODECS[type];
  if (codec === undefined) throw new ProtocolError(`unknown compression type ${type}`);
  return codec;
}

export function compress(type: CompressionType, data: Uint8Array): Buffer {
  if (type === CompressionType.None) return Buffer.from(data);
  return codecFor(type).compress(data);
}

/** Decompresses, refusing (ProtocolError) input that is corrupt or would exceed `maxBytes`. */
export function decompress(type: number, data: Uint8Array, maxBytes = DECOMPRESSED_BATCH_MAX_BYTES): Buffer {
  if (type === CompressionType.None) {
    if (data.byteLength > maxBytes) throw new ProtocolError(`${data.byteLength} bytes exceed the limit of ${maxBytes}`);
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  return codecFor(type).decompress(data, maxBytes);
}
