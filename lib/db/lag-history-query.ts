import type { Db } from "./client";
import { RESOLUTION_5MIN_S, RESOLUTION_HOUR_S, RESOLUTION_RAW_S, RETENTION_MS_BY_RESOLUTION } from "./lag-history";

/**
 * The read side of the lag-history store: picks the finest level that still reaches back to
 * `fromMs`, fills the recent tail that level has not aggregated yet from finer levels, and
 * re-buckets everything to the requested step (min of mins, max of maxes, sample-weighted avg,
 * last of lasts). A bucket with no sample is left out; the charts show a gap where two buckets are
 * further apart than GAP_FACTOR steps (a failed round, a stopped console).
 */
export const HISTORY_MAX_POINTS = 720;
/** Consecutive points further apart than this many steps have a gap between them. */
export const GAP_FACTOR = 2.5;
/** A range may start this much before a level's retention and still be read from that level. */
export const LEVEL_SLACK_MS = 60_000;
const LEVELS_FINE_TO_COARSE = [RESOLUTION_RAW_S, RESOLUTION_5MIN_S, RESOLUTION_HOUR_S] as const;

/** One stored bucket, whatever its table: a value's statistics and a counter (an offset) at its end. */
export interface StoredBucket {
  atMs: number;
  /** Resolution of the level it came from (0 = raw). */
  resolutionS: number;
  samples: number;
  min: number;
  max: number;
  sum: number;
  last: number;
  /** committedLast / endOffsetLast (null for broker leaders). */
  counter: number | null;
  timeLag: { min: number; max: number; sum: number; samples: number; last: number } | null;
}

export interface HistoryPoint {
  /** Start of the step bucket (ms). */
  atMs: number;
  /** Time of the bucket's last sample (raw) or end of its last stored bucket: where `last` and `counter` were read. */
  lastAtMs: number;
  samples: number;
  min: number;
  max: number;
  avg: number;
  last: number;
  counter: number | null;
  timeLag: { min: number; max: number; avg: number; last: number } | null;
}

export interface HistoryWindow {
  fromMs: number;
  toMs: number;
  nowMs: number;
  /** Requested step (ms); raised to the level's resolution and to (to − from) / HISTORY_MAX_POINTS. */
  stepMs?: number;
  /** The sampler's interval: the finest meaningful step for raw data. */
  sampleIntervalMs: number;
}

export interface ResolvedWindow {
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** The level the range is read from (finer levels fill only its unaggregated tail). */
  resolutionS: number;
  /** Consecutive points further apart than this have a gap between them. */
  gapMs: number;
}

/**
 * The coarsest-needed level, and the step: as requested but no finer than the level (raw data may
 * be read sample by sample) nor than the point budget allows; by default the sampling interval.
 */
export function resolveWindow(w: HistoryWindow): ResolvedWindow {
  // The slack lets "the last 6 hours" asked a few seconds late still read the raw level.
  const resolutionS =
    LEVELS_FINE_TO_COARSE.find((r) => w.fromMs >= w.nowMs - RETENTION_MS_BY_RESOLUTION[r]! - LEVEL_SLACK_MS) ??
    RESOLUTION_HOUR_S;
  const levelMs = resolutionS === RESOLUTION_RAW_S ? w.sampleIntervalMs : resolutionS * 1000;
  const budgetMs = Math.ceil((w.toMs - w.fromMs) / HISTORY_MAX_POINTS);
  const requestedMs = w.stepMs ?? levelMs;
  const stepMs = Math.max(requestedMs, budgetMs, resolutionS * 1000, 1);
  return { fromMs: w.fromMs, toMs: w.toMs, stepMs, resolutionS, gapMs: GAP_FACTOR * Math.max(stepMs, levelMs) };
}

/** Reads `level` in [from, to), then each finer level after the newest bucket read so far. */
export async function readLevels(
  window: ResolvedWindow,
  read: (resolutionS: number, fromMs: number, toMs: number) => Promise<StoredBucket[]>,
): Promise<StoredBucket[]> {
  const out: StoredBucket[] = [];
  let from = window.fromMs;
  const levels = LEVELS_FINE_TO_COARSE.filter((r) => r <= window.resolutionS).reverse();
  for (const level of levels) {
    const rows = await read(level, from, window.toMs);
    out.push(...rows);
    const newest = rows.reduce((m, r) => Math.max(m, r.atMs), -1);
    if (newest >= 0) from = Math.max(from, newest + Math.max(level * 1000, 1));
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

type Accumulator = HistoryPoint & { sum: number; tlSum: number; tlSamples: number };

function emptyAccumulator(atMs: number, first: StoredBucket): Accumulator {
  const base = { atMs, lastAtMs: 0, samples: 0, min: first.min, max: first.max, avg: 0, last: first.last };
  return { ...base, counter: null, timeLag: null, sum: 0, tlSum: 0, tlSamples: 0 };
}

function accumulate(a: Accumulator, r: StoredBucket): void {
  a.samples += r.samples;
  a.sum += r.sum;
  a.min = Math.min(a.min, r.min);
  a.max = Math.max(a.max, r.max);
  a.last = r.last;
  a.counter = r.counter;
  a.lastAtMs = r.atMs + r.resolutionS * 1000;
  if (!r.timeLag) return;
  const t = a.timeLag ?? { min: r.timeLag.min, max: r.timeLag.max, avg: 0, last: r.timeLag.last };
  a.timeLag = {
    min: Math.min(t.min, r.timeLag.min),
    max: Math.max(t.max, r.timeLag.max),
    avg: 0,
    last: r.timeLag.last,
  };
  a.tlSum += r.timeLag.sum;
  a.tlSamples += r.timeLag.samples;
}

function finish({ sum, tlSum, tlSamples, ...point }: Accumulator): HistoryPoint {
  point.avg = sum / point.samples;
  if (point.timeLag) point.timeLag.avg = tlSum / tlSamples;
  return point;
}

/** Groups stored buckets into step buckets (input sorted by atMs). */
export function rebucket(rows: StoredBucket[], stepMs: number): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  let acc: Accumulator | undefined;
  for (const r of rows) {
    const atMs = Math.floor(r.atMs / stepMs) * stepMs;
    if (acc?.atMs !== atMs) {
      if (acc) points.push(finish(acc));
      acc = emptyAccumulator(atMs, r);
    }
    accumulate(acc, r);
  }
  if (acc) points.push(finish(acc));
  return points;
}

/** Indexes i of points with a gap between point i − 1 and point i. */
export function gapsBetween(points: HistoryPoint[], gapMs: number): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.atMs - points[i - 1]!.atMs > gapMs) gaps.push(i);
  }
  return gaps;
}

type Range = { resolutionS: number; bucketMs: { gte: bigint; lt: bigint } };
const range = (resolutionS: number, fromMs: number, toMs: number): Range => ({
  resolutionS,
  bucketMs: { gte: BigInt(Math.floor(fromMs)), lt: BigInt(Math.ceil(toMs)) },
});

interface LagRowShape {
  topic: string;
  partition: number;
  groupId: string;
  resolutionS: number;
  bucketMs: bigint;
  samples: number;
  lagMin: number;
  lagMax: number;
  lagSum: number;
  lagLast: number;
  committedLast: number;
  timeLagMin: number | null;
  timeLagMax: number | null;
  timeLagSum: number | null;
  timeLagSamples: number;
  timeLagLast: number | null;
}

function fromLagRow(r: LagRowShape): StoredBucket {
  const hasTimeLag = r.timeLagSamples > 0 && r.timeLagMin !== null && r.timeLagMax !== null;
  return {
    atMs: Number(r.bucketMs),
    resolutionS: r.resolutionS,
    samples: r.samples,
    min: r.lagMin,
    max: r.lagMax,
    sum: r.lagSum,
    last: r.lagLast,
    counter: r.committedLast,
    timeLag: hasTimeLag
      ? {
          min: r.timeLagMin!,
          max: r.timeLagMax!,
          sum: r.timeLagSum ?? 0,
          samples: r.timeLagSamples,
          last: r.timeLagLast ?? r.timeLagMax!,
        }
      : null,
  };
}

/** Series key of a LagPoint row: "" (group), "topic" or "topic\u0000partition". */
export function lagSeriesKey(topic: string, partition: number): string {
  return partition < 0 ? topic : `${topic}\u0000${partition}`;
}

function bySeries<T extends { atMs: number }>(entries: [string, T][]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const [key, value] of entries) {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(value);
  }
  return map;
}

/** Every stored lag bucket of a group in the window, by series key (per-partition rows are raw only). */
export async function readGroupLag(
  db: Db,
  clusterId: string,
  groupId: string,
  window: ResolvedWindow,
): Promise<Map<string, StoredBucket[]>> {
  const all: [string, StoredBucket][] = [];
  await readLevels(window, async (resolutionS, fromMs, toMs) => {
    const rows = await db.lagPoint.findMany({ where: { clusterId, groupId, ...range(resolutionS, fromMs, toMs) } });
    const buckets = rows.map((r) => [lagSeriesKey(r.topic, r.partition), fromLagRow(r)] as [string, StoredBucket]);
    all.push(...buckets);
    // Only the group's total decides where the finer levels' tail starts.
    return buckets.filter(([key]) => key === "").map(([, b]) => b);
  });
  const series = bySeries(all);
  for (const list of series.values()) list.sort((a, b) => a.atMs - b.atMs);
  return series;
}

/** Per group, the stored lag buckets of `topic` (partition -1 rows): consume rates of a topic. */
export async function readTopicConsumers(
  db: Db,
  clusterId: string,
  topic: string,
  window: ResolvedWindow,
): Promise<Map<string, StoredBucket[]>> {
  const all: [string, StoredBucket][] = [];
  await readLevels(window, async (resolutionS, fromMs, toMs) => {
    const rows = await db.lagPoint.findMany({
      where: { clusterId, topic, partition: -1, ...range(resolutionS, fromMs, toMs) },
    });
    const buckets = rows.map((r) => [r.groupId, fromLagRow(r)] as [string, StoredBucket]);
    all.push(...buckets);
    return buckets.map(([, b]) => b);
  });
  const series = bySeries(all);
  for (const list of series.values()) list.sort((a, b) => a.atMs - b.atMs);
  return series;
}

/** The topic's summed log end offset (partition -1 rows) as buckets whose `counter` is the offset. */
export async function readTopicEndOffsets(
  db: Db,
  clusterId: string,
  topic: string,
  window: ResolvedWindow,
): Promise<StoredBucket[]> {
  return readLevels(window, async (resolutionS, fromMs, toMs) => {
    const rows = await db.offsetPoint.findMany({
      where: { clusterId, topic, partition: -1, ...range(resolutionS, fromMs, toMs) },
    });
    return rows.map((r) => ({
      atMs: Number(r.bucketMs),
      resolutionS: r.resolutionS,
      samples: r.samples,
      min: r.endOffsetLast,
      max: r.endOffsetLast,
      sum: r.endOffsetLast * r.samples,
      last: r.endOffsetLast,
      counter: r.endOffsetLast,
      timeLag: null,
    }));
  });
}

/** Partition leaders per broker, by broker id. */
export async function readBrokerLeaders(
  db: Db,
  clusterId: string,
  window: ResolvedWindow,
): Promise<Map<number, StoredBucket[]>> {
  const all: [number, StoredBucket][] = [];
  await readLevels(window, async (resolutionS, fromMs, toMs) => {
    const rows = await db.brokerPoint.findMany({ where: { clusterId, ...range(resolutionS, fromMs, toMs) } });
    const buckets = rows.map(
      (r) =>
        [
          r.brokerId,
          {
            atMs: Number(r.bucketMs),
            resolutionS: r.resolutionS,
            samples: r.samples,
            min: r.leadersMin,
            max: r.leadersMax,
            sum: r.leadersSum,
            last: r.leadersLast,
            counter: null,
            timeLag: null,
          },
        ] as [number, StoredBucket],
    );
    all.push(...buckets);
    return buckets.map(([, b]) => b);
  });
  const map = new Map<number, StoredBucket[]>();
  for (const [id, b] of all) map.set(id, [...(map.get(id) ?? []), b]);
  for (const list of map.values()) list.sort((a, b) => a.atMs - b.atMs);
  return map;
}

/** Rounds in the window that failed, newest first (at most `limit`): why the charts have gaps. */
export async function failedRounds(db: Db, clusterId: string, fromMs: number, toMs: number, limit = 20) {
  const rows = await db.sampleRound.findMany({
    where: { clusterId, error: { not: null }, atMs: { gte: BigInt(Math.floor(fromMs)), lt: BigInt(Math.ceil(toMs)) } },
    orderBy: { atMs: "desc" },
    take: limit,
  });
  return rows.map((r) => ({ atMs: Number(r.atMs), error: r.error ?? "" }));
}

/** The newest round of a cluster (ok or not): the sampler's status line. */
export async function lastRound(db: Db, clusterId: string) {
  const r = await db.sampleRound.findFirst({ where: { clusterId }, orderBy: { atMs: "desc" } });
  return r ? { atMs: Number(r.atMs), durationMs: r.durationMs, error: r.error } : null;
}
