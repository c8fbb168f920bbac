import { corruptCompressedError, decompressionLimitError } from "./codec";

/**
 * Walks the LZ4 frame format (lz4 v1.5.1+, what Kafka's Lz4BlockOutputStream and librdkafka write)
 * without decompressing, to learn where each frame ends and how large its output can be.
 *
 *   frame      magic 0x184D2204 (LE) | FLG | BD | [content size u64 LE] | [dict id u32 LE] | HC
 *              then blocks: u32 LE size (high bit = stored uncompressed, 0 = EndMark), data,
 *              [u32 block checksum]; after the EndMark [u32 content checksum]
 *   FLG        bits 7-6 version (01), 5 block independence, 4 block checksum, 3 content size,
 *              2 content checksum, 1 reserved, 0 dict id
 *   BD         bits 6-4 block maximum size: 4 = 64 KiB, 5 = 256 KiB, 6 = 1 MiB, 7 = 4 MiB
 *   skippable  magic 0x184D2A50..0x184D2A5F (LE) | u32 LE size | size bytes
 *
 * Bound: a stored block yields exactly its size, a compressed one at most the block maximum.
 * Encoders fill every block but the last, so the bound overshoots real output by under one block.
 */
export const LZ4_FRAME_MAGIC = 0x184d2204;
const LZ4_SKIPPABLE_MAGIC_MIN = 0x184d2a50;
const LZ4_SKIPPABLE_MAGIC_MAX = 0x184d2a5f;
const LZ4_VERSION = 1;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_RESERVED = 0x02;
const FLG_DICT_ID = 0x01;
const BLOCK_UNCOMPRESSED_FLAG = 0x80000000;
const CHECKSUM_BYTES = 4;

export function lz4BlockMaxBytes(blockMaxId: number): number | undefined {
  return blockMaxId >= 4 && blockMaxId <= 7 ? 1 << (8 + 2 * blockMaxId) : undefined;
}

export interface Lz4FrameSpan {
  start: number;
  end: number;
  /** Upper bound on the bytes this frame decompresses to. */
  maxOutputBytes: number;
}

/** Frames of `data` in order (skippable frames left out). Throws ProtocolError when malformed or over `maxBytes`. */
export function walkLz4Frames(data: Uint8Array, maxBytes: number): Lz4FrameSpan[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const frames: Lz4FrameSpan[] = [];
  let total = 0;
  let pos = 0;
  if (data.byteLength === 0) throw corruptCompressedError("lz4", "empty input");
  while (pos < data.byteLength) {
    need(data, pos, 8, "frame magic");
    const magic = view.getUint32(pos, true);
    if (magic >= LZ4_SKIPPABLE_MAGIC_MIN && magic <= LZ4_SKIPPABLE_MAGIC_MAX) {
      pos += 8 + view.getUint32(pos + 4, true);
      if (pos > data.byteLength) throw corruptCompressedError("lz4", "skippable frame truncated");
      continue;
    }
    if (magic !== LZ4_FRAME_MAGIC) throw corruptCompressedError("lz4", `bad frame magic 0x${magic.toString(16)}`);
    const frame = walkFrame(data, view, pos);
    total += frame.maxOutputBytes;
    if (total > maxBytes) throw decompressionLimitError("lz4", total, maxBytes);
    frames.push(frame);
    pos = frame.end;
  }
  return frames;
}

function walkFrame(data: Uint8Array, view: DataView, start: number): Lz4FrameSpan {
  const flg = data[start + 4]!;
  const bd = data[start + 5]!;
  if (flg >> 6 !== LZ4_VERSION || (flg & FLG_RESERVED) !== 0) {
    throw corruptCompressedError("lz4", `unsupported frame descriptor 0x${flg.toString(16)}`);
  }
  const blockMax = lz4BlockMaxBytes((bd >> 4) & 0x07);
  if (blockMax === undefined || (bd & 0x8f) !== 0) {
    throw corruptCompressedError("lz4", `bad block descriptor 0x${bd.toString(16)}`);
  }
  let pos = start + 6 + (flg & FLG_CONTENT_SIZE ? 8 : 0) + (flg & FLG_DICT_ID ? 4 : 0) + 1;
  const blockChecksumBytes = flg & FLG_BLOCK_CHECKSUM ? CHECKSUM_BYTES : 0;
  let maxOutputBytes = 0;
  for (;;) {
    need(data, pos, 4, "block size");
    const word = view.getUint32(pos, true);
    pos += 4;
    if (word === 0) break;
    const size = (word & ~BLOCK_UNCOMPRESSED_FLAG) >>> 0;
    if (size > blockMax) throw corruptCompressedError("lz4", `block of ${size} bytes exceeds the ${blockMax} maximum`);
    need(data, pos, size + blockChecksumBytes, "block");
    maxOutputBytes += (word & BLOCK_UNCOMPRESSED_FLAG) !== 0 ? size : blockMax;
    pos += size + blockChecksumBytes;
  }
  if (flg & FLG_CONTENT_CHECKSUM) {
    need(data, pos, CHECKSUM_BYTES, "content checksum");
    pos += CHECKSUM_BYTES;
  }
  return { start, end: pos, maxOutputBytes };
}

function need(data: Uint8Array, pos: number, bytes: number, what: string): void {
  if (data.byteLength - pos < bytes) throw corruptCompressedError("lz4", `${what} truncated`);
}
