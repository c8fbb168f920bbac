import { compressSync, decompressFrameSync } from "lz4-napi";
import { asBuffer, corruptCompressedError, errorMessage, type CompressionCodec } from "./codec";
import { walkLz4Frames } from "./lz4-frame";

/**
 * LZ4, Kafka's codec id 3: the LZ4 frame format (magic 0x184D2204), independent blocks.
 *
 * Writing copies what the Java producer's Lz4BlockOutputStream emits: FLG 0x60 (version 01,
 * independent blocks, no checksums), BD 0x40 (64 KiB blocks), so Java consumers get the small
 * block buffers they expect; a block that does not shrink is stored uncompressed, as Java does.
 * Reading accepts any valid frame (checksums, content size, other block sizes, several frames).
 *
 * Implementation: `lz4-napi` (lz4_flex via napi-rs, a prebuilt binary per platform shipped in npm
 * packages). Measured on this machine on 1 MiB of JSON text: 473 MB/s compress and 703 MB/s
 * decompress, against 248 and 225 MB/s for the pure-JS `lz4js`. Its frame encoder writes 4 MiB
 * blocks and cannot be told otherwise, so frames are assembled here from its raw block encoder;
 * its frame decoder (which verifies header, block and content checksums) reads one frame per call,
 * so frames are split here first.
 */
export const LZ4_BLOCK_BYTES = 64 * 1024;
/** Magic, FLG 0x60, BD 0x40, and the header checksum (xxh32 of FLG..BD, second byte) 0x82. */
const LZ4_KAFKA_FRAME_HEADER = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
const BLOCK_UNCOMPRESSED_FLAG = 0x80000000;
/** lz4-napi's compressSync prefixes the raw block with its uncompressed size (u32 LE). */
const SIZE_PREFIX_BYTES = 4;

function compress(data: Uint8Array): Buffer {
  const parts: Buffer[] = [LZ4_KAFKA_FRAME_HEADER];
  for (let pos = 0; pos < data.byteLength; pos += LZ4_BLOCK_BYTES) {
    const chunk = asBuffer(data.subarray(pos, pos + LZ4_BLOCK_BYTES));
    const block = compressSync(chunk).subarray(SIZE_PREFIX_BYTES);
    const stored = block.byteLength >= chunk.byteLength;
    const size = Buffer.allocUnsafe(4);
    size.writeUInt32LE(stored ? (chunk.byteLength | BLOCK_UNCOMPRESSED_FLAG) >>> 0 : block.byteLength);
    parts.push(size, stored ? chunk : block);
  }
  parts.push(Buffer.alloc(4)); // EndMark
  return Buffer.concat(parts);
}

function decompress(data: Uint8Array, maxBytes: number): Buffer {
  const frames = walkLz4Frames(data, maxBytes);
  const parts = frames.map((frame) => {
    try {
      return decompressFrameSync(asBuffer(data.subarray(frame.start, frame.end)));
    } catch (error) {
      throw corruptCompressedError("lz4", errorMessage(error));
    }
  });
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

export const lz4Codec: CompressionCodec = { name: "lz4", compress, decompress };
