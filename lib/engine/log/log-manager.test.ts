import * as nodeFs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { LogManager, parsePartitionDir } from "./log-manager";
import { MemoryFileSystem } from "./memory-file-system";
import { makeBatch, makeTempDir, testConfig, valuesBatch } from "./test-support";

const managers: LogManager[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (managers.length > 0) managers.pop()!.close();
  while (cleanups.length > 0) cleanups.pop()!();
});

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("LogManager", () => {
  it("parses partition directory names with dashes in the topic", () => {
    expect(parsePartitionDir("my-topic-12")).toEqual({ topic: "my-topic", partition: 12 });
    expect(parsePartitionDir("__consumer_offsets-0")).toEqual({ topic: "__consumer_offsets", partition: 0 });
    expect(parsePartitionDir("no-number")).toBeUndefined();
  });

  it("creates, finds, lists, deletes and reloads partition logs on a real disk", () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const manager = new LogManager(tmp.dir);
    const log = manager.getOrCreate("my-topic", 2, testConfig());
    expect(log.dir).toBe(`${tmp.dir}/my-topic-2`);
    expect(manager.getOrCreate("my-topic", 2, testConfig())).toBe(log);
    log.appendAsLeader(valuesBatch(3), 0);
    manager.getOrCreate("other", 0, testConfig()).appendAsLeader(valuesBatch(1), 0);
    expect([...manager.all()].map((e) => `${e.topic}/${e.partition}`).sort()).toEqual(["my-topic/2", "other/0"]);
    manager.delete("other", 0);
    expect(manager.get("other", 0)).toBeUndefined();
    expect(nodeFs.existsSync(`${tmp.dir}/other-0`)).toBe(false);
    manager.close();
    expect(nodeFs.existsSync(`${tmp.dir}/my-topic-2/.kafka_cleanshutdown`)).toBe(true);

    const again = new LogManager(tmp.dir);
    managers.push(again);
    const seen: string[] = [];
    again.loadExisting((topic) => {
      seen.push(topic);
      return testConfig();
    });
    expect(seen).toEqual(["my-topic"]);
    expect(again.get("my-topic", 2)?.logEndOffset).toBe(3n);
  });

  it("runs retention in the background on its interval", async () => {
    const now = { ms: 1_000_000 };
    const fs = new MemoryFileSystem();
    const manager = new LogManager("/logs", { fs, now: () => now.ms, retentionCheckIntervalMs: 10 });
    managers.push(manager);
    const log = manager.getOrCreate("t", 0, testConfig({ segmentBytes: 200, retentionMs: 1_000 }));
    for (let i = 0; i < 6; i++) log.appendAsLeader(valuesBatch(2, 999_600n), 0);
    manager.startBackgroundTasks();
    now.ms = 1_000_500;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(log.logStartOffset).toBe(0n);
    now.ms = 1_001_000;
    await until(() => log.logStartOffset === 12n);
    expect(log.segmentCount()).toBe(1);
  });

  it("compacts in the background, step by step, once the dirty ratio is reached", async () => {
    const fs = new MemoryFileSystem();
    const manager = new LogManager("/logs", { fs, now: () => 10_000, cleanerBackoffMs: 10 });
    managers.push(manager);
    const log = manager.getOrCreate("users", 0, testConfig({ cleanupPolicy: "compact", segmentBytes: 300 }));
    for (let i = 0; i < 40; i++) log.appendAsLeader(makeBatch([{ key: `k${i % 2}`, value: `v${i}` }]), 0);
    const sizeBefore = log.sizeInBytes();
    manager.startBackgroundTasks();
    await until(() => log.sizeInBytes() < sizeBefore / 2 && !manager.isCleaning);
    expect(log.logEndOffset).toBe(40n);
  });

  it("flushes on flush.ms", async () => {
    const now = { ms: 0 };
    const fs = new MemoryFileSystem();
    const manager = new LogManager("/logs", { fs, now: () => now.ms });
    managers.push(manager);
    const log = manager.getOrCreate("t", 0, testConfig({ flushMs: 100 }));
    log.appendAsLeader(valuesBatch(1), 0);
    const syncs = fs.calls.fsync;
    manager.runTimedFlush();
    expect(fs.calls.fsync).toBe(syncs);
    now.ms = 100;
    manager.runTimedFlush();
    expect(fs.calls.fsync).toBeGreaterThan(syncs);
    expect(log.unflushedAgeMs()).toBeUndefined();
    // What was flushed survives a machine crash.
    const survivor = new LogManager("/logs", { fs: fs.afterCrash("machine") });
    managers.push(survivor);
    expect(survivor.getOrCreate("t", 0, testConfig()).logEndOffset).toBe(1n);
  });
});
