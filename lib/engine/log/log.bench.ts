/**
 * Partition log benchmarks, on the real disk under os.tmpdir(). Run:
 *
 *   npx tsx lib/engine/log/log.bench.ts           append + read figures
 *   npx tsx lib/engine/log/log.bench.ts --big     also resident memory with a 10 GB log (needs ~11 GB free)
 *   npx tsx lib/engine/log/log.bench.ts --partitions-only    only the many-partitions figures
 *
 * Targets (issue #4): append >= 1,000,000 records/s (100-byte records, batches of 1,000, default
 * flush policy) on one core; read by offset in a 10,000,000-record log p50 < 1 ms for the first
 * batch; RSS with a 10 GB log within 50 MB of an empty one; appends and reads spread across
 * 50,000 partitions with descriptors bounded by MAX_OPEN_LOG_FILES_DEFAULT (the process's limit
 * is `ulimit -Hn`, 20,000 here). Every file is removed afterwards.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodeRecordBatch } from "../../protocol/records/record-batch";
import { MAX_OPEN_LOG_FILES_DEFAULT } from "./file-handle-cache";
import { NodeFileSystem } from "./file-system";
import { DEFAULT_LOG_CONFIG, type LogConfig } from "./log-config";
import { LogManager } from "./log-manager";
import { PartitionLog } from "./partition-log";

const RECORD_BYTES = 100;
const RECORDS_PER_BATCH = 1_000;
const APPEND_BATCHES = 3_000;
const FSYNC_BATCHES = 300;
const READ_LOG_RECORDS = 10_000_000;
const READ_SAMPLES = 2_000;
const BIG_LOG_BYTES = 10 * 1024 ** 3;
const BIG_BATCH_RECORDS = 9_000;
const MANY_PARTITIONS = 50_000;
const MANY_PARTITIONS_ROUNDS = 4;
const MANY_PARTITIONS_RECORDS_PER_BATCH = 10;

function batchOf(records: number, seed = 0): Buffer {
  const value = Buffer.alloc(RECORD_BYTES, 0x61 + (seed % 26));
  return encodeRecordBatch({
    records: Array.from({ length: records }, (_, i) => ({ value, timestamp: 1_700_000_000_000n + BigInt(i) })),
  });
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pier-log-bench-"));
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

function appendBench(label: string, config: LogConfig, batches: number): void {
  const dir = tempDir();
  try {
    const log = PartitionLog.open(path.join(dir, "bench-0"), config);
    const batch = batchOf(RECORDS_PER_BATCH);
    for (let i = 0; i < 20; i++) log.appendAsLeader(batch, 0); // warm-up
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batches; i++) log.appendAsLeader(batch, 0);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    log.close();
    const records = batches * RECORDS_PER_BATCH;
    console.log(
      `${label}: ${fmt(records / seconds)} records/s, ${fmt((batches * batch.length) / seconds / 1e6)} MB/s ` +
        `(${fmt(records)} records in ${seconds.toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2)} cores)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readBench(): void {
  const dir = tempDir();
  try {
    const logDir = path.join(dir, "bench-0");
    let log = PartitionLog.open(logDir, DEFAULT_LOG_CONFIG);
    const batch = batchOf(RECORDS_PER_BATCH);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < READ_LOG_RECORDS / RECORDS_PER_BATCH; i++) log.appendAsLeader(batch, 0);
    const buildSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    log.close();
    const t1 = process.hrtime.bigint();
    log = PartitionLog.open(logDir, DEFAULT_LOG_CONFIG);
    const openMs = Number(process.hrtime.bigint() - t1) / 1e6;
    console.log(
      `read log: ${fmt(READ_LOG_RECORDS)} records, ${log.segmentCount()} segments, ${(log.sizeInBytes() / 1e9).toFixed(2)} GB ` +
        `(built in ${buildSeconds.toFixed(1)} s; clean reopen ${openMs.toFixed(1)} ms)`,
    );
    for (const [label, maxBytes] of [
      ["first batch only (maxBytes 1)", 1],
      ["up to 1 MiB", 1024 * 1024],
    ] as const) {
      const latencies: number[] = [];
      for (let i = 0; i < READ_SAMPLES; i++) {
        const offset = BigInt(Math.floor(Math.random() * READ_LOG_RECORDS));
        const s = process.hrtime.bigint();
        const { records } = log.read(offset, maxBytes);
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
        if (records.length === 0) throw new Error(`empty read at ${offset}`);
      }
      latencies.sort((a, b) => a - b);
      console.log(
        `read by offset, ${label}: p50 ${quantile(latencies, 0.5).toFixed(3)} ms, p99 ${quantile(latencies, 0.99).toFixed(3)} ms, ` +
          `max ${latencies.at(-1)!.toFixed(3)} ms (${READ_SAMPLES} random offsets)`,
      );
    }
    const ts = log.offsetForTimestamp(1_700_000_000_500n);
    const s = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) log.offsetForTimestamp(1_700_000_000_000n + BigInt(i * 3));
    console.log(
      `offsetForTimestamp: ${(Number(process.hrtime.bigint() - s) / 1e6 / 200).toFixed(3)} ms per lookup (e.g. -> ${ts?.offset})`,
    );
    log.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024 / 1024;
}

function bigLogMemoryBench(): void {
  const free = fs.statfsSync(os.tmpdir());
  const freeBytes = free.bavail * free.bsize;
  if (freeBytes < BIG_LOG_BYTES * 1.15) {
    console.log(
      `--big skipped: ${(freeBytes / 1e9).toFixed(1)} GB free in ${os.tmpdir()}, need ${(BIG_LOG_BYTES * 1.15) / 1e9} GB`,
    );
    return;
  }
  const dir = tempDir();
  const config: LogConfig = { ...DEFAULT_LOG_CONFIG, maxMessageBytes: 2 * 1024 * 1024 };
  try {
    const empty = PartitionLog.open(path.join(dir, "empty-0"), config);
    empty.appendAsLeader(batchOf(1), 0);
    empty.read(0n, 1024 * 1024);
    const rssEmpty = rssMb();
    empty.close();

    const bigDir = path.join(dir, "big-0");
    let log = PartitionLog.open(bigDir, config);
    const batch = batchOf(BIG_BATCH_RECORDS);
    const batches = Math.ceil(BIG_LOG_BYTES / batch.length);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batches; i++) log.appendAsLeader(batch, 0);
    const buildSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const rssAfterBuild = rssMb();
    log.close();
    log = PartitionLog.open(bigDir, config);
    const end = log.logEndOffset;
    for (let i = 0; i < 2_000; i++) log.read(BigInt(Math.floor(Math.random() * Number(end))), 1024 * 1024);
    for (let i = 0; i < 100; i++) log.offsetForTimestamp(1_700_000_000_000n + BigInt(i * 50));
    const rssBig = rssMb();
    console.log(
      `resident memory: empty log ${rssEmpty.toFixed(1)} MB; ${(log.sizeInBytes() / 1e9).toFixed(2)} GB log in ${log.segmentCount()} segments ` +
        `(built in ${buildSeconds.toFixed(1)} s, RSS after build ${rssAfterBuild.toFixed(1)} MB) reopened + 2,000 random reads: ${rssBig.toFixed(1)} MB; ` +
        `difference ${(rssBig - rssEmpty).toFixed(1)} MB (target < 50 MB)`,
    );
    log.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** NodeFileSystem that counts its open descriptors (every log descriptor goes through the seam). */
class CountingFileSystem extends NodeFileSystem {
  openNow = 0;
  peak = 0;
  override open(p: string, create: boolean): number {
    const fd = super.open(p, create);
    this.openNow++;
    this.peak = Math.max(this.peak, this.openNow);
    return fd;
  }
  override close(fd: number): void {
    this.openNow--;
    super.close(fd);
  }
}

function openDescriptors(): number {
  return fs.readdirSync("/proc/self/fd").length;
}

/** Round-robin appends, then reads, over MANY_PARTITIONS partitions of one LogManager with the default cache. */
function manyPartitionsBench(): void {
  const dir = tempDir();
  const fsys = new CountingFileSystem();
  const fdBefore = openDescriptors();
  let fdPeak = 0;
  try {
    const manager = new LogManager(dir, { fs: fsys });
    const logs = Array.from({ length: MANY_PARTITIONS }, (_, i) => ({
      topic: `topic-${i % 10_000}`,
      partition: Math.floor(i / 10_000),
    }));
    const batch = batchOf(MANY_PARTITIONS_RECORDS_PER_BATCH);
    const timed = (label: string, records: number, run: (i: number) => void, passes: number): void => {
      const t0 = process.hrtime.bigint();
      for (let pass = 0; pass < passes; pass++) {
        for (let i = 0; i < logs.length; i++) {
          run(i);
          if (i % 1_000 === 0) fdPeak = Math.max(fdPeak, openDescriptors() - fdBefore);
        }
      }
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      console.log(
        `${MANY_PARTITIONS.toLocaleString("en-US")} partitions, ${label}: ${fmt((records * passes * logs.length) / seconds)} records/s ` +
          `(${fmt(passes * logs.length)} operations in ${seconds.toFixed(1)} s)`,
      );
    };
    timed(
      "create + first append (leader-epoch-checkpoint written and fsynced per partition)",
      MANY_PARTITIONS_RECORDS_PER_BATCH,
      (i) => manager.getOrCreate(logs[i]!.topic, logs[i]!.partition, DEFAULT_LOG_CONFIG).appendAsLeader(batch, 0),
      1,
    );
    timed(
      `appends spread round-robin, batches of ${MANY_PARTITIONS_RECORDS_PER_BATCH}`,
      MANY_PARTITIONS_RECORDS_PER_BATCH,
      (i) => manager.get(logs[i]!.topic, logs[i]!.partition)!.appendAsLeader(batch, 0),
      MANY_PARTITIONS_ROUNDS,
    );
    timed(
      "reads spread round-robin (whole log of each partition)",
      MANY_PARTITIONS_RECORDS_PER_BATCH * (MANY_PARTITIONS_ROUNDS + 1),
      (i) => {
        const { records } = manager.get(logs[i]!.topic, logs[i]!.partition)!.read(0n, 1024 * 1024);
        if (records.length === 0) throw new Error(`empty read of partition ${i}`);
      },
      1,
    );
    console.log(
      `${MANY_PARTITIONS.toLocaleString("en-US")} partitions: peak log descriptors ${fmt(fsys.peak)} (seam count), ` +
        `peak process descriptors above the start ${fmt(fdPeak)} (/proc/self/fd, sampled); ` +
        `limit MAX_OPEN_LOG_FILES_DEFAULT = ${fmt(MAX_OPEN_LOG_FILES_DEFAULT)}, evictions ${fmt(manager.fileCache.evictions)}`,
    );
    // Not closed: a clean close writes three checkpoint files per partition (minutes for 50,000);
    // the descriptors are released and the directory removed instead.
    manager.fileCache.closeAll();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`node ${process.version}, ${os.cpus().length} CPUs, tmpdir ${os.tmpdir()}`);
if (!process.argv.includes("--partitions-only")) {
  appendBench("append, default flush policy (OS decides)", DEFAULT_LOG_CONFIG, APPEND_BATCHES);
  appendBench("append, fsync per batch (flush.messages=1)", { ...DEFAULT_LOG_CONFIG, flushMessages: 1 }, FSYNC_BATCHES);
  readBench();
}
manyPartitionsBench();
if (process.argv.includes("--big")) bigLogMemoryBench();
