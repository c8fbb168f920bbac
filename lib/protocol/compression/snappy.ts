import { compressSync, uncompressSync } from "snappy";
import { readUnsignedVarint } from "../primitives/varint";
import { ProtocolError } from "../protocol-error";
import {
  asBuffer,
  corruptCompressedError,
  decompressionLimitError,
  errorMessage,
  type CompressionCodec,
} from "./codec";

/**
 * Snappy, Kafka's codec id 2, in the framing the Java client writes: xerial snappy-java's
 * SnappyOutputStream.
 *
 *   header  8 bytes  magic 0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00
 *           int32    version (1)            big-endian
 *           int32    min compatible version (1)
 *   then    [int32 compressed length, raw snappy block]*  each block at most 32 KiB uncompressed
 *
 * Reading also accepts a bare raw snappy block (what kafkajs-snappy and some librdkafka versions
 * write) and a second xerial header in the middle of the stream (snappy-java reads concatenated
 * streams). Every raw block starts with its uncompressed length as an unsigned varint, so the output
 * size is known, and checked against the ceiling, before anything is inflated.
 *
 * Implementation: the `snappy` package (Google's snappy via napi-rs, a prebuilt binary per
 * platform shipped in npm packages). Measured on this machine on 1 MiB of JSON text: 441 MB/s
 * compress and 727 MB/s uncompress, against 215 and 421 MB/s for the pure-JS `snappyjs`.
 */
export const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
export const XERIAL_HEADER_BYTES = 16;
export const XERIAL_VERSION = 1;
export const XERIAL_MIN_COMPATIBLE_VERSION = 1;
/** snappy-java's SnappyOutputStream.DEFAULT_BLOCK_SIZE, the block size Kafka's producer gets. */
export const XERIAL_BLOCK_BYTES = 32 * 1024;
const INT32_BYTES = 4;

export function isXerialFramed(data: Uint8Array, pos = 0): boolean {
  if (data.byteLength - pos < XERIAL_HEADER_BYTES) return false;
  for (let i = 0; i < XERIAL_MAGIC.length; i++) {
    if (data[pos + i] !== XERIAL_MAGIC[i]) return false;
  }
  return true;
}

/** Uncompressed length a raw snappy block declares in its varint preamble. */
export function rawSnappyLength(block: Uint8Array): number {
  return readUnsignedVarint(block, 0, block.byteLength).value;
}

function uncompressRawBlock(block: Uint8Array): Buffer {
  try {
    return uncompressSync(asBuffer(block), { asBuffer: true }) as Buffer;
  } catch (error) {
    throw corruptCompressedError("snappy", errorMessage(error));
  }
}

/** Splits a xerial stream into its raw blocks, validating the framing. */
function xerialBlocks(data: Uint8Array): Uint8Array[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const blocks: Uint8Array[] = [];
  let pos = 0;
  while (pos < data.byteLength) {
    if (isXerialFramed(data, pos)) {
      pos += XERIAL_HEADER_BYTES;
      continue;
    }
    if (data.byteLength - pos < INT32_BYTES) throw corruptCompressedError("snappy", "xerial block length truncated");
    const length = view.getInt32(pos);
    pos += INT32_BYTES;
    if (length < 0 || length > data.byteLength - pos) {
      throw corruptCompressedError(
        "snappy",
        `xerial block of ${length} bytes overruns the ${data.byteLength - pos} left`,
      );
    }
    blocks.push(data.subarray(pos, pos + length));
    pos += length;
  }
  return blocks;
}

function decompress(data: Uint8Array, maxBytes: number): Buffer {
  const blocks = isXerialFramed(data) ? xerialBlocks(data) : [data];
  let total = 0;
  for (const block of blocks) {
    try {
      total += rawSnappyLength(block);
    } catch (error) {
      if (error instanceof ProtocolError) throw corruptCompressedError("snappy", error.message);
      throw error;
    }
    if (total > maxBytes) throw decompressionLimitError("snappy", total, maxBytes);
  }
  const parts = blocks.map(uncompressRawBlock);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
}

function compress(data: Uint8Array): Buffer {
  const parts: Buffer[] = [xerialHeader()];
  for (let pos = 0; pos < data.byteLength; pos += XERIAL_BLOCK_BYTES) {
    const block = compressSync(asBuffer(data.subarray(pos, pos + XERIAL_BLOCK_BYTES)));
    const length = Buffer.allocUnsafe(INT32_BYTES);
    length.writeInt32BE(block.byteLength);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

function xerialHeader(): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_BYTES);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(XERIAL_VERSION, 8);
  header.writeInt32BE(XERIAL_MIN_COMPATIBLE_VERSION, 12);
  return header;
}

export const snappyCodec: CompressionCodec = { name: "snappy", compress, decompress };
