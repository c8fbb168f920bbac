import * as fs from "node:fs";

/**
 * The file-system seam of the partition log. Every byte the log reads or writes goes through one
 * of these calls, so tests can swap in MemoryFileSystem (fault injection, simulated crashes) and
 * the broker uses NodeFileSystem (synchronous node:fs calls: a positioned write to the page cache
 * costs microseconds, see shared/research/performance-notes.md B2, and the log runs on the
 * broker's event loop).
 *
 * Calls throw on failure (as node:fs does); the log turns that into LogError KAFKA_STORAGE_ERROR.
 */
export interface LogFileSystem {
  /** Opens a file for reading and writing, creating it when `create` is set. Returns a descriptor. */
  open(path: string, create: boolean): number;
  close(fd: number): void;
  /** Positioned read into buf[offset, offset+length); returns the bytes read (0 at end of file). */
  read(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number;
  /** Positioned write of buf[offset, offset+length); returns the bytes written. */
  write(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number;
  fsync(fd: number): void;
  truncate(fd: number, length: number): void;
  size(fd: number): number;
  /** Size of the file at `path` without opening it (stat), undefined when it does not exist. */
  fileSize(path: string): number | undefined;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  exists(path: string): boolean;
  readdir(dir: string): string[];
  mkdir(dir: string): void;
  /** Removes a directory and everything in it. */
  rmdir(dir: string): void;
  isDirectory(path: string): boolean;
  /** Makes renames and unlinks in `dir` durable (fsync of the directory). */
  fsyncDir(dir: string): void;
}

/** The real implementation, over node:fs synchronous calls. */
export class NodeFileSystem implements LogFileSystem {
  open(path: string, create: boolean): number {
    return fs.openSync(path, create ? fs.constants.O_RDWR | fs.constants.O_CREAT : fs.constants.O_RDWR, 0o644);
  }
  close(fd: number): void {
    fs.closeSync(fd);
  }
  read(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number {
    return fs.readSync(fd, buf, offset, length, position);
  }
  write(fd: number, buf: Uint8Array, offset: number, length: number, position: number): number {
    return fs.writeSync(fd, buf, offset, length, position);
  }
  fsync(fd: number): void {
    fs.fdatasyncSync(fd);
  }
  truncate(fd: number, length: number): void {
    fs.ftruncateSync(fd, length);
  }
  size(fd: number): number {
    return fs.fstatSync(fd).size;
  }
  fileSize(path: string): number | undefined {
    return fs.statSync(path, { throwIfNoEntry: false })?.size;
  }
  rename(from: string, to: string): void {
    fs.renameSync(from, to);
  }
  unlink(path: string): void {
    fs.rmSync(path, { force: true });
  }
  exists(path: string): boolean {
    return fs.existsSync(path);
  }
  readdir(dir: string): string[] {
    return fs.readdirSync(dir);
  }
  mkdir(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
  }
  rmdir(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  isDirectory(path: string): boolean {
    return fs.statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  }
  fsyncDir(dir: string): void {
    const fd = fs.openSync(dir, fs.constants.O_RDONLY);
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Writes all of `buf` at `position`, looping over short writes. */
export function writeFully(fsys: LogFileSystem, fd: number, buf: Uint8Array, position: number): void {
  let done = 0;
  while (done < buf.byteLength) {
    const n = fsys.write(fd, buf, done, buf.byteLength - done, position + done);
    if (n <= 0) throw new Error(`write returned ${n}`);
    done += n;
  }
}

/** Reads up to `length` bytes at `position`; the result is shorter only at end of file. */
export function readAt(fsys: LogFileSystem, fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fsys.read(fd, buf, done, length - done, position + done);
    if (n <= 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** A whole small file (checkpoints), or undefined when it does not exist. */
export function readSmallFile(fsys: LogFileSystem, path: string): Buffer | undefined {
  if (!fsys.exists(path)) return undefined;
  const fd = fsys.open(path, false);
  try {
    return readAt(fsys, fd, 0, fsys.size(fd));
  } finally {
    fsys.close(fd);
  }
}

/**
 * Replaces a small file atomically: write `path.tmp`, fsync it, rename over `path`, fsync the
 * directory (Kafka's CheckpointFile does the same), so a crash leaves the old or the new content.
 */
export function writeFileAtomic(fsys: LogFileSystem, dir: string, name: string, content: Uint8Array): void {
  const path = `${dir}/${name}`;
  const tmp = `${path}.tmp`;
  const fd = fsys.open(tmp, true);
  try {
    fsys.truncate(fd, 0);
    writeFully(fsys, fd, content, 0);
    fsys.fsync(fd);
  } finally {
    fsys.close(fd);
  }
  fsys.rename(tmp, path);
  fsys.fsyncDir(dir);
}
