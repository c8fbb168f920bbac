import * as nodeFs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { decodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { ErrorCode } from "../../protocol/error-codes";
import { FileHandleCache } from "./file-handle-cache";
import { LogError } from "./log-error";
import { LogManager } from "./log-manager";
import { MemoryFileSystem } from "./memory-file-system";
import { PartitionLog } from "./partition-log";
import { segmentPaths } from "./segment-files";
import { makeTempDir, testConfig, valuesBatch } from "./test-support";

/**
 * The partition log's descriptor bound (file-handle-cache.ts): descriptors stay under the cache's
 * limit whatever the number of partitions and segments, and closing, reopening, truncating and
 * deleting files underneath the log changes nothing it reads or makes durable.
 */
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** Descriptors a log may open outside its cache: one checkpoint file at a time, briefly. */
const TRANSIENT_DESCRIPTORS = 1;

function values(log: PartitionLog, from = log.logStartOffset): string[] {
  const out: string[] = [];
  let offset = from;
  while (offset < log.logEndOffset) {
    const { records } = log.read(offset, 100_000);
    if (records.length === 0) break;
    for (const { pos, header } of iterateBatches(records)) {
      for (const r of decodeRecordBatch(records, pos).records) out.push(r.value!.toString());
      offset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
    }
  }
  return out;
}

function openDescriptors(): number {
  return nodeFs.readdirSync("/proc/self/fd").length;
}

describe("bounded file descriptors", () => {
  it("runs 20,000 partitions in one LogManager within 256 descriptors", () => {
    const PARTITIONS = 20_000;
    const LIMIT = 256;
    const fs = new MemoryFileSystem();
    const manager = new LogManager("/logs", { fs, maxOpenFiles: LIMIT });
    const config = testConfig();
    const logOf = (i: number) => manager.getOrCreate(`topic-${i % 2_000}`, Math.floor(i / 2_000), config);
    for (let i = 0; i < PARTITIONS; i++) {
      logOf(i).appendAsLeader(valuesBatch(2, 1_000n, `p${i}-`), 0);
      if (i % 1_000 === 0) expect(fs.openFileCount).toBeLessThanOrEqual(LIMIT + TRANSIENT_DESCRIPTORS);
    }
    for (let i = PARTITIONS - 1; i >= 0; i--) {
      const log = logOf(i);
      log.appendAsLeader(valuesBatch(1, 2_000n, `q${i}-`), 0);
      expect(values(log)).toEqual([`p${i}-0`, `p${i}-1`, `q${i}-0`]);
    }
    expect(manager.fileCache.openCount).toBeLessThanOrEqual(LIMIT);
    expect(fs.peakOpenFileCount).toBeLessThanOrEqual(LIMIT + TRANSIENT_DESCRIPTORS);
    expect(manager.fileCache.evictions).toBeGreaterThan(PARTITIONS);
    manager.close();
    expect(fs.openFileCount).toBe(0);
    // Every append made it to the files: a reload sees all of them.
    const reloaded = new LogManager("/logs", { fs, maxOpenFiles: LIMIT });
    reloaded.loadExisting(() => config);
    expect([...reloaded.all()]).toHaveLength(PARTITIONS);
    expect(values(reloaded.get("topic-1999", 9)!)).toEqual(["p19999-0", "p19999-1", "q19999-0"]);
    expect(fs.openFileCount).toBeLessThanOrEqual(LIMIT);
    // (not closed: closing writes checkpoints for every partition again, and proves nothing new here)
  });

  it("keeps real descriptors (/proc/self/fd) under the limit for 100 partitions on disk, and releases them on close", () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const LIMIT = 16;
    const before = openDescriptors();
    const manager = new LogManager(tmp.dir, { maxOpenFiles: LIMIT });
    let peak = 0;
    const config = testConfig({ segmentBytes: 150 });
    for (let round = 0; round < 3; round++) {
      for (let p = 0; p < 100; p++) {
        const log = manager.getOrCreate("disk", p, config);
        log.appendAsLeader(valuesBatch(2, 1_000n, `r${round}p${p}-`), 0);
        peak = Math.max(peak, openDescriptors() - before);
      }
    }
    for (let p = 0; p < 100; p += 3) {
      const log = manager.get("disk", p)!;
      expect(log.segmentCount()).toBeGreaterThan(1);
      expect(values(log)).toEqual([0, 1, 2].flatMap((r) => [`r${r}p${p}-0`, `r${r}p${p}-1`]));
      peak = Math.max(peak, openDescriptors() - before);
    }
    expect(peak).toBeLessThanOrEqual(LIMIT);
    manager.close();
    expect(openDescriptors()).toBe(before);
  });

  it("reads back what an evicted log wrote, keeps a busy log's files open, and a flush after eviction survives a machine crash", () => {
    let fs = new MemoryFileSystem();
    const fileCache = new FileHandleCache(6);
    const config = testConfig({ segmentBytes: 250 });
    const a = PartitionLog.open("/data/a-0", config, { fs, fileCache });
    const b = PartitionLog.open("/data/b-0", config, { fs, fileCache });
    for (let i = 0; i < 8; i++) a.appendAsLeader(valuesBatch(2, 1_000n, `a${i}-`), 0);
    expect(a.segmentCount()).toBeGreaterThan(2);
    for (let i = 0; i < 8; i++) b.appendAsLeader(valuesBatch(2, 1_000n, `b${i}-`), 0);
    expect(fileCache.openCount).toBeLessThanOrEqual(6);
    // a's active log file was evicted by b's appends: unflushed, so a machine crash now would lose it...
    expect(PartitionLog.open("/data/a-0", config, { fs: fs.afterCrash("machine") }).logEndOffset).toBeLessThan(16n);
    // ...it reopens with the same bytes...
    expect(values(a)).toEqual(Array.from({ length: 8 }, (_, i) => [`a${i}-0`, `a${i}-1`]).flat());
    // ...and flushing a after b evicted its files again makes everything durable.
    for (let i = 0; i < 8; i++) b.appendAsLeader(valuesBatch(2, 1_000n, `c${i}-`), 0);
    a.flush();
    const end = a.logEndOffset;
    fs = fs.afterCrash("machine");
    const recovered = PartitionLog.open("/data/a-0", config, { fs });
    expect(recovered.logEndOffset).toBe(end);
    expect(values(recovered).slice(0, 2)).toEqual(["a0-0", "a0-1"]);
    recovered.close();
  });

  it("keeps the files of busy partitions open while idle ones hold none", () => {
    const fs = new MemoryFileSystem();
    // Three busy partitions use 9 files (log, offset index, time index).
    const manager = new LogManager("/logs", { fs, maxOpenFiles: 9 });
    const config = testConfig();
    for (let p = 0; p < 50; p++) manager.getOrCreate("idle", p, config).appendAsLeader(valuesBatch(1), 0);
    const busy = [0, 1, 2].map((p) => manager.getOrCreate("busy", p, config));
    for (const log of busy) log.appendAsLeader(valuesBatch(1), 0);
    const opens = fs.calls.open;
    for (let i = 0; i < 100; i++) {
      for (const log of busy) {
        log.appendAsLeader(valuesBatch(3), 0);
        log.read(log.logEndOffset - 2n, 10_000);
      }
    }
    expect(fs.calls.open).toBe(opens);
    expect(manager.fileCache.openCount).toBe(9);
    manager.close();
  });

  it("closes the descriptors of truncated and deleted segments", () => {
    const fs = new MemoryFileSystem();
    const fileCache = new FileHandleCache(1_000);
    const log = PartitionLog.open("/data/t-0", testConfig({ segmentBytes: 200 }), { fs, fileCache });
    for (let i = 0; i < 12; i++) log.appendAsLeader(valuesBatch(2, 1_000n, `v${i}-`), 0);
    const segments = log.segmentCount();
    expect(segments).toBeGreaterThan(4);
    expect(values(log)).toHaveLength(24);
    expect(fs.openFileCount).toBe(segments * 3);
    log.deleteRecordsBefore(10n);
    const afterDelete = log.segmentCount();
    expect(afterDelete).toBeLessThan(segments);
    expect(fs.openFileCount).toBe(afterDelete * 3);
    log.truncateTo(16n);
    expect(fs.openFileCount).toBeLessThanOrEqual(log.segmentCount() * 3);
    expect(fileCache.openCount).toBe(fs.openFileCount);
    log.appendAsLeader(valuesBatch(1, 1_000n, "after"), 0);
    fileCache.closeAll();
    expect(values(log)).toEqual(["v5-0", "v5-1", "v6-0", "v6-1", "v7-0", "v7-1", "after0"]);
    log.close();
    expect(fs.openFileCount).toBe(0);
    expect(fileCache.openCount).toBe(0);
  });

  it("a failed reopen of an evicted file is a KAFKA_STORAGE_ERROR and the log stays usable", () => {
    const fs = new MemoryFileSystem();
    const fileCache = new FileHandleCache(3);
    const log = PartitionLog.open("/data/f-0", testConfig(), { fs, fileCache });
    log.appendAsLeader(valuesBatch(2), 0);
    const storageError = (fn: () => unknown) => {
      fs.inject({ op: "open", pathIncludes: ".log" });
      fileCache.closeAll();
      let thrown: unknown;
      try {
        fn();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(LogError);
      expect((thrown as LogError).errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    };
    storageError(() => log.read(0n, 1_000));
    storageError(() => log.appendAsLeader(valuesBatch(1, 1_000n, "lost"), 0));
    expect(log.logEndOffset).toBe(2n);
    expect(log.appendAsLeader(valuesBatch(1, 1_000n, "kept"), 0).firstOffset).toBe(2n);
    expect(values(log)).toEqual(["v0", "v1", "kept0"]);
    log.close();
  });

  it("a clean start opens only the last segment's files and reads older segments when first used", () => {
    const fs = new MemoryFileSystem();
    const dir = "/data/lazy-0";
    const config = testConfig({ segmentBytes: 250, indexIntervalBytes: 1 });
    const log = PartitionLog.open(dir, config, { fs });
    for (let i = 0; i < 12; i++) log.appendAsLeader(valuesBatch(2, BigInt(1_000 + i), `v${i}-`), 0);
    const bases = log.segmentList().map((s) => s.baseOffset);
    expect(bases.length).toBeGreaterThan(3);
    log.close();
    // Opening an older segment's log or time index file during the clean start fails the test.
    for (const base of bases.slice(0, -1)) {
      const paths = segmentPaths(dir, base);
      fs.inject({ op: "open", pathIncludes: paths.log });
      fs.inject({ op: "open", pathIncludes: paths.timeIndex });
    }
    const fileCache = new FileHandleCache(100);
    const reopened = PartitionLog.open(dir, config, { fs, fileCache });
    expect(reopened.recovery.cleanShutdown).toBe(true);
    expect(fs.openFileCount).toBeLessThanOrEqual(3);
    fs.clearFaults();
    expect(reopened.logEndOffset).toBe(24n);
    expect(values(reopened)).toHaveLength(24);
    expect(reopened.offsetForTimestamp(1_003n)?.offset).toBe(6n);
    expect(reopened.maxTimestampOffset()).toEqual({ offset: 22n, timestamp: 1_011n });
    reopened.close();
  });

  it("checks an older segment's time index when the segment is first used, and rebuilds it if damaged", () => {
    const fs = new MemoryFileSystem();
    const dir = "/data/lazy-1";
    const config = testConfig({ segmentBytes: 250, indexIntervalBytes: 1 });
    const log = PartitionLog.open(dir, config, { fs });
    for (let i = 0; i < 12; i++) log.appendAsLeader(valuesBatch(2, BigInt(1_000 + i), `v${i}-`), 0);
    log.close();
    const timeIndex = segmentPaths(dir, 0n).timeIndex;
    const good = Buffer.from(fs.fileContent(timeIndex)!);
    const bad = Buffer.from(good);
    bad.writeInt32BE(1_000_000, bad.length - 4); // last entry names an offset past the segment
    fs.setFileContent(timeIndex, bad);
    const reopened = PartitionLog.open(dir, config, { fs });
    expect(reopened.recovery.indexesRebuilt).toBe(0);
    expect(reopened.offsetForTimestamp(1_000n)?.offset).toBe(0n);
    expect(reopened.recovery.indexesRebuilt).toBe(1);
    expect(fs.fileContent(timeIndex)!.equals(good)).toBe(true);
    expect(reopened.maxTimestampOffset()).toEqual({ offset: 22n, timestamp: 1_011n });
    reopened.close();
  });
});
