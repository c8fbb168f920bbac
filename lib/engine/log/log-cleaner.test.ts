import { describe, expect, it } from "vitest";
import { BatchOffset, CompressionType, DELETE_HORIZON_MASK } from "../../protocol/records/batch-header";
import { decodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { cleanableSegments, CleanTask } from "./log-cleaner";
import { MemoryFileSystem } from "./memory-file-system";
import { PartitionLog } from "./partition-log";
import { makeBatch, testConfig, type TestRecord } from "./test-support";

const DIR = "/data/users-0";

interface Stored {
  offset: bigint;
  key: string | null;
  value: string | null;
  timestamp: bigint;
}

function readAll(log: PartitionLog): {
  records: Stored[];
  batches: Array<{ base: bigint; last: bigint; attributes: number; baseTimestamp: bigint; compression: number }>;
} {
  const records: Stored[] = [];
  const batches: Array<{ base: bigint; last: bigint; attributes: number; baseTimestamp: bigint; compression: number }> =
    [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { records: bytes } = log.read(offset, 1_000_000);
    if (bytes.length === 0) break;
    for (const { pos, header } of iterateBatches(bytes)) {
      const batch = decodeRecordBatch(bytes, pos);
      const last = header.baseOffset + BigInt(header.lastOffsetDelta);
      batches.push({
        base: header.baseOffset,
        last,
        attributes: header.attributes,
        baseTimestamp: header.baseTimestamp,
        compression: header.attributes & 7,
      });
      for (const r of batch.records) {
        records.push({
          offset: header.baseOffset + BigInt(r.offsetDelta),
          key: r.key?.toString() ?? null,
          value: r.value?.toString() ?? null,
          timestamp: batch.baseTimestamp + r.timestampDelta,
        });
      }
      offset = last + 1n;
    }
  }
  return { records, batches };
}

function compactedLog(overrides: Parameters<typeof testConfig>[0] = {}, clock = { now: 100_000 }) {
  const fs = new MemoryFileSystem();
  const log = PartitionLog.open(DIR, testConfig({ cleanupPolicy: "compact", segmentBytes: 400, ...overrides }), {
    fs,
    now: () => clock.now,
  });
  return { fs, log, clock };
}

function append(log: PartitionLog, records: TestRecord[], compression: CompressionType = CompressionType.None) {
  return log.appendAsLeader(makeBatch(records, { compression }), 1);
}

describe("log compaction", () => {
  it("keeps the latest record per key without changing any offset, and never touches the active segment", () => {
    const { log } = compactedLog();
    for (let i = 0; i < 20; i++) append(log, [{ key: `k${i % 4}`, value: `v${i}`, timestamp: BigInt(1_000 + i) }]);
    const before = readAll(log).records;
    const activeBase = log.segmentList().at(-1)!.baseOffset;
    const result = new CleanTask(log).runToCompletion();
    expect(result.completed).toBe(true);
    expect(result.recordsRemoved).toBeGreaterThan(0);
    const after = readAll(log).records;
    // Every survivor is byte-for-byte the record that was at that offset.
    for (const r of after) expect(before.find((b) => b.offset === r.offset)).toEqual(r);
    // Cleaned part: exactly the latest record of each key among the cleaned offsets (or later).
    for (const r of before) {
      // The key map covers the cleanable segments only (below the active segment), as in Kafka.
      const superseded = before.some((b) => b.key === r.key && b.offset > r.offset && b.offset < activeBase);
      const kept = after.some((a) => a.offset === r.offset);
      if (r.offset >= activeBase || !superseded) expect(kept).toBe(true);
      else expect(kept).toBe(false);
    }
    expect(log.logEndOffset).toBe(20n);
  });

  it("keeps lastOffsetDelta and baseOffset of a batch whose last record was removed, and its compression", () => {
    const { log } = compactedLog({ segmentBytes: 10_000 });
    append(
      log,
      [
        { key: "a", value: "1" },
        { key: "b", value: "2" },
        { key: "c", value: "3" },
      ],
      CompressionType.Gzip,
    );
    append(log, [{ key: "c", value: "4" }]);
    log.roll();
    append(log, [{ key: "z", value: "active" }]);
    new CleanTask(log).runToCompletion();
    const { records, batches } = readAll(log);
    expect(batches[0]).toMatchObject({ base: 0n, last: 2n, compression: CompressionType.Gzip });
    expect(records.map((r) => [r.offset, r.value])).toEqual([
      [0n, "1"],
      [1n, "2"],
      [3n, "4"],
      [4n, "active"],
    ]);
  });

  it("keeps a tombstone until delete.retention.ms after its first cleaning, then removes it", () => {
    const { log, clock } = compactedLog({ deleteRetentionMs: 5_000, segmentBytes: 10_000 });
    append(log, [{ key: "gone", value: "x", timestamp: 50n }]);
    append(log, [{ key: "kept", value: "y", timestamp: 60n }]);
    append(log, [{ key: "gone", value: null, timestamp: 70n }]);
    log.roll();
    new CleanTask(log).runToCompletion();
    let { records, batches } = readAll(log);
    expect(records.map((r) => [r.offset, r.key, r.value])).toEqual([
      [1n, "kept", "y"],
      [2n, "gone", null],
    ]);
    const tombstoneBatch = batches.find((b) => b.base === 2n)!;
    expect(tombstoneBatch.attributes & DELETE_HORIZON_MASK).toBe(DELETE_HORIZON_MASK);
    expect(tombstoneBatch.baseTimestamp).toBe(105_000n);
    expect(records[1]!.timestamp).toBe(70n);
    clock.now = 104_999;
    new CleanTask(log).runToCompletion();
    expect(readAll(log).records.map((r) => r.offset)).toEqual([1n, 2n]);
    clock.now = 105_000;
    new CleanTask(log).runToCompletion();
    ({ records, batches } = readAll(log));
    expect(records.map((r) => r.offset)).toEqual([1n]);
    expect(log.logEndOffset).toBe(3n);
  });

  it("does not compact records younger than min.compaction.lag.ms", () => {
    const { log, clock } = compactedLog({ minCompactionLagMs: 10_000, segmentBytes: 10_000 });
    append(log, [{ key: "a", value: "old", timestamp: 95_000n }]);
    append(log, [{ key: "a", value: "new", timestamp: 95_000n }]);
    log.roll();
    expect(new CleanTask(log).runToCompletion().recordsRemoved).toBe(0);
    clock.now = 105_001;
    expect(new CleanTask(log).runToCompletion().recordsRemoved).toBe(1);
  });

  it("moves the cleaner checkpoint so a second pass without new data rewrites nothing", () => {
    const { fs, log } = compactedLog();
    for (let i = 0; i < 20; i++) append(log, [{ key: `k${i % 2}`, value: `v${i}` }]);
    expect(cleanableSegments(log, 100_000).dirtyRatio).toBe(1);
    new CleanTask(log).runToCompletion();
    expect(cleanableSegments(log, 100_000).dirtyRatio).toBe(0);
    expect(fs.fileContent(`${DIR}/cleaner-offset-checkpoint`)!.toString()).toMatch(/^0\n1\n\d+\n$/);
    const second = new CleanTask(log).runToCompletion();
    expect(second.segmentsCleaned).toBe(0);
  });

  it("runs in bounded steps while appends and reads go on, with the same result", () => {
    const { log } = compactedLog({ segmentBytes: 300 });
    for (let i = 0; i < 60; i++) append(log, [{ key: `k${i % 5}`, value: `v${i}` }]);
    const task = new CleanTask(log, 64);
    let steps = 0;
    while (!task.step()) {
      steps++;
      append(log, [{ key: `k${steps % 5}`, value: `during${steps}` }]);
      expect(log.read(log.logStartOffset, 100).records.length).toBeGreaterThan(0);
    }
    expect(steps).toBeGreaterThan(10);
    expect(task.result.completed).toBe(true);
    const { records } = readAll(log);
    const latest = new Map<string, bigint>();
    for (const r of records) latest.set(r.key!, r.offset);
    // The latest value of each key is the last one appended.
    expect(records.at(-1)!.value).toBe(`during${steps}`);
    expect([...latest.values()].every((o) => o >= 55n)).toBe(true);
  });

  it("aborts when the log is truncated underneath and leaves no .cleaned files", () => {
    const { fs, log } = compactedLog({ segmentBytes: 300 });
    for (let i = 0; i < 40; i++) append(log, [{ key: `k${i % 3}`, value: `v${i}` }]);
    const task = new CleanTask(log, 64);
    while (fs.readdir(DIR).every((n) => !n.endsWith(".cleaned"))) task.step();
    log.truncateTo(20n);
    expect(task.step()).toBe(true);
    expect(task.result.aborted).toBe(true);
    expect(fs.readdir(DIR).some((n) => n.endsWith(".cleaned"))).toBe(false);
    expect(readAll(log).records.map((r) => r.offset)).toEqual(
      Array.from({ length: 20 }, (_, i) => BigInt(i)).filter((o) => o < 20n),
    );
  });

  it("stops the pass where a full key map ends and keeps everything past it", () => {
    const { log } = compactedLog({ segmentBytes: 300 });
    // 0..14 cycle keys a, b, c; 15..24 are n0..n4 twice.
    for (let i = 0; i < 15; i++) append(log, [{ key: "abc"[i % 3]!, value: `v${i}` }]);
    for (let i = 0; i < 10; i++) append(log, [{ key: `n${i % 5}`, value: `w${i}` }]);
    log.roll();
    const before = readAll(log).records;
    // Room for 4 keys (1-2 bytes + 80 overhead each): a, b, c, n0; the map is full at offset 16.
    const result = new CleanTask(log, 1_000_000, 4 * 82).runToCompletion();
    expect(result.completed).toBe(true);
    const after = readAll(log).records;
    // 0..11 were superseded by 12..14; from 16 on nothing was mapped, so n1@16 stays although n1@21 is newer.
    expect(after.map((r) => r.offset)).toEqual(before.filter((r) => r.offset >= 12n).map((r) => r.offset));
  });

  it("does nothing on a delete-policy topic", () => {
    const fs = new MemoryFileSystem();
    const log = PartitionLog.open(DIR, testConfig({ segmentBytes: 300 }), { fs });
    for (let i = 0; i < 20; i++) log.appendAsLeader(makeBatch([{ key: "same", value: `v${i}` }]), 0);
    expect(new CleanTask(log).runToCompletion().recordsRemoved).toBe(0);
    expect(readAll(log).records.length).toBe(20);
  });

  it("rewrites lastOffsetDelta exactly as stored (header check)", () => {
    const { log } = compactedLog({ segmentBytes: 10_000 });
    append(log, [
      { key: "x", value: "1" },
      { key: "y", value: "2" },
    ]);
    append(log, [{ key: "y", value: "3" }]);
    log.roll();
    new CleanTask(log).runToCompletion();
    const bytes = log.read(0n, 10_000).records;
    expect(bytes.readInt32BE(BatchOffset.lastOffsetDelta)).toBe(1);
    expect(bytes.readInt32BE(BatchOffset.recordCount)).toBe(1);
  });
});
