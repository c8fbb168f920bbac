import { BATCH_HEADER_SIZE, BATCH_LOG_OVERHEAD, BatchOffset, CURRENT_MAGIC } from "../../protocol/records/batch-header";
import type { SegmentFile } from "./file-handle-cache";

/**
 * Reading batch headers out of a segment's log file without loading the segment: a small block
 * is read at a position and headers are parsed from it; a header outside the block triggers a
 * new positioned read. Used by offset translation, time lookup, recovery and truncation.
 */
export const HEADER_READ_BLOCK_BYTES = 16 * 1024;
/** The smallest legal batchLength: a header with no records. */
export const MIN_BATCH_LENGTH = BATCH_HEADER_SIZE - BATCH_LOG_OVERHEAD;

/** What the log needs to know about one stored batch. */
export interface BatchInfo {
  position: number;
  /** Whole batch size in bytes, header included. */
  size: number;
  baseOffset: bigint;
  lastOffset: bigint;
  maxTimestamp: bigint;
  baseTimestamp: bigint;
  attributes: number;
  partitionLeaderEpoch: number;
  recordCount: number;
  magic: number;
}

/** Parses the header at `pos` of `buf` (caller guarantees BATCH_HEADER_SIZE bytes). */
export function parseBatchInfo(buf: Buffer, pos: number, position: number): BatchInfo {
  const baseOffset = buf.readBigInt64BE(pos + BatchOffset.baseOffset);
  return {
    position,
    size: buf.readInt32BE(pos + BatchOffset.batchLength) + BATCH_LOG_OVERHEAD,
    baseOffset,
    lastOffset: baseOffset + BigInt(buf.readInt32BE(pos + BatchOffset.lastOffsetDelta)),
    maxTimestamp: buf.readBigInt64BE(pos + BatchOffset.maxTimestamp),
    baseTimestamp: buf.readBigInt64BE(pos + BatchOffset.baseTimestamp),
    attributes: buf.readInt16BE(pos + BatchOffset.attributes),
    partitionLeaderEpoch: buf.readInt32BE(pos + BatchOffset.partitionLeaderEpoch),
    recordCount: buf.readInt32BE(pos + BatchOffset.recordCount),
    magic: buf.readInt8(pos + BatchOffset.magic),
  };
}

/** Structural validity of a header read from disk (CRC is checked separately, where needed). */
export function isPlausibleBatch(info: BatchInfo, bytesAvailable: number): boolean {
  return (
    info.magic === CURRENT_MAGIC &&
    info.size >= BATCH_HEADER_SIZE &&
    info.size <= bytesAvailable &&
    info.lastOffset >= info.baseOffset &&
    info.baseOffset >= 0n
  );
}

export class BatchHeaderReader {
  private block: Buffer = Buffer.alloc(0);
  private blockStart = 0;

  constructor(
    private readonly file: SegmentFile,
    /** Bytes of the file that count (the segment's size); nothing at or past it is read. */
    private readonly end: number,
  ) {}

  /** The batch at `position`, or undefined when no plausible whole batch starts there. */
  at(position: number): BatchInfo | undefined {
    if (position + BATCH_HEADER_SIZE > this.end) return undefined;
    const inBlock = position - this.blockStart;
    if (inBlock < 0 || inBlock + BATCH_HEADER_SIZE > this.block.length) {
      this.block = this.file.readAt(position, Math.min(HEADER_READ_BLOCK_BYTES, this.end - position));
      this.blockStart = position;
      if (this.block.length < BATCH_HEADER_SIZE) return undefined;
    }
    const info = parseBatchInfo(this.block, position - this.blockStart, position);
    return isPlausibleBatch(info, this.end - position) ? info : undefined;
  }

  /** Visits batches from `position` until `visit` returns false or the batches end. */
  scan(position: number, visit: (info: BatchInfo) => boolean): void {
    let pos = position;
    for (let info = this.at(pos); info; info = this.at(pos)) {
      if (!visit(info)) return;
      pos += info.size;
    }
  }
}
