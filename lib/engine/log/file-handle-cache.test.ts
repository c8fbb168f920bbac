import * as nodeFs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { FileHandleCache, SegmentFile } from "./file-handle-cache";
import { NodeFileSystem } from "./file-system";
import { MemoryFileSystem } from "./memory-file-system";
import { makeTempDir } from "./test-support";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function memoryFiles(limit: number, count: number) {
  const fs = new MemoryFileSystem();
  fs.mkdir("/d");
  const cache = new FileHandleCache(limit);
  const files = Array.from({ length: count }, (_, i) => new SegmentFile(fs, cache, `/d/f${i}`));
  return { fs, cache, files };
}

function openDescriptors(): number {
  return nodeFs.readdirSync("/proc/self/fd").length;
}

describe("FileHandleCache", () => {
  it("keeps at most maxOpenFiles descriptors, closing the least recently used", () => {
    const { fs, cache, files } = memoryFiles(2, 3);
    const [a, b, c] = files as [SegmentFile, SegmentFile, SegmentFile];
    a.writeFully(Buffer.from("aa"), 0);
    b.writeFully(Buffer.from("bb"), 0);
    expect(a.readAt(0, 2).toString()).toBe("aa"); // a is now the most recently used
    c.writeFully(Buffer.from("cc"), 0);
    expect([a.isOpen, b.isOpen, c.isOpen]).toEqual([true, false, true]);
    expect(cache.openCount).toBe(2);
    expect(fs.openFileCount).toBe(2);
    expect(cache.evictions).toBe(1);
    for (const f of files) f.close();
    expect(fs.openFileCount).toBe(0);
    expect(cache.openCount).toBe(0);
  });

  it("reopens an evicted file with the same bytes, follows renames, and never recreates a removed file", () => {
    const { fs, cache, files } = memoryFiles(1, 2);
    const [a, b] = files as [SegmentFile, SegmentFile];
    a.writeFully(Buffer.from("0123456789"), 0);
    b.create();
    expect(a.isOpen).toBe(false);
    expect(a.readAt(2, 5).toString()).toBe("23456");
    expect(a.size()).toBe(10);
    fs.rename("/d/f0", "/d/f0.swap");
    a.renamedTo("/d/f0.swap");
    cache.closeAll();
    a.truncate(4);
    expect(fs.fileContent("/d/f0.swap")!.toString()).toBe("0123");
    expect(fs.exists("/d/f0")).toBe(false);
    cache.closeAll();
    fs.unlink("/d/f0.swap");
    expect(() => a.readAt(0, 4)).toThrow(/ENOENT/);
    expect(fs.exists("/d/f0.swap")).toBe(false);
  });

  it("fsync of an evicted dirty file reopens it and makes the earlier writes durable; a clean fsync does nothing", () => {
    const { fs, files } = memoryFiles(1, 2);
    const [a, b] = files as [SegmentFile, SegmentFile];
    a.writeFully(Buffer.from("acknowledged"), 0);
    b.writeFully(Buffer.from("other"), 0); // evicts a, unsynced
    expect(a.isOpen).toBe(false);
    expect(a.isDirty).toBe(true);
    // Without the fsync a machine crash loses the write (the crash model is not vacuous)...
    expect(fs.afterCrash("machine").fileContent("/d/f0")!.length).toBe(0);
    const opens = fs.calls.open;
    a.fsync();
    expect(fs.calls.open).toBe(opens + 1);
    // ...and with it the bytes survive.
    expect(fs.afterCrash("machine").fileContent("/d/f0")!.toString()).toBe("acknowledged");
    const syncs = fs.calls.fsync;
    a.fsync();
    b.fsync();
    b.fsync();
    expect(fs.calls.fsync).toBe(syncs + 1);
  });

  it("rejects a limit below one descriptor", () => {
    expect(() => new FileHandleCache(0)).toThrow(RangeError);
    expect(() => new FileHandleCache(1.5)).toThrow(RangeError);
  });

  it("bounds real descriptors (/proc/self/fd) and releases them all on close", () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const fs = new NodeFileSystem();
    const cache = new FileHandleCache(4);
    const before = openDescriptors();
    const files = Array.from({ length: 50 }, (_, i) => new SegmentFile(fs, cache, `${tmp.dir}/f${i}`));
    let peak = 0;
    for (let round = 0; round < 3; round++) {
      files.forEach((f, i) => {
        f.writeFully(Buffer.from(`${round}:${i};`), f.size());
        peak = Math.max(peak, openDescriptors() - before);
      });
    }
    files.forEach((f, i) => expect(f.readAt(0, 100).toString()).toBe(`0:${i};1:${i};2:${i};`));
    expect(peak).toBeLessThanOrEqual(4);
    expect(openDescriptors() - before).toBe(4);
    for (const f of files) f.close();
    expect(openDescriptors()).toBe(before);
  });
});
