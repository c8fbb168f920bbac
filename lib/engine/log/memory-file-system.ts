import type { LogFileSystem } from "./file-system";

/**
 * An in-memory LogFileSystem with fault injection, for tests: no real disk, and a way to make
 * any call fail, tear a write after N bytes, or simulate a crash.
 *
 * Durability model: each file has its current content (the "page cache") and its durable content
 * (what the last fsync saw). `afterCrash("process")` keeps the current content (a process crash
 * loses nothing the kernel accepted); `afterCrash("machine")` keeps only the durable content.
 * Directory operations (create, rename, unlink) are treated as durable at once.
 */
export type FaultOp = "open" | "read" | "write" | "fsync" | "truncate" | "rename" | "unlink" | "fsyncDir";

export interface Fault {
  op: FaultOp;
  /** Only calls on a path containing this string match (default: any path). */
  pathIncludes?: string;
  /** For writes: write this many bytes first, then fail (a torn write). */
  tornBytes?: number;
  /** After this fault fires every call fails, as if the machine stopped: use afterCrash(). */
  crash?: boolean;
}

/** Smallest buffer a file grows to; small, since tests hold tens of thousands of tiny files. */
const MIN_FILE_CAPACITY_BYTES = 256;

class MemFile {
  data: Buffer = Buffer.alloc(0);
  length = 0;
  durable: Buffer = Buffer.alloc(0);

  ensure(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = Buffer.alloc(Math.max(capacity, this.data.length * 2, MIN_FILE_CAPACITY_BYTES));
    this.data.copy(next, 0, 0, this.length);
    this.data = next;
  }
  content(): Buffer {
    return this.data.subarray(0, this.length);
  }
}

export class InjectedFault extends Error {
  constructor(op: string, path: string) {
    super(`EIO: injected ${op} failure on ${path}`);
    this.name = "InjectedFault";
  }
}

export class MemoryFileSystem implements LogFileSystem {
  private readonly files = new Map<string, MemFile>();
  private readonly dirs = new Set<string>(["/"]);
  /** Names of the files and directories in each directory (readdir is per directory, not a full scan). */
  private readonly children = new Map<string, Set<string>>();
  private readonly fds = new Map<number, { path: string; file: MemFile }>();
  private nextFd = 3;
  /** Most descriptors open at once since creation (or resetPeakOpenFiles). */
  private peakOpen = 0;
  private readonly faults: Fault[] = [];
  private crashed = false;
  /** Counts of calls per op, for tests that want to fail "the Nth write". */
  readonly calls: Record<FaultOp, number> = {
    open: 0,
    read: 0,
    write: 0,
    fsync: 0,
    truncate: 0,
    rename: 0,
    unlink: 0,
    fsyncDir: 0,
  };

  /** Queues a fault: the next call matching it fails (once). */
  inject(fault: Fault): void {
    this.faults.push(fault);
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  get isCrashed(): boolean {
    return this.crashed;
  }

  /** Descriptors open now: what a real process would count in /proc/self/fd. */
  get openFileCount(): number {
    return this.fds.size;
  }

  get peakOpenFileCount(): number {
    return this.peakOpen;
  }

  resetPeakOpenFiles(): void {
    this.peakOpen = this.fds.size;
  }

  private addEntry(path: string): void {
    const parent = this.parentOf(path);
    let names = this.children.get(parent);
    if (!names) {
      names = new Set();
      this.children.set(parent, names);
    }
    names.add(path.slice(parent === "/" ? 1 : parent.length + 1));
  }

  private removeEntry(path: string): void {
    const parent = this.parentOf(path);
    this.children.get(parent)?.delete(path.slice(parent === "/" ? 1 : parent.length + 1));
  }

  private addFile(path: string, file: MemFile): void {
    if (!this.files.has(path)) this.addEntry(path);
    this.files.set(path, file);
  }

  /** A new file system holding what survives a crash of the given kind. Open descriptors are gone. */
  afterCrash(kind: "process" | "machine"): MemoryFileSystem {
    const next = new MemoryFileSystem();
    for (const dir of this.dirs) next.mkdir(dir);
    for (const [path, file] of this.files) {
      const copy = new MemFile();
      const content = kind === "process" ? file.content() : file.durable;
      copy.ensure(content.length);
      content.copy(copy.data);
      copy.length = content.length;
      copy.durable = Buffer.from(file.durable);
      next.addFile(path, copy);
    }
    return next;
  }

  /** Test access to raw file bytes (for corrupting them, or checking them). */
  fileContent(path: string): Buffer | undefined {
    return this.files.get(path)?.content();
  }

  setFileContent(path: string, content: Uint8Array): void {
    const file = this.files.get(path) ?? new MemFile();
    file.data = Buffer.from(content);
    file.length = content.length;
    this.addFile(path, file);
  }

  private check(op: FaultOp, path: string): Fault | undefined {
    this.calls[op]++;
    if (this.crashed) throw new InjectedFault(`${op} after crash`, path);
    const i = this.faults.findIndex(
      (f) => f.op === op && (f.pathIncludes === undefined || path.includes(f.pathIncludes)),
    );
    if (i < 0) return undefined;
    const [fault] = this.faults.splice(i, 1);
    if (fault?.crash) this.crashed = true;
    if (op !== "write" || fault?.tornBytes === undefined) throw new InjectedFault(op, path);
    return fault;
  }

  private entry(fd: number): { path: string; file: MemFile } {
    const e = this.fds.get(fd);
    if (!e) throw new Error(`EBADF: bad file descriptor ${fd}`);
    return e;
  }

  private parentOf(path: string): string {
    const i = path.lastIndexOf("/");
    return i <= 0 ? "/" : path.slice(0, i);
  }

  open(path: string, create: boolean): number {
    this.check("open", path);
    let file = this.files.get(path);
    if (!file) {
      if (!create) throw new Error(`ENOENT: no such file ${path}`);
      if (!this.dirs.has(this.parentOf(path))) throw new Error(`ENOENT: no such directory ${this.parentOf(path)}`);
      file = new MemFile();
      this.addFile(path, file);
    }
    const fd = this.nextFd++;
    this.fds.set(fd, { path, file });
    this.peakOpen = Math.max(this.peakOpen, this.fds.size);
    return fd;
  }

  close(fd: number): void {
    this.entry(fd);
    this.fds.delete(fd);
  }

  read(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number {
    const { path, file } = this.entry(fd);
    this.check("read", path);
    const n = Math.max(0, Math.min(length, file.length - position));
    if (n > 0) buf.set(file.data.subarray(position, position + n), offset);
    return n;
  }

  write(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number {
    const { path, file } = this.entry(fd);
    const fault = this.check("write", path);
    const n = fault ? Math.min(length, fault.tornBytes ?? 0) : length;
    file.ensure(position + n);
    file.data.set(buf.subarray(offset, offset + n), position);
    file.length = Math.max(file.length, position + n);
    if (fault) throw new InjectedFault("write (torn)", path);
    return n;
  }

  fsync(fd: number): void {
    const { path, file } = this.entry(fd);
    this.check("fsync", path);
    file.durable = Buffer.from(file.content());
  }

  truncate(fd: number, length: number): void {
    const { path, file } = this.entry(fd);
    this.check("truncate", path);
    file.ensure(length);
    if (length > file.length) file.data.fill(0, file.length, length);
    file.length = length;
  }

  size(fd: number): number {
    return this.entry(fd).file.length;
  }

  fileSize(path: string): number | undefined {
    return this.files.get(path)?.length;
  }

  rename(from: string, to: string): void {
    this.check("rename", from);
    const file = this.files.get(from);
    if (!file) throw new Error(`ENOENT: rename ${from}`);
    this.files.delete(from);
    this.removeEntry(from);
    this.addFile(to, file);
  }

  unlink(path: string): void {
    this.check("unlink", path);
    if (this.files.delete(path)) this.removeEntry(path);
  }

  exists(path: string): boolean {
    return this.files.has(path) || this.dirs.has(path);
  }

  readdir(dir: string): string[] {
    if (!this.dirs.has(dir)) throw new Error(`ENOENT: no such directory ${dir}`);
    return [...(this.children.get(dir) ?? [])].sort();
  }

  mkdir(dir: string): void {
    const parts = dir.split("/").filter((p) => p.length > 0);
    let path = "";
    for (const part of parts) {
      path += `/${part}`;
      if (this.dirs.has(path)) continue;
      this.dirs.add(path);
      this.addEntry(path);
    }
  }

  rmdir(dir: string): void {
    const prefix = `${dir}/`;
    for (const path of [...this.files.keys()]) if (path.startsWith(prefix)) this.files.delete(path);
    for (const path of [...this.dirs]) {
      if (path !== dir && !path.startsWith(prefix)) continue;
      this.dirs.delete(path);
      this.children.delete(path);
    }
    if (this.dirs.has(this.parentOf(dir))) this.removeEntry(dir);
  }

  isDirectory(path: string): boolean {
    return this.dirs.has(path);
  }

  fsyncDir(dir: string): void {
    this.check("fsyncDir", dir);
  }
}
