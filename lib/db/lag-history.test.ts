import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OffsetsSample } from "../admin";
import { openDb, type Db } from "./client";
import {
  RAW_RETENTION_MS,
  RESOLUTION_5MIN_S,
  RESOLUTION_HOUR_S,
  RESOLUTION_RAW_S,
  deleteClusterHistory,
  maintainHistory,
  recordFailedRound,
  recordSample,
} from "./lag-history";
import { readGroupLag, rebucket, resolveWindow } from "./lag-history-query";

const INTERVAL_MS = 30_000;
/** An hour boundary, so buckets are easy to reason about. */
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);

/** Synthetic round i: topic "t" (2 partitions), group "g" committed so that lag follows lagAt(i). */
function sampleAt(i: number, lagAt: (i: number) => [number, number]): OffsetsSample {
  const [lag0, lag1] = lagAt(i);
  const end0 = 1_000 + i * 10;
  const end1 = 2_000 + i * 20;
  return {
    atMs: T0 + i * INTERVAL_MS,
    partitions: [
      { topic: "t", partition: 0, logEndOffset: end0 },
      { topic: "t", partition: 1, logEndOffset: end1 },
    ],
    groups: [
      {
        groupId: "g",
        maxTimeLagMs: (lag0 + lag1) * 100,
        offsets: [
          { topic: "t", partition: 0, committedOffset: end0 - lag0, lag: lag0 },
          { topic: "t", partition: 1, committedOffset: end1 - lag1, lag: lag1 },
        ],
      },
    ],
    brokerLeaders: [{ brokerId: 0, leaders: 1 + (i % 3) }],
  };
}

/** Lag moving up and down in a pattern that makes min, max, avg and last all differ per bucket. */
const lagPattern = (i: number): [number, number] => [(i * 7) % 13, (i * 5) % 11];

async function lagRows(db: Db, resolutionS: number, topic = "", partition = -1) {
  const rows = await db.lagPoint.findMany({
    where: { clusterId: "c", groupId: "g", topic, partition, resolutionS },
    orderBy: { bucketMs: "asc" },
  });
  return rows.map((r) => ({ ...r, bucketMs: Number(r.bucketMs) }));
}

describe("the lag-history store", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pier-history-"));
  let db: Db;
  const ROUNDS = 2 * 120 + 10; // 2 h 5 min of samples at 30 s

  beforeAll(async () => {
    db = await openDb(dir);
    for (let i = 0; i < ROUNDS; i++) {
      await recordSample(db, "c", sampleAt(i, lagPattern), 5);
      // The sampler's cadence: maintenance runs now and then, never all at once.
      if (i % 7 === 0) await maintainHistory(db, "c", T0 + i * INTERVAL_MS + 1);
    }
    await maintainHistory(db, "c", T0 + ROUNDS * INTERVAL_MS);
  });
  afterAll(async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores per-partition, per-topic and group rows with the sampled lag", async () => {
    const raw = await lagRows(db, RESOLUTION_RAW_S);
    expect(raw).toHaveLength(ROUNDS);
    const [l0, l1] = lagPattern(17);
    const at17 = raw.find((r) => r.bucketMs === T0 + 17 * INTERVAL_MS)!;
    expect(at17.lagLast).toBe(l0 + l1);
    expect(at17.timeLagLast).toBe((l0 + l1) * 100);
    const p1 = await lagRows(db, RESOLUTION_RAW_S, "t", 1);
    expect(p1[17]!.lagLast).toBe(l1);
    expect(p1[17]!.committedLast).toBe(2_000 + 17 * 20 - l1);
  });

  it("stores any group and topic name exactly, quotes and all, and refuses non-finite numbers", async () => {
    const groupId = `it's "odd" ); DROP TABLE "LagPoint"; -- ünï 🙂`;
    const sample: OffsetsSample = {
      atMs: T0,
      partitions: [{ topic: "t.'x'", partition: 0, logEndOffset: 9 }],
      groups: [
        { groupId, maxTimeLagMs: null, offsets: [{ topic: "t.'x'", partition: 0, committedOffset: 4, lag: 5 }] },
      ],
      brokerLeaders: [],
    };
    await recordSample(db, "odd", sample, 1);
    const rows = await db.lagPoint.findMany({ where: { clusterId: "odd", partition: 0 } });
    expect(rows).toMatchObject([{ groupId, topic: "t.'x'", lagLast: 5, committedLast: 4 }]);
    await deleteClusterHistory(db, "odd");
    const nan = { ...sample, groups: [{ ...sample.groups[0]!, maxTimeLagMs: Number.NaN }] };
    await expect(recordSample(db, "odd", nan, 1)).rejects.toThrow(/cannot be stored/);
    // The round is one transaction: nothing of the refused sample remains.
    expect(await db.lagPoint.count({ where: { clusterId: "odd" } })).toBe(0);
    expect(await db.sampleRound.count({ where: { clusterId: "odd" } })).toBe(0);
  });

  it("keeps the database in write-ahead-log mode, so readers never wait for a round being written", async () => {
    const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode?.journal_mode).toBe("wal");
  });

  it("downsamples closed 5-minute buckets keeping min, max, avg and last", async () => {
    const five = await lagRows(db, RESOLUTION_5MIN_S);
    // 250 rounds = 25 complete 5-minute buckets; the 26th would still be open.
    expect(five).toHaveLength(25);
    for (const [b, row] of five.entries()) {
      const lags = Array.from({ length: 10 }, (_, k) => lagPattern(b * 10 + k)).map(([a, c]) => a + c);
      expect(row.bucketMs).toBe(T0 + b * 300_000);
      expect(row.samples).toBe(10);
      expect(row.lagMin).toBe(Math.min(...lags));
      expect(row.lagMax).toBe(Math.max(...lags));
      expect(row.lagSum / row.samples).toBeCloseTo(lags.reduce((s, x) => s + x, 0) / 10, 9);
      expect(row.lagLast).toBe(lags[9]);
      expect(row.timeLagMax).toBe(Math.max(...lags) * 100);
      expect(row.timeLagLast).toBe(lags[9]! * 100);
    }
    // Per-partition detail is raw only.
    expect(await lagRows(db, RESOLUTION_5MIN_S, "t", 0)).toHaveLength(0);
    expect(await lagRows(db, RESOLUTION_5MIN_S, "t", -1)).toHaveLength(25);
  });

  it("builds hourly buckets from the 5-minute ones", async () => {
    const hourly = await lagRows(db, RESOLUTION_HOUR_S);
    expect(hourly).toHaveLength(2);
    for (const [h, row] of hourly.entries()) {
      const lags = Array.from({ length: 120 }, (_, k) => lagPattern(h * 120 + k)).map(([a, c]) => a + c);
      expect(row.samples).toBe(120);
      expect(row.lagMin).toBe(Math.min(...lags));
      expect(row.lagMax).toBe(Math.max(...lags));
      expect(row.lagSum / 120).toBeCloseTo(lags.reduce((s, x) => s + x, 0) / 120, 9);
      expect(row.lagLast).toBe(lags[119]);
    }
    const brokers = await db.brokerPoint.findMany({ where: { clusterId: "c", resolutionS: RESOLUTION_HOUR_S } });
    expect(brokers.map((b) => [b.leadersMin, b.leadersMax, b.leadersSum])).toEqual([
      [1, 3, 240],
      [1, 3, 240],
    ]);
  });

  it("re-buckets to the requested step with the same statistics", async () => {
    const window = resolveWindow({
      fromMs: T0,
      toMs: T0 + 20 * 60_000,
      nowMs: T0 + ROUNDS * INTERVAL_MS,
      stepMs: 600_000,
      sampleIntervalMs: INTERVAL_MS,
    });
    expect(window.resolutionS).toBe(RESOLUTION_RAW_S);
    const points = rebucket((await readGroupLag(db, "c", "g", window)).get("") ?? [], window.stepMs);
    expect(points).toHaveLength(2);
    const lags = Array.from({ length: 20 }, (_, k) => lagPattern(k)).map(([a, c]) => a + c);
    expect(points[0]!.min).toBe(Math.min(...lags));
    expect(points[0]!.max).toBe(Math.max(...lags));
    expect(points[0]!.last).toBe(lags[19]);
  });

  it("expires each level after its retention and records failed rounds", async () => {
    const later = T0 + ROUNDS * INTERVAL_MS + RAW_RETENTION_MS + 60_000;
    await recordFailedRound(db, "c", later - 1, 12, "connect ECONNREFUSED");
    await maintainHistory(db, "c", later);
    expect(await lagRows(db, RESOLUTION_RAW_S)).toHaveLength(0);
    expect(await lagRows(db, RESOLUTION_RAW_S, "t", 0)).toHaveLength(0);
    expect(await lagRows(db, RESOLUTION_5MIN_S)).toHaveLength(25);
    const rounds = await db.sampleRound.findMany({ where: { clusterId: "c", error: { not: null } } });
    expect(rounds.map((r) => r.error)).toEqual(["connect ECONNREFUSED"]);
    await deleteClusterHistory(db, "c");
    expect(await db.lagPoint.count()).toBe(0);
  });
});
