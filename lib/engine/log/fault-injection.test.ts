import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { iterateBatches } from "../../protocol/records/record-batch";
import { LogError } from "./log-error";
import { type Fault, MemoryFileSystem } from "./memory-file-system";
import { PartitionLog } from "./partition-log";
import { testConfig, valuesBatch } from "./test-support";

const DIR = "/data/payments-0";

function storageErrorOf(fn: () => unknown): LogError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LogError);
    expect((error as LogError).errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    return error as LogError;
  }
  throw new Error("expected a storage error");
}

function bases(log: PartitionLog): bigint[] {
  return [...iterateBatches(log.read(log.logStartOffset, 1_000_000).records)].map((b) => b.header.baseOffset);
}

/** A log with 3 batches, then `fault` injected on the next matching call. */
function withFault(fault: Fault, overrides: Parameters<typeof testConfig>[0] = {}) {
  const fs = new MemoryFileSystem();
  const log = PartitionLog.open(DIR, testConfig({ indexIntervalBytes: 1, ...overrides }), { fs });
  for (let i = 0; i < 3; i++) log.appendAsLeader(valuesBatch(2), 0);
  const segmentFile = log.segmentList().at(-1)!.paths.log;
  const sizeBefore = fs.fileContent(segmentFile)!.length;
  fs.inject(fault);
  return { fs, log, segmentFile, sizeBefore };
}

describe("fault injection", () => {
  for (const [name, fault] of [
    ["a failed segment write", { op: "write", pathIncludes: ".log" }],
    ["a torn segment write", { op: "write", pathIncludes: ".log", tornBytes: 30 }],
    ["a failed offset index write", { op: "write", pathIncludes: ".index" }],
    ["a failed time index write", { op: "write", pathIncludes: ".timeindex" }],
  ] as Array<[string, Fault]>) {
    it(`${name}: nothing half-appended is visible and the log stays usable`, () => {
      const { fs, log, segmentFile, sizeBefore } = withFault(fault);
      // A newer timestamp, so that the append writes a time index entry too.
      storageErrorOf(() => log.appendAsLeader(valuesBatch(2, 5_000n), 0));
      expect(log.logEndOffset).toBe(6n);
      expect(bases(log)).toEqual([0n, 2n, 4n]);
      expect(fs.fileContent(segmentFile)!.length).toBe(sizeBefore);
      expect(log.appendAsLeader(valuesBatch(2), 0).firstOffset).toBe(6n);
      expect(bases(log)).toEqual([0n, 2n, 4n, 6n]);
      // And what is on disk recovers to the same thing.
      const reopened = PartitionLog.open(DIR, testConfig({ indexIntervalBytes: 1 }), { fs: fs.afterCrash("process") });
      expect(reopened.recovery.truncatedBytes).toBe(0);
      expect(bases(reopened)).toEqual([0n, 2n, 4n, 6n]);
    });
  }

  it("a failed fsync under flush.messages=1 takes the append back", () => {
    const { log } = withFault({ op: "fsync", pathIncludes: ".log" }, { flushMessages: 1 });
    storageErrorOf(() => log.appendAsLeader(valuesBatch(2), 0));
    expect(log.logEndOffset).toBe(6n);
    expect(bases(log)).toEqual([0n, 2n, 4n]);
    expect(log.appendAsLeader(valuesBatch(2), 0).firstOffset).toBe(6n);
  });

  it("a failed explicit flush reports KAFKA_STORAGE_ERROR and a later flush succeeds", () => {
    const { log } = withFault({ op: "fsync" });
    storageErrorOf(() => log.flush());
    log.flush();
    expect(log.logEndOffset).toBe(6n);
  });

  it("a failed roll (new segment cannot be created) appends nothing", () => {
    const fs = new MemoryFileSystem();
    const log = PartitionLog.open(DIR, testConfig({ segmentBytes: 200 }), { fs });
    log.appendAsLeader(valuesBatch(2), 0);
    log.appendAsLeader(valuesBatch(2), 0);
    fs.inject({ op: "open", pathIncludes: ".log" });
    storageErrorOf(() => log.appendAsLeader(valuesBatch(2), 0));
    expect(log.logEndOffset).toBe(4n);
    expect(log.appendAsLeader(valuesBatch(2), 0).firstOffset).toBe(4n);
    expect(bases(log).length).toBeGreaterThan(0);
  });

  it("a failed log-start-offset checkpoint leaves the log start offset unchanged", () => {
    const { log } = withFault({ op: "rename", pathIncludes: "log-start-offset-checkpoint" });
    storageErrorOf(() => log.deleteRecordsBefore(3n));
    expect(log.logStartOffset).toBe(0n);
    expect(log.deleteRecordsBefore(3n)).toBe(3n);
  });

  it("a failed read reports KAFKA_STORAGE_ERROR", () => {
    const { log } = withFault({ op: "read", pathIncludes: ".log" });
    storageErrorOf(() => log.read(0n, 1000));
    expect(bases(log)).toEqual([0n, 2n, 4n]);
  });
});
