import { type LogFileSystem, readAt, writeFully } from "./file-system";

/**
 * A sparse index file of fixed-size entries sorted by their key, read with positioned reads (no
 * entry list in memory: lookups binary-search the file, one small read per step, and only the last
 * entry is cached). The subclasses define the entry layout (Kafka's OffsetIndex / TimeIndex).
 *
 * Invariant: the file holds exactly `entries * entrySize` bytes; keys strictly increase.
 */
export abstract class IndexFile {
  protected fd: number;
  entries: number;
  /** True when the file existed with a size that was not a whole number of entries (cut at open). */
  readonly wasTorn: boolean;
  private lastCache: Buffer | undefined;

  protected constructor(
    protected readonly fsys: LogFileSystem,
    public path: string,
    readonly baseOffset: bigint,
    protected readonly entrySize: number,
  ) {
    this.fd = fsys.open(path, true);
    const size = fsys.size(this.fd);
    this.wasTorn = size % entrySize !== 0;
    if (this.wasTorn) fsys.truncate(this.fd, size - (size % entrySize));
    this.entries = Math.floor(size / entrySize);
  }

  /** The raw bytes of entry `i` (0 <= i < entries). */
  protected entryAt(i: number): Buffer {
    if (i === this.entries - 1 && this.lastCache) return this.lastCache;
    const buf = readAt(this.fsys, this.fd, i * this.entrySize, this.entrySize);
    if (buf.length !== this.entrySize) throw new Error(`index ${this.path}: entry ${i} truncated`);
    if (i === this.entries - 1) this.lastCache = buf;
    return buf;
  }

  protected appendEntry(entry: Buffer): void {
    writeFully(this.fsys, this.fd, entry, this.entries * this.entrySize);
    this.entries++;
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
    this.fsys.truncate(this.fd, count * this.entrySize);
    this.entries = count;
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
    this.fsys.fsync(this.fd);
  }

  close(): void {
    this.fsys.close(this.fd);
  }

  /** Points this index at a renamed file (the descriptor stays valid across rename). */
  renamedTo(path: string): void {
    this.path = path;
  }
}
