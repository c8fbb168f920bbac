import { afterEach, describe, expect, it } from "vitest";
import { NodeFileSystem } from "./file-system";
import { MemoryFileSystem } from "./memory-file-system";
import { OffsetIndex } from "./offset-index";
import { TimeIndex } from "./time-index";
import { makeTempDir } from "./test-support";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

describe("OffsetIndex", () => {
  it("looks up the last entry at or below an offset, relative to the base offset", () => {
    const fs = new MemoryFileSystem();
    fs.mkdir("/d");
    const index = new OffsetIndex(fs, "/d/00000000000000001000.index", 1000n, 100);
    expect(index.lookup(1500n)).toEqual({ offset: 1000n, position: 0 });
    index.append(1009n, 0);
    index.append(1019n, 4096);
    index.append(1029n, 8200);
    expect(index.lookup(999n)).toEqual({ offset: 1000n, position: 0 });
    expect(index.lookup(1009n)).toEqual({ offset: 1009n, position: 0 });
    expect(index.lookup(1018n)).toEqual({ offset: 1009n, position: 0 });
    expect(index.lookup(1019n)).toEqual({ offset: 1019n, position: 4096 });
    expect(index.lookup(5000n)).toEqual({ offset: 1029n, position: 8200 });
    // Kafka's entry format: int32 relative offset, int32 position.
    expect(fs.fileContent("/d/00000000000000001000.index")!.toString("hex")).toBe(
      "000000090000000000000013000010000000001d00002008",
    );
  });

  it("ignores non-increasing entries, truncates, reports full, and reopens from the file", () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const fs = new NodeFileSystem();
    const path = `${tmp.dir}/00000000000000000000.index`;
    const index = new OffsetIndex(fs, path, 0n, 4);
    for (let i = 1; i <= 4; i++) index.append(BigInt(i * 10), i * 100);
    index.append(35n, 999);
    expect(index.entries).toBe(4);
    expect(index.isFull).toBe(true);
    index.truncateTo(30n);
    expect(index.entries).toBe(2);
    expect(index.lookup(100n)).toEqual({ offset: 20n, position: 200 });
    index.close();
    const reopened = new OffsetIndex(fs, path, 0n, 4);
    expect(reopened.entries).toBe(2);
    expect(reopened.lastEntry()).toEqual({ offset: 20n, position: 200 });
    expect(reopened.isSane(201)).toBe(true);
    expect(reopened.isSane(200)).toBe(false);
    reopened.close();
  });

  it("finds entries by binary search in a large index read from the file", () => {
    const fs = new MemoryFileSystem();
    fs.mkdir("/d");
    const index = new OffsetIndex(fs, "/d/0.index", 0n, 1_000_000);
    for (let i = 0; i < 10_000; i++) index.append(BigInt(i * 7 + 6), i * 1000);
    const readsBefore = fs.calls.read;
    expect(index.lookup(49_999n)).toEqual({ offset: 49_993n, position: 7_141_000 });
    expect(fs.calls.read - readsBefore).toBeLessThanOrEqual(15);
  });
});

describe("TimeIndex", () => {
  it("keeps strictly increasing timestamps and finds the last entry before a timestamp", () => {
    const fs = new MemoryFileSystem();
    fs.mkdir("/d");
    const index = new TimeIndex(fs, "/d/00000000000000000100.timeindex", 100n);
    index.maybeAppend(1_000n, 105n);
    index.maybeAppend(1_000n, 110n);
    index.maybeAppend(900n, 111n);
    index.maybeAppend(2_000n, 120n);
    expect(index.entries).toBe(2);
    expect(index.lastEntryBefore(1_000n)).toBeUndefined();
    expect(index.lastEntryBefore(1_001n)).toEqual({ timestamp: 1_000n, offset: 105n });
    expect(index.lastEntryBefore(9_999n)).toEqual({ timestamp: 2_000n, offset: 120n });
    // Kafka's entry format: int64 timestamp, int32 relative offset.
    expect(fs.fileContent("/d/00000000000000000100.timeindex")!.subarray(0, 12).toString("hex")).toBe(
      "00000000000003e800000005",
    );
    index.truncateTo(120n);
    expect(index.lastEntry()).toEqual({ timestamp: 1_000n, offset: 105n });
  });
});
