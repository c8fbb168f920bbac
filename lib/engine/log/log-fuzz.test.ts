import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { CompressionType } from "../../protocol/records/batch-header";
import { decodeRecordBatch, encodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { FileHandleCache } from "./file-handle-cache";
import { CleanTask } from "./log-cleaner";
import { FLUSH_NEVER, type LogConfig } from "./log-config";
import { LogError } from "./log-error";
import { MemoryFileSystem } from "./memory-file-system";
import { PartitionLog } from "./partition-log";
import { prng, testConfig } from "./test-support";

/**
 * Operation fuzzer: random sequences of append (leader and follower), read, roll, retention,
 * truncation, DeleteRecords, compaction (whole passes and steps interleaved with other operations),
 * flush, offsetForTimestamp, and crashes (clean close, process crash with a torn write, machine
 * crash losing unflushed data) against a simple in-memory model. Any divergence fails the test and
 * prints the seed; rerun one seed with LOG_FUZZ_SEED=<seed>.
 *
 * Every other sequence runs with a tiny FileHandleCache (1 to 4 descriptors, fewer than one
 * segment's three files) and between operations sometimes evicts every descriptor, so reads,
 * appends, truncation, compaction and flushes (whose durability the machine crashes check) go
 * through closed and reopened files. Those draws use their own PRNG, so the operation sequence
 * of a seed is the same with or without them.
 */
const SEQUENCES = 250;
const OPS_PER_SEQUENCE = 60;
const DIR = "/data/topic-0";

interface ModelRecord {
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: bigint;
  /** Last offset of the batch holding it (kept by compaction). */
  batchLast: number;
  /** Compaction may have removed it (superseded by a later record of its key, or a tombstone). */
  removable: boolean;
}

class Model {
  records: ModelRecord[] = [];
  logStart = 0;
  logEnd = 0;
  /** Everything below survives a machine crash. */
  durable = 0;
  unflushed = 0;

  present(): ModelRecord[] {
    return this.records.filter((r) => r.offset >= this.logStart);
  }

  truncateTo(offset: number): void {
    const cut = this.records.filter((r) => r.batchLast >= offset);
    this.records = this.records.filter((r) => r.batchLast < offset);
    if (cut.length > 0 || offset < this.logEnd) this.logEnd = offset;
    const storedEnd = this.records.reduce((m, r) => (r.removable ? m : Math.max(m, r.batchLast + 1)), 0);
    if (this.durable > storedEnd) this.durable = storedEnd;
  }

  markCompactable(): void {
    const latest = new Map<string, number>();
    for (const r of this.records) if (r.key !== null) latest.set(r.key, r.offset);
    for (const r of this.records) {
      if (r.key === null) continue;
      if (latest.get(r.key)! > r.offset || r.value === null) r.removable = true;
    }
  }
}

interface StoredRecord {
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: bigint;
}

/** Everything readable, via successive reads, with batch-level checks. */
function readAll(log: PartitionLog): StoredRecord[] {
  const out: StoredRecord[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { records } = log.read(offset, 700);
    if (records.length === 0) break;
    let next = offset;
    for (const { pos, header } of iterateBatches(records)) {
      const batch = decodeRecordBatch(records, pos);
      expect(header.baseOffset + BigInt(header.lastOffsetDelta)).toBeGreaterThanOrEqual(offset);
      for (const r of batch.records) {
        const o = header.baseOffset + BigInt(r.offsetDelta);
        if (o < log.logStartOffset) continue;
        out.push({
          offset: Number(o),
          key: r.key?.toString() ?? null,
          value: r.value?.toString() ?? null,
          timestamp: (header.attributes & 0x08) !== 0 ? header.maxTimestamp : batch.baseTimestamp + r.timestampDelta,
        });
      }
      next = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
    }
    expect(next).toBeGreaterThan(offset);
    offset = next;
  }
  return out;
}

function checkContent(log: PartitionLog, model: Model): void {
  expect(log.logStartOffset).toBe(BigInt(model.logStart));
  expect(log.logEndOffset).toBe(BigInt(model.logEnd));
  const stored = readAll(log);
  const byOffset = new Map(model.present().map((r) => [r.offset, r]));
  let previous = -1;
  for (const s of stored) {
    expect(s.offset).toBeGreaterThan(previous);
    previous = s.offset;
    const m = byOffset.get(s.offset);
    expect(m, `offset ${s.offset} is not in the model`).toBeDefined();
    expect({ key: s.key, value: s.value, timestamp: s.timestamp }).toEqual({
      key: m!.key,
      value: m!.value,
      timestamp: m!.timestamp,
    });
  }
  const storedOffsets = new Set(stored.map((s) => s.offset));
  for (const m of model.present()) {
    if (!m.removable) expect(storedOffsets.has(m.offset), `offset ${m.offset} missing`).toBe(true);
  }
}

/** The operations of the running sequence, printed when it fails. */
let trace: string[] = [];
/** Coverage counters: the fuzzer must actually exercise compaction, recovery and retention. */
const coverage = {
  recordsCompacted: 0,
  tornBytesCut: 0,
  segmentsDeletedByRetention: 0,
  maxSegments: 0,
  machineCrashes: 0,
  descriptorEvictions: 0,
};

function runSequence(seed: number): void {
  trace = [];
  const rnd = prng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const compacted = rnd() < 0.35;
  let nowMs = 1_000_000;
  const config: LogConfig = testConfig({
    segmentBytes: 200 + int(1500),
    indexIntervalBytes: 1 + int(400),
    segmentIndexBytes: 16 + int(400),
    retentionMs: rnd() < 0.5 ? -1 : 2_000 + int(20_000),
    retentionBytes: rnd() < 0.5 ? -1 : 500 + int(3000),
    cleanupPolicy: compacted ? (rnd() < 0.5 ? "compact" : "compact,delete") : "delete",
    messageTimestampType: rnd() < 0.2 ? "LogAppendTime" : "CreateTime",
    flushMessages: rnd() < 0.3 ? 1 + int(4) : FLUSH_NEVER,
    deleteRetentionMs: 1_000 + int(5_000),
    segmentMs: rnd() < 0.3 ? 5_000 : 7 * 24 * 3600 * 1000,
  });
  let fs = new MemoryFileSystem();
  const evictRnd = prng(seed ^ 0x0ddf11e5);
  const fileCache = seed % 2 === 0 ? new FileHandleCache(1 + Math.floor(evictRnd() * 4)) : new FileHandleCache();
  const open = (): PartitionLog => PartitionLog.open(DIR, config, { fs, now: () => nowMs, fileCache });
  let log = open();
  const model = new Model();
  let task: CleanTask | undefined;
  const keys = ["a", "b", "c", "d", "e", "f"];

  const randomBatch = (): {
    bytes: Buffer;
    records: Array<{ key: string | null; value: string | null; timestamp: bigint }>;
  } => {
    const n = 1 + int(4);
    const records = Array.from({ length: n }, () => ({
      key: compacted || rnd() < 0.5 ? keys[int(keys.length)]! : null,
      value: compacted && rnd() < 0.15 ? null : "x".repeat(int(40)) + String(int(1000)),
      timestamp: BigInt(nowMs - 3_000 + int(4_000)),
    }));
    const bytes = encodeRecordBatch({
      records: records.map((r) => ({
        key: r.key === null ? null : Buffer.from(r.key),
        value: r.value === null ? null : Buffer.from(r.value),
        timestamp: r.timestamp,
      })),
      compression: rnd() < 0.2 ? CompressionType.Gzip : CompressionType.None,
    });
    return { bytes, records };
  };

  const applyAppend = (
    base: number,
    records: Array<{ key: string | null; value: string | null; timestamp: bigint }>,
    ts?: bigint,
  ) => {
    const last = base + records.length - 1;
    records.forEach((r, i) =>
      model.records.push({ offset: base + i, ...r, timestamp: ts ?? r.timestamp, batchLast: last, removable: false }),
    );
    model.logEnd = last + 1;
    model.unflushed += records.length;
    if (model.unflushed >= config.flushMessages) {
      model.durable = model.logEnd;
      model.unflushed = 0;
    }
  };

  const afterReopen = (kind: "clean" | "process" | "machine") => {
    task = undefined;
    log = open();
    expect(log.recovery.cleanShutdown).toBe(kind === "clean");
    coverage.tornBytesCut += log.recovery.truncatedBytes;
    if (kind === "machine") coverage.machineCrashes++;
    // Reopening recomputes the end offset from the batches: a truncation inside a batch, or an
    // empty active segment, is not remembered.
    const end = Number(log.logEndOffset);
    // Batches compaction may have dropped do not count: only records that must still be there.
    let maxLast = model.records.reduce((m, r) => (r.removable ? m : Math.max(m, r.batchLast + 1)), model.logStart);
    if (kind === "machine") {
      expect(end).toBeGreaterThanOrEqual(Math.min(model.durable, maxLast));
      model.truncateTo(end);
      model.logStart = Number(log.logStartOffset);
      maxLast = Math.min(maxLast, end);
    }
    expect(end).toBeLessThanOrEqual(model.logEnd);
    expect(end).toBeGreaterThanOrEqual(Math.min(maxLast, model.logEnd));
    model.logEnd = end;
    if (model.logStart > end) model.logStart = end;
    model.unflushed = 0;
    model.durable = end;
  };

  trace.push(`config ${JSON.stringify(config)}`);
  for (let step = 0; step < OPS_PER_SEQUENCE; step++) {
    if (fileCache.maxOpenFiles < 5 && evictRnd() < 0.2) fileCache.closeAll();
    expect(fileCache.openCount).toBeLessThanOrEqual(fileCache.maxOpenFiles);
    const op = rnd();
    trace.push(
      `op ${op.toFixed(3)} model [${model.logStart}, ${model.logEnd}) durable ${model.durable} log [${log.isClosed ? "closed" : `${log.logStartOffset}, ${log.logEndOffset}`}) segments ${log.isClosed ? "-" : log.segmentCount()}`,
    );
    if (op < 0.4) {
      const { bytes, records } = randomBatch();
      const info = log.appendAsLeader(bytes, 1 + int(3));
      expect(info.firstOffset).toBe(BigInt(model.logEnd));
      applyAppend(model.logEnd, records, config.messageTimestampType === "LogAppendTime" ? BigInt(nowMs) : undefined);
    } else if (op < 0.45) {
      const { bytes, records } = randomBatch();
      const base = model.logEnd + int(3);
      bytes.writeBigInt64BE(BigInt(base), 0);
      log.appendAsFollower(bytes);
      applyAppend(base, records);
    } else if (op < 0.52) {
      const from = model.logStart + int(model.logEnd - model.logStart + 1);
      const maxBytes = 1 + int(600);
      const maxOffset = rnd() < 0.3 ? from + int(model.logEnd - from + 1) : model.logEnd;
      const { records } = log.read(BigInt(from), maxBytes, { maxOffset: BigInt(maxOffset) });
      let count = 0;
      for (const { header } of iterateBatches(records)) {
        count++;
        expect(header.baseOffset + BigInt(header.lastOffsetDelta)).toBeLessThan(BigInt(maxOffset));
        expect(header.baseOffset + BigInt(header.lastOffsetDelta)).toBeGreaterThanOrEqual(BigInt(from));
      }
      if (count > 1) expect(records.length).toBeLessThanOrEqual(maxBytes);
      const mustSee = model.present().some((r) => !r.removable && r.offset >= from && r.batchLast < maxOffset);
      if (mustSee) expect(records.length).toBeGreaterThan(0);
    } else if (op < 0.55) {
      log.roll();
    } else if (op < 0.6) {
      nowMs += int(8_000);
      coverage.segmentsDeletedByRetention += log.deleteOldSegments();
      expect(log.logStartOffset).toBeGreaterThanOrEqual(BigInt(model.logStart));
      model.logStart = Number(log.logStartOffset);
    } else if (op < 0.64) {
      const to = model.logStart + int(model.logEnd - model.logStart + 1);
      log.truncateTo(BigInt(to));
      if (to < model.logEnd) model.truncateTo(to);
      if (to <= model.logStart || to <= Number(log.logStartOffset)) model.logStart = Math.min(model.logStart, to);
      model.logStart = Number(log.logStartOffset);
    } else if (op < 0.68) {
      const before = model.logStart + int(model.logEnd - model.logStart + 1);
      expect(log.deleteRecordsBefore(BigInt(before))).toBe(BigInt(Math.max(before, model.logStart)));
      model.logStart = Math.max(before, model.logStart);
    } else if (op < 0.76 && compacted) {
      if (task === undefined || task.isDone) {
        model.markCompactable();
        task = new CleanTask(log, 1 + int(400));
      }
      const steps = rnd() < 0.5 ? Infinity : 1 + int(3);
      for (let i = 0; i < steps && !task.step(); i++) {
        /* bounded steps, other operations interleave */
      }
      if (task.isDone) coverage.recordsCompacted += task.result.recordsRemoved;
    } else if (op < 0.8) {
      log.flush();
      // What is on disk ends with the last batch (an end offset inside a cut batch is not stored).
      model.durable = model.records.reduce((m, r) => (r.removable ? m : Math.max(m, r.batchLast + 1)), model.logStart);
      model.unflushed = 0;
    } else if (op < 0.85) {
      const t = BigInt(nowMs - 4_000 + int(6_000));
      const found = log.offsetForTimestamp(t);
      const must = model.present().find((r) => !r.removable && r.timestamp >= t);
      if (found === null) {
        expect(must).toBeUndefined();
      } else {
        const hit = model.present().find((r) => r.offset === Number(found.offset));
        expect(hit?.timestamp).toBe(found.timestamp);
        expect(found.timestamp >= t).toBe(true);
        const earlier = model
          .present()
          .find((r) => !r.removable && r.offset < Number(found.offset) && r.timestamp >= t);
        expect(earlier).toBeUndefined();
      }
    } else if (op < 0.9) {
      nowMs += int(3_000);
    } else if (op < 0.94) {
      log.close();
      afterReopen("clean");
    } else if (op < 0.97) {
      const { bytes } = randomBatch();
      fs.inject({ op: "write", pathIncludes: ".log", tornBytes: int(bytes.length), crash: true });
      expect(() => log.appendAsLeader(bytes, 1)).toThrowError(LogError);
      fs = fs.afterCrash("process");
      afterReopen("process");
    } else {
      fs = fs.afterCrash("machine");
      afterReopen("machine");
    }
    coverage.maxSegments = Math.max(coverage.maxSegments, log.segmentCount());
    if (step % 4 === 0 || step === OPS_PER_SEQUENCE - 1) checkContent(log, model);
  }
  log.close();
  coverage.descriptorEvictions += fileCache.evictions;
}

describe("partition log operation fuzzer", () => {
  it(`matches the model over ${SEQUENCES} random sequences`, () => {
    const only = process.env.LOG_FUZZ_SEED;
    const seeds = only ? [Number(only)] : Array.from({ length: SEQUENCES }, (_, i) => 0x5eed0000 + i);
    for (const seed of seeds) {
      try {
        runSequence(seed);
      } catch (error) {
        console.error(
          `log fuzzer failed with seed ${seed} (rerun: LOG_FUZZ_SEED=${seed})\n${trace.slice(-25).join("\n")}`,
        );
        throw error;
      }
    }
    if (!only) {
      expect(coverage.recordsCompacted).toBeGreaterThan(0);
      expect(coverage.tornBytesCut).toBeGreaterThan(0);
      expect(coverage.segmentsDeletedByRetention).toBeGreaterThan(0);
      expect(coverage.maxSegments).toBeGreaterThan(3);
      expect(coverage.machineCrashes).toBeGreaterThan(0);
      expect(coverage.descriptorEvictions).toBeGreaterThan(1000);
    }
    console.log("log fuzzer coverage", coverage);
  });

  it("refuses a torn append with KAFKA_STORAGE_ERROR", () => {
    const fs = new MemoryFileSystem();
    const log = PartitionLog.open(DIR, testConfig(), { fs });
    fs.inject({ op: "write", pathIncludes: ".log", tornBytes: 10 });
    const bytes = encodeRecordBatch({ records: [{ value: Buffer.from("x") }] });
    try {
      log.appendAsLeader(bytes, 0);
      expect.unreachable();
    } catch (error) {
      expect((error as LogError).errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    }
    log.close();
  });
});
