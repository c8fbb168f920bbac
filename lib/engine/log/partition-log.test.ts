import * as nodeFs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { BATCH_HEADER_SIZE, BatchOffset, CompressionType, computeBatchCrc } from "../../protocol/records/batch-header";
import { decodeRecordBatch, encodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { LogError } from "./log-error";
import { MemoryFileSystem } from "./memory-file-system";
import { PartitionLog } from "./partition-log";
import { makeBatch, makeTempDir, testConfig, valuesBatch } from "./test-support";

const DIR = "/data/orders-0";

function memLog(overrides: Parameters<typeof testConfig>[0] = {}, now: () => number = () => 1_000_000) {
  const fs = new MemoryFileSystem();
  const log = PartitionLog.open(DIR, testConfig(overrides), { fs, now });
  return { fs, log };
}

function batchOffsets(records: Buffer): Array<[bigint, bigint]> {
  return [...iterateBatches(records)].map(({ header }) => [
    header.baseOffset,
    header.baseOffset + BigInt(header.lastOffsetDelta),
  ]);
}

function values(records: Buffer): string[] {
  return [...iterateBatches(records)].flatMap(({ pos }) =>
    decodeRecordBatch(records, pos).records.map((r) => r.value?.toString() ?? "null"),
  );
}

function errorCodeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof LogError) return error.errorCode;
    throw error;
  }
  return undefined;
}

describe("PartitionLog append and read", () => {
  it("assigns consecutive offsets and the leader epoch, and reads whole batches back", () => {
    const { log } = memLog();
    const a = log.appendAsLeader(valuesBatch(3, 5_000n), 7);
    const b = log.appendAsLeader(valuesBatch(2, 6_000n, "w"), 7);
    expect([a.firstOffset, a.lastOffset, b.firstOffset, b.lastOffset]).toEqual([0n, 2n, 3n, 4n]);
    expect(a.recordCount).toBe(3);
    expect(a.maxTimestamp).toBe(5_000n);
    expect(a.logAppendTime).toBe(-1n);
    expect(log.logEndOffset).toBe(5n);
    const read = log.read(0n, 10_000);
    expect(batchOffsets(read.records)).toEqual([
      [0n, 2n],
      [3n, 4n],
    ]);
    expect(values(read.records)).toEqual(["v0", "v1", "v2", "w0", "w1"]);
    const header = decodeRecordBatch(read.records, 0);
    expect(header.partitionLeaderEpoch).toBe(7);
  });

  it("stores the batch bytes exactly as sent, apart from baseOffset and leader epoch", () => {
    const { log } = memLog();
    log.appendAsLeader(valuesBatch(1), 0);
    const sent = makeBatch([{ key: "k", value: "hello" }], { compression: CompressionType.Gzip });
    const original = Buffer.from(sent);
    log.appendAsLeader(sent, 3);
    const stored = log.read(1n, 10_000).records;
    expect(stored.length).toBe(original.length);
    expect(stored.subarray(BatchOffset.magic).equals(original.subarray(BatchOffset.magic))).toBe(true);
    expect(stored.readBigInt64BE(0)).toBe(1n);
    expect(stored.readInt32BE(BatchOffset.partitionLeaderEpoch)).toBe(3);
  });

  it("returns the whole batch when the read starts in the middle of it", () => {
    const { log } = memLog();
    log.appendAsLeader(valuesBatch(5), 0);
    log.appendAsLeader(valuesBatch(5), 0);
    expect(batchOffsets(log.read(7n, 10_000).records)).toEqual([[5n, 9n]]);
    expect(batchOffsets(log.read(2n, 10_000).records)).toEqual([
      [0n, 4n],
      [5n, 9n],
    ]);
  });

  it("limits a read to maxBytes of whole batches, returning an oversized first batch only with minOneBatch", () => {
    const { log } = memLog();
    for (let i = 0; i < 3; i++) log.appendAsLeader(valuesBatch(10), 0);
    const one = log.read(0n, 10_000).records;
    const firstSize = [...iterateBatches(one)][1]!.pos;
    expect(batchOffsets(log.read(0n, firstSize + 10).records)).toEqual([[0n, 9n]]);
    expect(batchOffsets(log.read(0n, 10).records)).toEqual([[0n, 9n]]);
    expect(log.read(0n, 10, { minOneBatch: false }).records.length).toBe(0);
  });

  it("stops before maxOffset (the high watermark) and answers empty at it", () => {
    const { log } = memLog();
    log.appendAsLeader(valuesBatch(2), 0);
    log.appendAsLeader(valuesBatch(2), 0);
    expect(batchOffsets(log.read(0n, 10_000, { maxOffset: 2n }).records)).toEqual([[0n, 1n]]);
    expect(log.read(2n, 10_000, { maxOffset: 2n }).records.length).toBe(0);
    expect(log.read(4n, 10_000).records.length).toBe(0);
  });

  it("refuses reads outside [logStartOffset, logEndOffset] with OFFSET_OUT_OF_RANGE", () => {
    const { log } = memLog();
    log.appendAsLeader(valuesBatch(4), 0);
    log.deleteRecordsBefore(2n);
    expect(errorCodeOf(() => log.read(5n, 100))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(errorCodeOf(() => log.read(1n, 100))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(batchOffsets(log.read(2n, 10_000).records)).toEqual([[0n, 3n]]);
  });

  it("stamps LogAppendTime into maxTimestamp and keeps the CRC valid", () => {
    const { log } = memLog({ messageTimestampType: "LogAppendTime" }, () => 42_000);
    const info = log.appendAsLeader(valuesBatch(2, 1n), 0);
    expect(info.logAppendTime).toBe(42_000n);
    const batch = decodeRecordBatch(log.read(0n, 1000).records, 0);
    expect(batch.maxTimestamp).toBe(42_000n);
    expect(batch.attributes & 0x08).toBe(0x08);
  });

  it("appends as follower keeping offsets and epochs, and refuses going backwards", () => {
    const { log } = memLog();
    const batch = valuesBatch(3);
    batch.writeBigInt64BE(10n, 0);
    batch.writeInt32BE(4, BatchOffset.partitionLeaderEpoch);
    const info = log.appendAsFollower(batch);
    expect([info.firstOffset, info.lastOffset, log.logEndOffset]).toEqual([10n, 12n, 13n]);
    expect(log.latestEpochs()).toEqual([{ epoch: 4, startOffset: 10n }]);
    const stale = valuesBatch(1);
    stale.writeBigInt64BE(11n, 0);
    expect(errorCodeOf(() => log.appendAsFollower(stale))).toBe(ErrorCode.INVALID_RECORD);
    expect(log.logEndOffset).toBe(13n);
  });
});

describe("PartitionLog validation", () => {
  it("refuses a bad CRC, bad magic and bad lengths with CORRUPT_MESSAGE, appending nothing", () => {
    const { log } = memLog();
    const badCrc = valuesBatch(2);
    badCrc[badCrc.length - 1]! ^= 0xff;
    const badMagic = valuesBatch(2);
    badMagic[BatchOffset.magic] = 1;
    const truncated = valuesBatch(2).subarray(0, 70);
    const shortLength = valuesBatch(2);
    shortLength.writeInt32BE(10, BatchOffset.batchLength);
    for (const bad of [badCrc, badMagic, truncated, shortLength]) {
      expect(errorCodeOf(() => log.appendAsLeader(bad, 0))).toBe(ErrorCode.CORRUPT_MESSAGE);
    }
    const good = valuesBatch(1);
    expect(errorCodeOf(() => log.appendAsLeader(Buffer.concat([good, badCrc]), 0))).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(log.logEndOffset).toBe(0n);
    expect(log.sizeInBytes()).toBe(0);
  });

  it("refuses malformed records with CORRUPT_MESSAGE and offset-delta gaps with INVALID_RECORD", () => {
    const { log } = memLog();
    const overrun = valuesBatch(2);
    overrun[BATCH_HEADER_SIZE] = 0x7e; // the first record claims 63 bytes: more than the batch holds
    overrun.writeUInt32BE(computeBatchCrc(overrun, 0), BatchOffset.crc);
    expect(errorCodeOf(() => log.appendAsLeader(overrun, 0))).toBe(ErrorCode.CORRUPT_MESSAGE);
    const gapped = encodeRecordBatch({ records: [{ offsetDelta: 0 }, { offsetDelta: 2 }] });
    gapped.writeInt32BE(1, BatchOffset.lastOffsetDelta);
    gapped.writeUInt32BE(computeBatchCrc(gapped, 0), BatchOffset.crc);
    expect(errorCodeOf(() => log.appendAsLeader(gapped, 0))).toBe(ErrorCode.INVALID_RECORD);
    expect(log.logEndOffset).toBe(0n);
    expect(log.sizeInBytes()).toBe(0);
    // Followers trust the leader's records: only the CRC is checked.
    expect(log.appendAsFollower(overrun).lastOffset).toBe(1n);
  });

  it("refuses a batch over max.message.bytes with MESSAGE_TOO_LARGE", () => {
    const { log } = memLog({ maxMessageBytes: 200 });
    expect(errorCodeOf(() => log.appendAsLeader(makeBatch([{ value: "x".repeat(300) }]), 0))).toBe(
      ErrorCode.MESSAGE_TOO_LARGE,
    );
    expect(log.logEndOffset).toBe(0n);
  });

  it("refuses keyless records on a compacted topic, count mismatches and client control batches with INVALID_RECORD", () => {
    const { log } = memLog({ cleanupPolicy: "compact" });
    expect(errorCodeOf(() => log.appendAsLeader(makeBatch([{ value: "no key" }]), 0))).toBe(ErrorCode.INVALID_RECORD);
    const keylessGzip = makeBatch([{ key: "k", value: "a" }, { value: "b" }], { compression: CompressionType.Gzip });
    expect(errorCodeOf(() => log.appendAsLeader(keylessGzip, 0))).toBe(ErrorCode.INVALID_RECORD);
    expect(
      log.appendAsLeader(makeBatch([{ key: "k", value: "v" }], { compression: CompressionType.Gzip }), 0).firstOffset,
    ).toBe(0n);
    const { log: plain } = memLog();
    const mismatch = valuesBatch(3);
    mismatch.writeInt32BE(5, BatchOffset.recordCount);
    mismatch.writeUInt32BE(computeBatchCrc(mismatch, 0), BatchOffset.crc);
    expect(errorCodeOf(() => plain.appendAsLeader(mismatch, 0))).toBe(ErrorCode.INVALID_RECORD);
    const control = encodeRecordBatch({
      records: [{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.alloc(6) }],
      isControl: true,
    });
    expect(errorCodeOf(() => plain.appendAsLeader(control, 0))).toBe(ErrorCode.INVALID_RECORD);
    expect(plain.appendAsLeader(control, 0, { allowControl: true }).firstOffset).toBe(0n);
  });
});

describe("PartitionLog segments", () => {
  it("rolls by segment.bytes into files named by base offset", () => {
    const { fs, log } = memLog({ segmentBytes: 400 });
    for (let i = 0; i < 10; i++) log.appendAsLeader(valuesBatch(3), 0);
    expect(log.segmentCount()).toBeGreaterThan(2);
    const names = fs.readdir(DIR).filter((n) => n.endsWith(".log"));
    expect(names[0]).toBe("00000000000000000000.log");
    expect(names.length).toBe(log.segmentCount());
    for (const name of names) expect(fs.fileContent(`${DIR}/${name}`)!.length).toBeLessThanOrEqual(400);
    const described = log.describeSegments();
    expect(described.map((d) => d.logFile)).toEqual(names.map((n) => `${DIR}/${n}`));
    expect(described.reduce((n, d) => n + d.sizeInBytes, 0)).toBe(log.sizeInBytes());
    for (let i = 1; i < described.length; i++) expect(described[i]!.baseOffset).toBe(described[i - 1]!.nextOffset);
    expect(values(log.read(0n, 100_000).records).length).toBeGreaterThan(0);
    // Every offset is readable across segment boundaries.
    for (let o = 0n; o < 30n; o++) expect(batchOffsets(log.read(o, 1).records)[0]![1]).toBeGreaterThanOrEqual(o);
  });

  it("rolls by segment.ms measured from the first batch's timestamp", () => {
    const { log } = memLog({ segmentMs: 1_000 });
    log.appendAsLeader(valuesBatch(1, 10_000n), 0);
    log.appendAsLeader(valuesBatch(1, 10_900n), 0);
    expect(log.segmentCount()).toBe(1);
    log.appendAsLeader(valuesBatch(1, 11_001n), 0);
    expect(log.segmentCount()).toBe(2);
  });

  it("rolls an empty-timestamp segment by its age (injected clock)", () => {
    let now = 1_000;
    const { log } = memLog({ segmentMs: 500 }, () => now);
    log.appendAsLeader(valuesBatch(1, -1n), 0);
    now += 400;
    log.appendAsLeader(valuesBatch(1, -1n), 0);
    expect(log.segmentCount()).toBe(1);
    now += 200;
    log.appendAsLeader(valuesBatch(1, -1n), 0);
    expect(log.segmentCount()).toBe(2);
  });

  it("rolls an idle segment by segment.ms from the background check, never an empty one", () => {
    let now = 50_000;
    const { log } = memLog({ segmentMs: 1_000 }, () => now);
    expect(log.maybeRollByTime()).toBe(false);
    log.appendAsLeader(valuesBatch(2, 49_500n), 0);
    expect(log.maybeRollByTime()).toBe(false);
    now = 50_501;
    expect(log.maybeRollByTime()).toBe(true);
    expect(log.segmentCount()).toBe(2);
    now = 100_000;
    expect(log.maybeRollByTime()).toBe(false);
  });

  it("rolls when the offset index is full (segment.index.bytes)", () => {
    const { log } = memLog({ segmentIndexBytes: 16, indexIntervalBytes: 1 });
    for (let i = 0; i < 8; i++) log.appendAsLeader(valuesBatch(1), 0);
    expect(log.segmentCount()).toBeGreaterThan(2);
  });

  it("finds the first offset at or after a timestamp, inside batches and across segments", () => {
    const { log } = memLog({ segmentBytes: 300, indexIntervalBytes: 1 });
    for (let i = 0; i < 10; i++) {
      log.appendAsLeader(
        makeBatch([0, 1, 2].map((j) => ({ value: `v${i}-${j}`, timestamp: BigInt(1_000 + i * 30 + j * 10) }))),
        0,
      );
    }
    expect(log.offsetForTimestamp(0n)).toEqual({ offset: 0n, timestamp: 1_000n });
    expect(log.offsetForTimestamp(1_000n)).toEqual({ offset: 0n, timestamp: 1_000n });
    expect(log.offsetForTimestamp(1_011n)).toEqual({ offset: 2n, timestamp: 1_020n });
    expect(log.offsetForTimestamp(1_155n)).toEqual({ offset: 16n, timestamp: 1_160n });
    expect(log.offsetForTimestamp(1_290n)).toEqual({ offset: 29n, timestamp: 1_290n });
    expect(log.offsetForTimestamp(1_291n)).toBeNull();
    log.deleteRecordsBefore(16n);
    expect(log.offsetForTimestamp(0n)?.offset).toBe(16n);
  });

  it("finds timestamps in compressed batches and reports the max timestamp record", () => {
    const { log } = memLog();
    log.appendAsLeader(
      makeBatch(
        [
          { value: "a", timestamp: 5n },
          { value: "b", timestamp: 50n },
          { value: "c", timestamp: 20n },
        ],
        { compression: CompressionType.Gzip },
      ),
      0,
    );
    log.appendAsLeader(makeBatch([{ value: "d", timestamp: 30n }]), 0);
    expect(log.offsetForTimestamp(21n)).toEqual({ offset: 1n, timestamp: 50n });
    expect(log.maxTimestampOffset()).toEqual({ offset: 1n, timestamp: 50n });
  });

  it("truncates to an offset, dropping later segments and the batches at or after it", () => {
    const { log } = memLog({ segmentBytes: 300 });
    for (let i = 0; i < 10; i++) log.appendAsLeader(valuesBatch(2), i < 5 ? 1 : 2);
    const segments = log.segmentCount();
    log.truncateTo(6n);
    expect(log.logEndOffset).toBe(6n);
    expect(log.segmentCount()).toBeLessThan(segments);
    expect(batchOffsets(log.read(0n, 100_000).records).at(-1)).toEqual([4n, 5n]);
    expect(log.latestEpochs()).toEqual([{ epoch: 1, startOffset: 0n }]);
    expect(log.appendAsLeader(valuesBatch(1), 3).firstOffset).toBe(6n);
  });

  it("deletes records before an offset: log start moves, whole segments below it go", () => {
    const { fs, log } = memLog({ segmentBytes: 300 });
    for (let i = 0; i < 10; i++) log.appendAsLeader(valuesBatch(2), 0);
    const before = log.segmentCount();
    expect(log.deleteRecordsBefore(11n)).toBe(11n);
    expect(log.deleteRecordsBefore(3n)).toBe(11n);
    expect(log.logStartOffset).toBe(11n);
    expect(log.segmentCount()).toBeLessThan(before);
    expect(errorCodeOf(() => log.deleteRecordsBefore(21n))).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(fs.fileContent(`${DIR}/log-start-offset-checkpoint`)!.toString()).toBe("0\n1\n11\n");
    log.close();
    const reopened = PartitionLog.open(DIR, testConfig({ segmentBytes: 300 }), { fs });
    expect(reopened.logStartOffset).toBe(11n);
    expect(reopened.logEndOffset).toBe(20n);
  });
});

describe("PartitionLog retention", () => {
  it("deletes whole segments older than retention.ms (injected clock), never the data that is still young", () => {
    let now = 100_000;
    const { log } = memLog({ segmentBytes: 300, retentionMs: 10_000 }, () => now);
    for (let i = 0; i < 6; i++) log.appendAsLeader(valuesBatch(2, 90_000n), 0);
    for (let i = 0; i < 6; i++) log.appendAsLeader(valuesBatch(2, 99_000n), 0);
    expect(log.deleteOldSegments()).toBe(0);
    now = 100_500;
    const deleted = log.deleteOldSegments();
    expect(deleted).toBeGreaterThan(0);
    const first = decodeRecordBatch(log.read(log.logStartOffset, 1_000).records, 0);
    expect(first.maxTimestamp).toBe(99_000n);
    expect(log.logStartOffset).toBe(first.baseOffset);
    // Everything expired, the active segment included: it is rolled, then deleted.
    now = 200_000;
    log.deleteOldSegments();
    expect(log.logStartOffset).toBe(24n);
    expect(log.logEndOffset).toBe(24n);
    expect(log.segmentCount()).toBe(1);
  });

  it("deletes the oldest segments while the log exceeds retention.bytes", () => {
    const { log } = memLog({ segmentBytes: 300, retentionBytes: 700 });
    for (let i = 0; i < 12; i++) log.appendAsLeader(valuesBatch(2), 0);
    const total = log.sizeInBytes();
    expect(total).toBeGreaterThan(700);
    log.deleteOldSegments();
    expect(log.sizeInBytes()).toBeLessThanOrEqual(700 + 300);
    expect(log.sizeInBytes()).toBeGreaterThan(0);
    expect(log.logStartOffset).toBeGreaterThan(0n);
  });

  it("does not delete by time or size on a compact-only topic", () => {
    const { log } = memLog(
      { segmentBytes: 300, retentionBytes: 10, retentionMs: 1, cleanupPolicy: "compact" },
      () => 10_000_000,
    );
    for (let i = 0; i < 6; i++) log.appendAsLeader(makeBatch([{ key: `k${i}`, value: "v", timestamp: 1n }]), 0);
    expect(log.deleteOldSegments()).toBe(0);
    expect(log.logStartOffset).toBe(0n);
  });
});

describe("PartitionLog leader epochs", () => {
  it("keeps a leader-epoch-checkpoint and answers endOffsetForEpoch like Kafka", () => {
    const { fs, log } = memLog();
    log.appendAsLeader(valuesBatch(3), 1);
    log.appendAsLeader(valuesBatch(2), 1);
    log.appendAsLeader(valuesBatch(4), 3);
    expect(log.latestEpochs()).toEqual([
      { epoch: 1, startOffset: 0n },
      { epoch: 3, startOffset: 5n },
    ]);
    expect(log.endOffsetForEpoch(3)).toEqual({ epoch: 3, endOffset: 9n });
    expect(log.endOffsetForEpoch(1)).toEqual({ epoch: 1, endOffset: 5n });
    expect(log.endOffsetForEpoch(2)).toEqual({ epoch: 1, endOffset: 5n });
    expect(log.endOffsetForEpoch(0)).toEqual({ epoch: 0, endOffset: 0n });
    expect(log.endOffsetForEpoch(4)).toBeNull();
    expect(fs.fileContent(`${DIR}/leader-epoch-checkpoint`)!.toString()).toBe("0\n2\n1 0\n3 5\n");
    log.close();
    const reopened = PartitionLog.open(DIR, testConfig(), { fs });
    expect(reopened.latestEpochs()).toEqual([
      { epoch: 1, startOffset: 0n },
      { epoch: 3, startOffset: 5n },
    ]);
  });
});

describe("PartitionLog leader epochs at become-leader", () => {
  it("starts a new epoch at the log end offset, so that epoch's appends write no checkpoint", () => {
    const { fs, log } = memLog();
    log.appendAsLeader(valuesBatch(2), 1);
    log.maybeAssignEpochStartOffset(4);
    const checkpoint = `${DIR}/leader-epoch-checkpoint`;
    expect(fs.fileContent(checkpoint)!.toString()).toBe("0\n2\n1 0\n4 2\n");
    fs.unlink(checkpoint);
    log.appendAsLeader(valuesBatch(3), 4);
    log.maybeAssignEpochStartOffset(4);
    log.maybeAssignEpochStartOffset(2);
    expect(fs.exists(checkpoint)).toBe(false);
    expect(log.latestEpochs()).toEqual([
      { epoch: 1, startOffset: 0n },
      { epoch: 4, startOffset: 2n },
    ]);
    expect(log.endOffsetForEpoch(4)).toEqual({ epoch: 4, endOffset: 5n });
  });
});

describe("PartitionLog on a real disk", () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it("writes Kafka's file layout and reopens with the same content", () => {
    const tmp = makeTempDir();
    cleanup = tmp.cleanup;
    const dir = `${tmp.dir}/orders-3`;
    const config = testConfig({ segmentBytes: 2_000, indexIntervalBytes: 100 });
    const log = PartitionLog.open(dir, config);
    for (let i = 0; i < 40; i++) log.appendAsLeader(valuesBatch(5, BigInt(1_000 + i)), 2);
    const before = log.read(0n, 1_000_000).records;
    log.close();
    const files = nodeFs.readdirSync(dir).sort();
    expect(files).toContain("00000000000000000000.log");
    expect(files).toContain("00000000000000000000.index");
    expect(files).toContain("00000000000000000000.timeindex");
    expect(files).toContain(".kafka_cleanshutdown");
    const index = nodeFs.readFileSync(`${dir}/00000000000000000000.index`);
    expect(index.length % 8).toBe(0);
    expect(index.length).toBeGreaterThan(0);
    const reopened = PartitionLog.open(dir, config);
    expect(reopened.recovery.cleanShutdown).toBe(true);
    expect(reopened.recovery.segmentsRecovered).toBe(0);
    expect(reopened.logEndOffset).toBe(200n);
    expect(reopened.read(0n, 1_000_000).records.equals(before)).toBe(true);
    expect(nodeFs.existsSync(`${dir}/.kafka_cleanshutdown`)).toBe(false);
    reopened.close();
  });
});
