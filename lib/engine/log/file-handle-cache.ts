import { type LogFileSystem, writeFully } from "./file-system";

/**
 * Bounded file descriptors for the partition log.
 *
 * A broker may host tens of thousands of partitions, each with a log file, an offset index and a
 * time index per segment; keeping them all open would hit the process's open-file limit (EMFILE)
 * long before the disk is full. Instead every segment file is a SegmentFile that opens its
 * descriptor on demand through a FileHandleCache, which keeps at most `maxOpenFiles` of them open
 * and closes the least recently used one to make room. An idle partition therefore holds no
 * descriptor; the files of a busy partition stay open because they are used often.
 *
 * Invariants:
 * - at most `maxOpenFiles` descriptors are open through one cache. A descriptor is never held
 *   across calls: each SegmentFile operation gets it, does one file-system call (or a loop of them
 *   on the same descriptor, for a whole write or read) and returns, so a limit of 1 still works.
 *   Outside the cache the log opens one short-lived descriptor at a time (checkpoint files), so a
 *   process's log descriptors are at most limit + 1 per cache.
 * - a SegmentFile reopened after eviction is the same file: it follows renames (changeSuffix) in
 *   its `path`; it reopens without O_CREAT, so a file removed underneath fails loudly instead of
 *   reading as empty; it is closed (and leaves the cache) before the log deletes it.
 * - durability: eviction closes without fsync (an fsync per eviction would cost a disk sync for
 *   every cold partition touched under the default flush policy, which leaves syncing to the OS).
 *   Instead the file remembers it is dirty, and fsync() of a dirty closed file reopens it and
 *   fsyncs: fsync makes every written page of the file durable, whichever descriptor wrote it
 *   (and since Linux 4.16 a writeback error not yet reported is reported to a descriptor opened
 *   after it happened, so the reopened fsync still fails if the evicted writes did not make it).
 *   A file is dirty from the start (what a previous process wrote may not be synced yet) until
 *   its first fsync, and again after each write or truncate; fsync of a clean file does nothing.
 */
/**
 * Default bound, shared by every broker of the process: well under a typical hard limit (20,000
 * on the target machine, `ulimit -Hn`), leaving the rest to client connections, the console and
 * its database.
 */
export const MAX_OPEN_LOG_FILES_DEFAULT = 4096;

export class FileHandleCache {
  /** Open files, least recently used first (a Map iterates in insertion order). */
  private readonly openFiles = new Map<SegmentFile, true>();
  private mostRecent: SegmentFile | undefined;
  /** Descriptors closed to make room (for tests and metrics). */
  evictions = 0;

  constructor(readonly maxOpenFiles: number = MAX_OPEN_LOG_FILES_DEFAULT) {
    if (!Number.isInteger(maxOpenFiles) || maxOpenFiles < 1)
      throw new RangeError(`maxOpenFiles must be a positive integer, got ${maxOpenFiles}`);
  }

  /** Descriptors currently open through this cache. */
  get openCount(): number {
    return this.openFiles.size;
  }

  /** Closes least recently used files until one more can be opened. */
  makeRoom(): void {
    while (this.openFiles.size >= this.maxOpenFiles) {
      const victim = this.openFiles.keys().next().value;
      if (victim === undefined) return;
      this.evictions++;
      victim.closeDescriptor();
    }
  }

  /** Records that `file` was opened or used now. */
  touch(file: SegmentFile): void {
    if (this.mostRecent === file) return;
    this.openFiles.delete(file);
    this.openFiles.set(file, true);
    this.mostRecent = file;
  }

  /** Forgets `file` (its descriptor was closed). */
  remove(file: SegmentFile): void {
    this.openFiles.delete(file);
    if (this.mostRecent === file) this.mostRecent = undefined;
  }

  /** Closes every descriptor of the cache (the files reopen on their next use). */
  closeAll(): void {
    for (const file of [...this.openFiles.keys()]) file.closeDescriptor();
  }
}

const SHARED_CACHE_KEY = Symbol.for("pier.engine.log.fileHandleCache");

/**
 * The process-wide cache used when none is given: every broker in the process (an embedded
 * cluster runs several) shares one bound. On globalThis because Next may evaluate a module once
 * per bundle (see ARCHITECTURE.md).
 */
export function sharedFileHandleCache(): FileHandleCache {
  const holder = globalThis as { [SHARED_CACHE_KEY]?: FileHandleCache };
  holder[SHARED_CACHE_KEY] ??= new FileHandleCache(MAX_OPEN_LOG_FILES_DEFAULT);
  return holder[SHARED_CACHE_KEY];
}

/** One file of a segment (log, offset index, time index), opened through a FileHandleCache when used. */
export class SegmentFile {
  private fd: number | undefined;
  /** False until the first open, which creates the file if needed; reopens require it to exist. */
  private created = false;
  private dirty = true;
  private closed = false;

  constructor(
    readonly fsys: LogFileSystem,
    readonly cache: FileHandleCache,
    public path: string,
  ) {}

  /** True while a descriptor is open (for tests). */
  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  /** True when something was written since the last fsync (for tests). */
  get isDirty(): boolean {
    return this.dirty;
  }

  private descriptor(): number {
    if (this.closed) throw new Error(`${this.path} is closed`);
    if (this.fd !== undefined) {
      this.cache.touch(this);
      return this.fd;
    }
    this.cache.makeRoom();
    const fd = this.fsys.open(this.path, !this.created);
    this.fd = fd;
    this.created = true;
    this.cache.touch(this);
    return fd;
  }

  /** Creates the file now (a new segment's files exist on disk as soon as it does). */
  create(): void {
    this.descriptor();
  }

  read(buf: Uint8Array, offset: number, length: number, position: number): number {
    return this.fsys.read(this.descriptor(), buf, offset, length, position);
  }

  /** Up to `length` bytes at `position`, read into a buffer from `allocate`; shorter only at end of file. */
  readAt(position: number, length: number, allocate: (bytes: number) => Buffer = Buffer.allocUnsafe): Buffer {
    const buf = allocate(length);
    let done = 0;
    while (done < length) {
      const n = this.read(buf, done, length - done, position + done);
      if (n <= 0) break;
      done += n;
    }
    return done === length ? buf : buf.subarray(0, done);
  }

  writeFully(buf: Uint8Array, position: number): void {
    this.dirty = true;
    writeFully(this.fsys, this.descriptor(), buf, position);
  }

  truncate(length: number): void {
    this.dirty = true;
    this.fsys.truncate(this.descriptor(), length);
  }

  /** The file's size; by stat when no descriptor is open (a size check costs no descriptor). */
  size(): number {
    if (this.fd !== undefined) return this.fsys.size(this.descriptor());
    return this.fsys.fileSize(this.path) ?? this.fsys.size(this.descriptor());
  }

  /** Makes every write so far durable, reopening the file if its descriptor was evicted. */
  fsync(): void {
    if (!this.dirty) return;
    this.fsys.fsync(this.descriptor());
    this.dirty = false;
  }

  /** The file was renamed to `path` (an open descriptor stays valid; a later reopen uses the new name). */
  renamedTo(path: string): void {
    this.path = path;
  }

  /** Closes the descriptor if open; the file reopens on its next use. Called by the cache to evict. */
  closeDescriptor(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    this.cache.remove(this);
    // A failed close leaves nothing to retry: the descriptor is released by the kernel either way,
    // and the dirty flag still makes the next fsync reopen the file and report any write error.
    try {
      this.fsys.close(fd);
    } catch {
      /* see above */
    }
  }

  /** Closes for good (before the file is deleted, or when the log closes). */
  close(): void {
    const fd = this.fd;
    this.closed = true;
    if (fd === undefined) return;
    this.fd = undefined;
    this.cache.remove(this);
    this.fsys.close(fd);
  }
}
