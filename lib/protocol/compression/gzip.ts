import { gunzipSync, gzipSync } from "node:zlib";
import {
  asBuffer,
  corruptCompressedError,
  decompressionLimitError,
  errorMessage,
  type CompressionCodec,
} from "./codec";

/**
 * gzip (RFC 1952), Kafka's codec id 1, as the Java client's GZIPOutputStream writes it. Node's zlib
 * is native and synchronous; reading accepts concatenated members as GZIPInputStream does.
 * Kafka's compression.gzip.level default (-1) is zlib's level 6.
 */
export const GZIP_LEVEL_DEFAULT = 6;

export const gzipCodec: CompressionCodec = {
  name: "gzip",

  compress(data: Uint8Array): Buffer {
    return gzipSync(data, { level: GZIP_LEVEL_DEFAULT });
  },

  decompress(data: Uint8Array, maxBytes: number): Buffer {
    try {
      // maxOutputLength makes zlib stop inflating once the output would pass the ceiling.
      return gunzipSync(asBuffer(data), { maxOutputLength: Math.max(1, maxBytes) });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw decompressionLimitError("gzip", maxBytes + 1, maxBytes);
      }
      throw corruptCompressedError("gzip", errorMessage(error));
    }
  },
};
