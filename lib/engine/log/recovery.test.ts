import * as nodeFs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { iterateBatches } from "../../protocol/records/record-batch";
import { CleanTask } from "./log-cleaner";
import { MemoryFileSystem } from "./memory-file-system";
import { PartitionLog } from "./partition-log";
import { makeBatch, makeTempDir, testConfig, valuesBatch } from "./test-support";

const DIR = "/data/events-0";
const CONFIG = testConfig({ segmentBytes: 600, indexIntervalBytes: 60 });

function offsetsOf(log: PartitionLog): bigint[] {
  const out: bigint[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { records } = log.read(offset, 100_000);
    if (records.length === 0) break;
    for (const { header } of iterateBatches(records)) {
      out.push(header.baseOffset);
      offset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
    }
  }
  return out;
}

/** A log of 12 batches of 3 records over several segments, left open (as after a crash). */
function crashedLog(config = CONFIG): {
  fs: MemoryFileSystem;
  lastBatchStart: number;
  activeFile: string;
  allBases: bigint[];
} {
  const fs = new MemoryFileSystem();
  const log = PartitionLog.open(DIR, config, { fs });
  for (let i = 0; i < 12; i++) log.appendAsLeader(valuesBatch(3, BigInt(1_000 + i)), 1);
  const active = log.segmentList().at(-1)!;
  const lastBatchStart = active.translateOffset(33n)!.position;
  const allBases = offsetsOf(log);
  return { fs: fs.afterCrash("process"), lastBatchStart, activeFile: active.paths.log, allBases };
}

describe("crash recovery", () => {
  it("keeps every whole batch and nothing after, for a cut at every byte of the last batch", () => {
    const { fs, lastBatchStart, activeFile, allBases } = crashedLog();
    const full = fs.fileContent(activeFile)!;
    expect(full.length).toBeGreaterThan(lastBatchStart + 61);
    for (let cut = lastBatchStart; cut < full.length; cut++) {
      const copy = fs.afterCrash("process");
      copy.setFileContent(activeFile, full.subarray(0, cut));
      const log = PartitionLog.open(DIR, CONFIG, { fs: copy });
      expect(log.recovery.cleanShutdown).toBe(false);
      expect(log.recovery.truncatedBytes).toBe(cut - lastBatchStart);
      expect(log.logEndOffset).toBe(33n);
      expect(offsetsOf(log)).toEqual(allBases.slice(0, -1));
      // Usable afterwards: the next append takes the offsets the torn batch had.
      expect(log.appendAsLeader(valuesBatch(3), 1).firstOffset).toBe(33n);
      log.close();
    }
  });

  it("does the same on a real disk (sampled cut positions)", () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const dir = `${tmp.dir}/events-0`;
    const log = PartitionLog.open(dir, CONFIG);
    for (let i = 0; i < 12; i++) log.appendAsLeader(valuesBatch(3, BigInt(1_000 + i)), 1);
    const active = log.segmentList().at(-1)!;
    const lastBatchStart = active.translateOffset(33n)!.position;
    const activeFile = active.paths.log;
    const expected = offsetsOf(log).slice(0, -1);
    const full = nodeFs.readFileSync(activeFile);
    log.flush();
    // Simulated crash: the log object is abandoned without close (no clean-shutdown marker).
    for (let cut = lastBatchStart; cut < full.length; cut += 13) {
      nodeFs.writeFileSync(activeFile, full.subarray(0, cut));
      const reopened = PartitionLog.open(dir, CONFIG);
      expect(reopened.logEndOffset).toBe(33n);
      expect(offsetsOf(reopened)).toEqual(expected);
      reopened.close();
      nodeFs.rmSync(`${dir}/.kafka_cleanshutdown`, { force: true });
    }
    log.close(); // releases the first instance's descriptors (the directory is removed afterwards)
  });

  it("cuts at a corrupted batch (bit flip) and zero-filled tails", () => {
    const { fs, lastBatchStart, activeFile, allBases } = crashedLog();
    const full = Buffer.from(fs.fileContent(activeFile)!);
    const flipped = Buffer.from(full);
    flipped[lastBatchStart + 70]! ^= 0x01;
    fs.setFileContent(activeFile, flipped);
    let log = PartitionLog.open(DIR, CONFIG, { fs });
    expect(offsetsOf(log)).toEqual(allBases.slice(0, -1));
    log.close();
    const zeros = Buffer.concat([fs.fileContent(activeFile)!, Buffer.alloc(4096)]);
    fs.setFileContent(activeFile, zeros);
    fs.unlink(`${DIR}/.kafka_cleanshutdown`);
    log = PartitionLog.open(DIR, CONFIG, { fs });
    expect(log.recovery.truncatedBytes).toBe(4096);
    expect(offsetsOf(log)).toEqual(allBases.slice(0, -1));
  });

  it("reports recovery through the logger", () => {
    const { fs, lastBatchStart, activeFile } = crashedLog();
    fs.setFileContent(activeFile, fs.fileContent(activeFile)!.subarray(0, lastBatchStart + 5));
    const messages: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
    PartitionLog.open(DIR, CONFIG, {
      fs,
      logger: (level, message, fields) => messages.push({ level, message, fields }),
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ level: "warn", message: "log recovered", fields: { truncatedBytes: 5 } });
  });

  it("deletes the segments that follow a corrupt one when recovering from offset 0", () => {
    const small = { ...CONFIG, segmentBytes: 250 };
    const { fs, allBases } = crashedLog(small);
    const segments = fs.readdir(DIR).filter((n) => n.endsWith(".log"));
    expect(segments.length).toBeGreaterThan(2);
    const second = `${DIR}/${segments[1]}`;
    const content = Buffer.from(fs.fileContent(second)!);
    content[content.length - 3]! ^= 0xff;
    fs.setFileContent(second, content);
    fs.unlink(`${DIR}/recovery-point-offset-checkpoint`);
    const log = PartitionLog.open(DIR, small, { fs });
    expect(log.recovery.segmentsDeleted).toBe(segments.length - 2);
    expect(log.segmentCount()).toBe(2);
    const kept = offsetsOf(log);
    expect(kept).toEqual(allBases.slice(0, kept.length));
    expect(log.logEndOffset).toBe(kept.at(-1)! + 3n);
  });

  it("removes orphan index files and checkpoint temp files", () => {
    const { fs } = crashedLog();
    fs.setFileContent(`${DIR}/00000000000000009999.index`, Buffer.alloc(8));
    fs.setFileContent(`${DIR}/00000000000000009999.timeindex`, Buffer.alloc(12));
    fs.setFileContent(`${DIR}/leader-epoch-checkpoint.tmp`, Buffer.from("0\n"));
    const log = PartitionLog.open(DIR, CONFIG, { fs });
    expect(log.recovery.leftoverFilesRemoved).toBe(3);
    expect(fs.readdir(DIR).some((n) => n.startsWith("00000000000000009999") || n.endsWith(".tmp"))).toBe(false);
    expect(log.logEndOffset).toBe(36n);
  });

  it("skips the scan after a clean shutdown and recovers only from the recovery point otherwise", () => {
    const { fs } = crashedLog();
    let log = PartitionLog.open(DIR, CONFIG, { fs });
    expect(log.recovery.segmentsRecovered).toBe(1);
    log.close();
    log = PartitionLog.open(DIR, CONFIG, { fs });
    expect(log.recovery.cleanShutdown).toBe(true);
    expect(log.recovery.segmentsRecovered).toBe(0);
  });
});

describe("index repair", () => {
  function closedLog(): { fs: MemoryFileSystem; indexes: Map<string, Buffer> } {
    const fs = new MemoryFileSystem();
    const log = PartitionLog.open(DIR, CONFIG, { fs });
    for (let i = 0; i < 12; i++) log.appendAsLeader(valuesBatch(3, BigInt(1_000 + i)), 1);
    log.close();
    const indexes = new Map<string, Buffer>();
    for (const name of fs.readdir(DIR))
      if (/index$/.test(name)) indexes.set(name, Buffer.from(fs.fileContent(`${DIR}/${name}`)!));
    return { fs, indexes };
  }

  it("rebuilds a missing offset index and time index identically", () => {
    const { fs, indexes } = closedLog();
    fs.unlink(`${DIR}/00000000000000000000.index`);
    fs.unlink(`${DIR}/00000000000000000000.timeindex`);
    const log = PartitionLog.open(DIR, CONFIG, { fs });
    expect(log.recovery.indexesRebuilt).toBe(1);
    expect(
      fs.fileContent(`${DIR}/00000000000000000000.index`)!.equals(indexes.get("00000000000000000000.index")!),
    ).toBe(true);
    expect(
      fs.fileContent(`${DIR}/00000000000000000000.timeindex`)!.equals(indexes.get("00000000000000000000.timeindex")!),
    ).toBe(true);
    expect(log.offsetForTimestamp(1_001n)?.offset).toBe(3n);
  });

  it("rebuilds a torn index and one whose entries point past the log", () => {
    const { fs, indexes } = closedLog();
    const index = indexes.get("00000000000000000000.index")!;
    expect(index.length).toBeGreaterThanOrEqual(16);
    fs.setFileContent(`${DIR}/00000000000000000000.index`, index.subarray(0, index.length - 3));
    let log = PartitionLog.open(DIR, CONFIG, { fs });
    expect(log.recovery.indexesRebuilt).toBe(1);
    log.close();
    const bogus = Buffer.from(index);
    bogus.writeInt32BE(1_000_000, bogus.length - 4);
    fs.setFileContent(`${DIR}/00000000000000000000.index`, bogus);
    log = PartitionLog.open(DIR, CONFIG, { fs });
    expect(log.recovery.indexesRebuilt).toBe(1);
    expect(fs.fileContent(`${DIR}/00000000000000000000.index`)!.equals(index)).toBe(true);
    for (let o = 0n; o < 36n; o++) expect(log.read(o, 1).records.readBigInt64BE(0)).toBe((o / 3n) * 3n);
  });

  it("survives a wrong-but-plausible index entry (falls back to a scan)", () => {
    const { fs, indexes } = closedLog();
    const index = Buffer.from(indexes.get("00000000000000000000.index")!);
    // Point the first entry at the second entry's position: offsets before it must still be found.
    index.writeInt32BE(index.readInt32BE(12), 4);
    fs.setFileContent(`${DIR}/00000000000000000000.index`, index);
    const log = PartitionLog.open(DIR, CONFIG, { fs });
    for (let o = 0n; o < 36n; o++) expect(log.read(o, 1).records.readBigInt64BE(0)).toBe((o / 3n) * 3n);
  });

  it("rebuilds the leader epoch cache from batch headers when its checkpoint is corrupt", () => {
    const fs = new MemoryFileSystem();
    const log = PartitionLog.open(DIR, CONFIG, { fs });
    log.appendAsLeader(valuesBatch(2), 1);
    log.appendAsLeader(valuesBatch(2), 4);
    log.close();
    fs.setFileContent(`${DIR}/leader-epoch-checkpoint`, Buffer.from("garbage"));
    const reopened = PartitionLog.open(DIR, CONFIG, { fs });
    expect(reopened.latestEpochs()).toEqual([
      { epoch: 1, startOffset: 0n },
      { epoch: 4, startOffset: 2n },
    ]);
  });
});

describe("interrupted compaction", () => {
  function compactedTopic(): MemoryFileSystem {
    const fs = new MemoryFileSystem();
    const log = PartitionLog.open(DIR, { ...CONFIG, cleanupPolicy: "compact" }, { fs, now: () => 10_000 });
    for (let i = 0; i < 30; i++)
      log.appendAsLeader(makeBatch([{ key: `k${i % 3}`, value: `v${i}`, timestamp: 1_000n }]), 1);
    log.close();
    return fs;
  }

  it("completes a swap interrupted after the old segments were deleted", () => {
    const fs = compactedTopic();
    const config = { ...CONFIG, cleanupPolicy: "compact" as const };
    const log = PartitionLog.open(DIR, config, { fs, now: () => 10_000 });
    const before = offsetsOf(log);
    fs.inject({ op: "rename", pathIncludes: ".swap", crash: true });
    expect(() => new CleanTask(log).runToCompletion()).toThrow();
    const crashed = fs.afterCrash("process");
    expect(crashed.readdir(DIR).some((n) => n.endsWith(".log.swap"))).toBe(true);
    const reopened = PartitionLog.open(DIR, config, { fs: crashed, now: () => 10_000 });
    expect(reopened.recovery.swapsCompleted).toBe(1);
    const after = offsetsOf(reopened);
    expect(after.length).toBeLessThan(before.length);
    expect(after.every((o) => before.includes(o))).toBe(true);
    expect(crashed.readdir(DIR).some((n) => n.includes(".swap") || n.includes(".cleaned"))).toBe(false);
    // The latest value of every key is still there.
    expect(after.slice(-3)).toEqual(before.slice(-3));
  });

  it("removes leftover .cleaned files and keeps the segments that were not swapped yet", () => {
    const fs = compactedTopic();
    const config = { ...CONFIG, cleanupPolicy: "compact" as const };
    const log = PartitionLog.open(DIR, config, { fs, now: () => 10_000 });
    const before = offsetsOf(log);
    fs.inject({ op: "write", pathIncludes: ".cleaned", crash: true });
    expect(() => new CleanTask(log).runToCompletion()).toThrow();
    const crashed = fs.afterCrash("process");
    expect(crashed.readdir(DIR).some((n) => n.endsWith(".cleaned"))).toBe(true);
    const failedGroupBase = BigInt(
      crashed
        .readdir(DIR)
        .find((n) => n.endsWith(".log.cleaned"))!
        .slice(0, 20),
    );
    const reopened = PartitionLog.open(DIR, config, { fs: crashed, now: () => 10_000 });
    expect(reopened.recovery.leftoverFilesRemoved).toBe(3);
    expect(crashed.readdir(DIR).some((n) => n.includes(".cleaned"))).toBe(false);
    const after = offsetsOf(reopened);
    // Groups swapped before the crash are compacted; from the failed group on, nothing changed.
    expect(after.filter((o) => o >= failedGroupBase)).toEqual(before.filter((o) => o >= failedGroupBase));
    expect(after.every((o) => before.includes(o))).toBe(true);
  });
});

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});
