import { type FileHandleCache, SegmentFile, sharedFileHandleCache } from "./file-handle-cache";
import type { LogFileSystem } from "./file-system";

/**
 * A sparse index file of fixed-size entries sorted by their key, read with positioned reads (no
 * entry list in memory: lookups binary-search the file, one small read per step, and only the last
 * entry is cached). The subclasses define the entry layout (Kafka's OffsetIndex / TimeIndex).
 *
 * The file is opened lazily, through the FileHandleCache, on first use (a loaded segment that is
 * never read costs no descriptor); a size that is not a whole number of entries is cut then.
 *
 * Invariant: the file holds exactly `entries * entrySize` bytes; keys strictly increase.
 */
export abstract class IndexFile {
  protected readonly file: SegmentFile;
  private entryCount: number | undefined;
  private torn = false;
  private lastCache: Buffer | undefined;

  protected constructor(
    fsys: LogFileSystem,
    path: string,
    readonly baseOffset: bigint,
    protected readonly entrySize: number,
    cache: FileHandleCache = sharedFileHandleCache(),
  ) {
    this.file = new SegmentFile(fsys, cache, path);
  }

  get path(): string {
    return this.file.path;
  }

  /** Number of entries (opens the file the first time). */
  get entries(): number {
    if (this.entryCount === undefined) {
      const size = this.file.size();
      this.torn = size % this.entrySize !== 0;
      if (this.torn) this.file.truncate(size - (size % this.entrySize));
      this.entryCount = Math.floor(size / this.entrySize);
    }
    return this.entryCount;
  }

  /** True when the file existed with a size that was not a whole number of entries (cut at load). */
  get wasTorn(): boolean {
    void this.entries;
    return this.torn;
  }

  /** Creates the file now (a new segment's files exist on disk as soon as it does). */
  create(): void {
    this.file.create();
  }

  /** The raw bytes of entry `i` (0 <= i < entries). */
  protected entryAt(i: number): Buffer {
    const last = this.entries - 1;
    if (i === last && this.lastCache) return this.lastCache;
    const buf = this.file.readAt(i * this.entrySize, this.entrySize);
    if (buf.length !== this.entrySize) throw new Error(`index ${this.path}: entry ${i} truncated`);
    if (i === last) this.lastCache = buf;
    return buf;
  }

  protected appendEntry(entry: Buffer): void {
    const count = this.entries;
    this.file.writeFully(entry, count * this.entrySize);
    this.entryCount = count + 1;
    this.lastCache = entry;
  }

  /**
   * Index of the last entry for which `isAtOrBelow(entry)` holds, -1 if none. `isAtOrBelow` must
   * be monotone (true for a prefix of the entries).
   */
  protected floorIndex(isAtOrBelow: (entry: Buffer) => boolean): number {
    let lo = 0;
    let hi = this.entries - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (isAtOrBelow(this.entryAt(mid))) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Keeps the first `count` entries. */
  truncateEntries(count: number): void {
    if (count >= this.entries) return;
    this.file.truncate(count * this.entrySize);
    this.entryCount = count;
    this.lastCache = undefined;
  }

  /** Drops every entry (before a rebuild). */
  reset(): void {
    this.truncateEntries(0);
  }

  get sizeInBytes(): number {
    return this.entries * this.entrySize;
  }

  flush(): void {
    this.file.fsync();
  }

  /** Releases the descriptor (the file reopens when used again). */
  release(): void {
    this.file.closeDescriptor();
  }

  close(): void {
    this.file.close();
  }

  /** Points this index at a renamed file (an open descriptor stays valid across rename). */
  renamedTo(path: string): void {
    this.file.renamedTo(path);
  }
}
