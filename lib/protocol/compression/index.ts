export { DECOMPRESSED_BATCH_MAX_BYTES, type CompressionCodec } from "./codec";
export { codecFor, compress, decompress } from "./compression";
export { gzipCodec } from "./gzip";
export { lz4Codec } from "./lz4";
export { snappyCodec } from "./snappy";
export { zstdCodec } from "./zstd";
