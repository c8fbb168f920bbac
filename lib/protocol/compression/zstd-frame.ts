import { corruptCompressedError, decompressionLimitError } from "./codec";

/**
 * Walks Zstandard frames (RFC 8878) without decompressing, to learn where each frame ends and how
 * large its output can be.
 *
 *   frame      magic 0xFD2FB528 (LE) | Frame_Header_Descriptor | [Window_Descriptor]
 *              | [Dictionary_ID 0/1/2/4 bytes] | [Frame_Content_Size 0/1/2/4/8 bytes] | blocks
 *              | [Content_Checksum u32]
 *   FHD        bits 7-6 FCS size flag, 5 Single_Segment, 4 unused, 3 reserved (0),
 *              2 Content_Checksum, 1-0 Dictionary_ID size flag
 *   block      3-byte LE header: bit 0 Last_Block, bits 1-2 type (0 Raw, 1 RLE, 2 Compressed,
 *              3 reserved), bits 3-23 Block_Size; then Block_Size bytes (1 byte for RLE)
 *   skippable  magic 0x184D2A50..0x184D2A5F (LE) | u32 LE size | size bytes
 *
 * Bound: Raw and RLE blocks regenerate exactly Block_Size bytes; a Compressed block at most
 * ZSTD_BLOCK_MAX_BYTES (128 KiB, the format's Block_Maximum_Size). When the header states the
 * content size, that is the frame's size (the decoder checks it), provided the blocks can hold it.
 */
export const ZSTD_FRAME_MAGIC = 0xfd2fb528;
export const ZSTD_BLOCK_MAX_BYTES = 128 * 1024;
const SKIPPABLE_MAGIC_MIN = 0x184d2a50;
const SKIPPABLE_MAGIC_MAX = 0x184d2a5f;
const BLOCK_HEADER_BYTES = 3;
const CHECKSUM_BYTES = 4;
const BlockType = { Raw: 0, Rle: 1, Compressed: 2 } as const;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;
const FCS_BYTES = [0, 2, 4, 8] as const;

export interface ZstdFrameSpan {
  start: number;
  end: number;
  maxOutputBytes: number;
}

/** Frames of `data` in order (skippable frames left out). Throws ProtocolError when malformed or over `maxBytes`. */
export function walkZstdFrames(data: Uint8Array, maxBytes: number): ZstdFrameSpan[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const frames: ZstdFrameSpan[] = [];
  let total = 0;
  let pos = 0;
  if (data.byteLength === 0) throw corruptCompressedError("zstd", "empty input");
  while (pos < data.byteLength) {
    need(data, pos, 5, "frame header");
    const magic = view.getUint32(pos, true);
    if (magic >= SKIPPABLE_MAGIC_MIN && magic <= SKIPPABLE_MAGIC_MAX) {
      need(data, pos, 8, "skippable frame");
      pos += 8 + view.getUint32(pos + 4, true);
      if (pos > data.byteLength) throw corruptCompressedError("zstd", "skippable frame truncated");
      continue;
    }
    if (magic !== ZSTD_FRAME_MAGIC) throw corruptCompressedError("zstd", `bad frame magic 0x${magic.toString(16)}`);
    const frame = walkFrame(data, view, pos);
    total += frame.maxOutputBytes;
    if (total > maxBytes) throw decompressionLimitError("zstd", total, maxBytes);
    frames.push(frame);
    pos = frame.end;
  }
  return frames;
}

function walkFrame(data: Uint8Array, view: DataView, start: number): ZstdFrameSpan {
  const fhd = data[start + 4]!;
  if ((fhd & 0x08) !== 0) throw corruptCompressedError("zstd", "reserved frame header bit set");
  const singleSegment = (fhd & 0x20) !== 0;
  const fcsFlag = fhd >> 6;
  const fcsBytes = fcsFlag === 0 && singleSegment ? 1 : FCS_BYTES[fcsFlag as 0 | 1 | 2 | 3];
  let pos = start + 5 + (singleSegment ? 0 : 1) + DICT_ID_BYTES[(fhd & 0x03) as 0 | 1 | 2 | 3];
  need(data, pos, fcsBytes, "frame content size");
  const contentSize = readContentSize(view, pos, fcsBytes);
  pos += fcsBytes;
  let blockBound = 0;
  for (let last = false; !last;) {
    need(data, pos, BLOCK_HEADER_BYTES, "block header");
    const header = data[pos]! | (data[pos + 1]! << 8) | (data[pos + 2]! << 16);
    pos += BLOCK_HEADER_BYTES;
    last = (header & 1) === 1;
    const type = (header >> 1) & 0x03;
    const size = header >>> 3;
    if (type === BlockType.Rle) {
      need(data, pos, 1, "RLE block");
      pos += 1;
      blockBound += size;
    } else if (type === BlockType.Raw || type === BlockType.Compressed) {
      if (size > ZSTD_BLOCK_MAX_BYTES) throw corruptCompressedError("zstd", `block of ${size} bytes over the maximum`);
      need(data, pos, size, "block");
      pos += size;
      blockBound += type === BlockType.Raw ? size : ZSTD_BLOCK_MAX_BYTES;
    } else {
      throw corruptCompressedError("zstd", "reserved block type");
    }
  }
  if (fhd & 0x04) {
    need(data, pos, CHECKSUM_BYTES, "content checksum");
    pos += CHECKSUM_BYTES;
  }
  if (contentSize !== undefined && contentSize > blockBound) {
    throw corruptCompressedError("zstd", `frame claims ${contentSize} bytes but its blocks hold at most ${blockBound}`);
  }
  return { start, end: pos, maxOutputBytes: contentSize ?? blockBound };
}

function readContentSize(view: DataView, pos: number, bytes: number): number | undefined {
  switch (bytes) {
    case 1:
      return view.getUint8(pos);
    case 2:
      return view.getUint16(pos, true) + 256; // the format stores FCS - 256 in two bytes
    case 4:
      return view.getUint32(pos, true);
    case 8:
      return Number(view.getBigUint64(pos, true));
    default:
      return undefined;
  }
}

function need(data: Uint8Array, pos: number, bytes: number, what: string): void {
  if (data.byteLength - pos < bytes) throw corruptCompressedError("zstd", `${what} truncated`);
}
