import type { FileHandleCache } from "./file-handle-cache";
import type { LogFileSystem } from "./file-system";
import { IndexFile } from "./index-file";

/**
 * Kafka's offset index (`<baseOffset>.index`): a sparse map from offset to byte position in the
 * segment's log file. Entry (8 bytes, big-endian): relativeOffset int32 (offset - baseOffset),
 * position int32. As in Kafka, an entry names the *last* offset of the batch starting at that
 * position, and one is added every `index.interval.bytes` of log.
 */
export const OFFSET_INDEX_ENTRY_BYTES = 8;

export interface OffsetPosition {
  offset: bigint;
  position: number;
}

export class OffsetIndex extends IndexFile {
  constructor(
    fsys: LogFileSystem,
    path: string,
    baseOffset: bigint,
    private maxEntries: number,
    cache?: FileHandleCache,
  ) {
    super(fsys, path, baseOffset, OFFSET_INDEX_ENTRY_BYTES, cache);
  }

  static maxEntriesFor(segmentIndexBytes: number): number {
    return Math.max(1, Math.floor(segmentIndexBytes / OFFSET_INDEX_ENTRY_BYTES));
  }

  setMaxEntries(maxEntries: number): void {
    this.maxEntries = maxEntries;
  }

  get isFull(): boolean {
    return this.entries >= this.maxEntries;
  }

  private decode(entry: Buffer): OffsetPosition {
    return { offset: this.baseOffset + BigInt(entry.readInt32BE(0)), position: entry.readInt32BE(4) };
  }

  entry(i: number): OffsetPosition {
    return this.decode(this.entryAt(i));
  }

  lastEntry(): OffsetPosition | undefined {
    return this.entries > 0 ? this.entry(this.entries - 1) : undefined;
  }

  /** The last entry with offset <= target; (baseOffset, 0) when there is none. */
  lookup(target: bigint): OffsetPosition {
    const relative = target - this.baseOffset;
    const i = this.floorIndex((e) => BigInt(e.readInt32BE(0)) <= relative);
    return i < 0 ? { offset: this.baseOffset, position: 0 } : this.entry(i);
  }

  /** Appends an entry; ignored unless the offset is past the last entry (entries strictly increase). */
  append(offset: bigint, position: number): void {
    const last = this.lastEntry();
    if (last && offset <= last.offset) return;
    const entry = Buffer.allocUnsafe(OFFSET_INDEX_ENTRY_BYTES);
    entry.writeInt32BE(Number(offset - this.baseOffset), 0);
    entry.writeInt32BE(position, 4);
    this.appendEntry(entry);
  }

  /** Removes every entry with offset >= target. */
  truncateTo(target: bigint): void {
    const relative = target - this.baseOffset;
    this.truncateEntries(this.floorIndex((e) => BigInt(e.readInt32BE(0)) < relative) + 1);
  }

  /** Cheap structural check at load (Kafka's sanityCheck): positions within the log, offsets past base. */
  isSane(logSize: number): boolean {
    const last = this.lastEntry();
    return last === undefined || (last.offset >= this.baseOffset && last.position >= 0 && last.position < logSize);
  }
}
