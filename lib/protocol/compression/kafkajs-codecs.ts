import { CompressionType } from "../records/batch-header";
import { lz4Codec } from "./lz4";
import { snappyCodec } from "./snappy";
import { zstdCodec } from "./zstd";
import { DECOMPRESSED_BATCH_MAX_BYTES, type CompressionCodec } from "./codec";

/**
 * Pier's codecs in the shape kafkajs 2.2.4 registers (src/protocol/message/compression/index.js):
 *
 *   import { CompressionCodecs } from "kafkajs";
 *   Object.assign(CompressionCodecs, kafkajsCodecs);
 *
 * Each entry is a factory returning { compress(encoder), decompress(buffer) }, both async;
 * `encoder.buffer` holds the uncompressed records. What these write is what the Java client writes
 * (xerial-framed snappy, LZ4 frames with 64 KiB independent blocks, standard zstd), so anything
 * kafkajs produces through them is readable by Java clients and librdkafka. (kafkajs-snappy, by
 * contrast, writes a bare raw snappy block.) gzip is built into kafkajs and left alone.
 */
export interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

function adapt(codec: CompressionCodec): () => KafkajsCodec {
  const adapted: KafkajsCodec = {
    compress: async (encoder) => codec.compress(encoder.buffer),
    decompress: async (buffer) => codec.decompress(buffer, DECOMPRESSED_BATCH_MAX_BYTES),
  };
  return () => adapted;
}

/** Keyed by kafkajs' CompressionTypes values, which are Kafka's codec ids. */
export const kafkajsCodecs = {
  [CompressionType.Snappy]: adapt(snappyCodec),
  [CompressionType.Lz4]: adapt(lz4Codec),
  [CompressionType.Zstd]: adapt(zstdCodec),
} as const;
