import type { FileHandleCache } from "./file-handle-cache";
import type { LogFileSystem } from "./file-system";
import { IndexFile } from "./index-file";

/**
 * Kafka's time index (`<baseOffset>.timeindex`). Entry (12 bytes, big-endian): timestamp int64,
 * relativeOffset int32. An entry (T, o) says: the largest timestamp among records up to and
 * including offset o is T. Entries are appended only when T grows, so timestamps strictly increase.
 */
export const TIME_INDEX_ENTRY_BYTES = 12;

export interface TimestampOffset {
  timestamp: bigint;
  offset: bigint;
}

export class TimeIndex extends IndexFile {
  constructor(fsys: LogFileSystem, path: string, baseOffset: bigint, cache?: FileHandleCache) {
    super(fsys, path, baseOffset, TIME_INDEX_ENTRY_BYTES, cache);
  }

  private decode(entry: Buffer): TimestampOffset {
    return { timestamp: entry.readBigInt64BE(0), offset: this.baseOffset + BigInt(entry.readInt32BE(8)) };
  }

  lastEntry(): TimestampOffset | undefined {
    return this.entries > 0 ? this.decode(this.entryAt(this.entries - 1)) : undefined;
  }

  /**
   * The last entry whose timestamp is strictly below `timestamp`: every record up to its offset is
   * older than `timestamp`, so a search for the first record at or after it may start past there.
   */
  lastEntryBefore(timestamp: bigint): TimestampOffset | undefined {
    const i = this.floorIndex((e) => e.readBigInt64BE(0) < timestamp);
    return i < 0 ? undefined : this.decode(this.entryAt(i));
  }

  /** Appends (timestamp, offset) when the timestamp is larger than the last entry's. */
  maybeAppend(timestamp: bigint, offset: bigint): void {
    const last = this.lastEntry();
    if (last && (timestamp <= last.timestamp || offset < last.offset)) return;
    const entry = Buffer.allocUnsafe(TIME_INDEX_ENTRY_BYTES);
    entry.writeBigInt64BE(timestamp, 0);
    entry.writeInt32BE(Number(offset - this.baseOffset), 8);
    this.appendEntry(entry);
  }

  /** Removes every entry with offset >= target. */
  truncateTo(target: bigint): void {
    const relative = target - this.baseOffset;
    this.truncateEntries(this.floorIndex((e) => BigInt(e.readInt32BE(8)) < relative) + 1);
  }

  isSane(lastOffsetInSegment: bigint): boolean {
    const last = this.lastEntry();
    return last === undefined || (last.offset >= this.baseOffset && last.offset <= lastOffsetInSegment);
  }
}
