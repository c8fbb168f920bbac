import type { Db } from "../db/client";
import { RESOLUTION_RAW_S } from "../db/lag-history";
import {
  failedRounds,
  gapsBetween,
  lastRound,
  readBrokerLeaders,
  readGroupLag,
  readTopicConsumers,
  readTopicEndOffsets,
  rebucket,
  resolveWindow,
  type HistoryPoint,
  type HistoryWindow,
  type ResolvedWindow,
} from "../db/lag-history-query";
import {
  CATCH_UP_WINDOW_MS,
  catchUpEstimate,
  counterRates,
  endOffsetsOf,
  lagTrend,
  type CatchUp,
  type Trend,
} from "./derive";

/**
 * The REST API's (and the charts') shapes of the history: points at the resolved step, with a
 * `null` point wherever samples are missing (recharts draws a gap there, never a line across it).
 */
export interface LagChartPoint {
  atMs: number;
  /** null marks a gap. */
  lag: { min: number; max: number; avg: number; last: number } | null;
  timeLagMs: { min: number; max: number; avg: number; last: number } | null;
  /** Records per second since the previous point. */
  consumeRate: number | null;
  produceRate: number | null;
}

export interface SeriesWindow {
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** The stored level the range was read from: 0 raw, 300 or 3600 s. */
  resolutionS: number;
}

export interface SamplerStatus {
  lastRound: { atMs: number; durationMs: number; error: string | null } | null;
  failedRounds: { atMs: number; error: string }[];
}

export interface GroupLagHistory extends SeriesWindow, SamplerStatus {
  total: LagChartPoint[];
  topics: { topic: string; points: LagChartPoint[] }[];
  /** Raw level only (the last 6 h): per-partition lag. */
  partitions: { topic: string; partition: number; points: LagChartPoint[] }[];
  estimate: CatchUp;
  trend: Trend;
}

function chartPoints(points: HistoryPoint[], gapMs: number): LagChartPoint[] {
  const gaps = new Set(gapsBetween(points, gapMs));
  const consume = counterRates(points, gaps);
  const produce = counterRates(endOffsetsOf(points), gaps);
  const out: LagChartPoint[] = [];
  points.forEach((p, i) => {
    if (gaps.has(i)) out.push(gapPoint((points[i - 1]!.atMs + p.atMs) / 2));
    out.push({
      atMs: p.atMs,
      lag: { min: p.min, max: p.max, avg: p.avg, last: p.last },
      timeLagMs: p.timeLag,
      consumeRate: i > 0 ? (consume[i - 1]?.perSecond ?? null) : null,
      produceRate: i > 0 ? (produce[i - 1]?.perSecond ?? null) : null,
    });
  });
  return out;
}

function gapPoint(atMs: number): LagChartPoint {
  return { atMs: Math.round(atMs), lag: null, timeLagMs: null, consumeRate: null, produceRate: null };
}

async function samplerStatus(db: Db, clusterId: string, w: ResolvedWindow): Promise<SamplerStatus> {
  return {
    lastRound: await lastRound(db, clusterId),
    failedRounds: await failedRounds(db, clusterId, w.fromMs, w.toMs),
  };
}

/** Lag history of a group: total, per topic, per partition (raw), with the catch-up estimate and trend. */
export async function groupLagHistory(
  db: Db,
  clusterId: string,
  groupId: string,
  window: HistoryWindow,
): Promise<GroupLagHistory> {
  const w = resolveWindow(window);
  const series = await readGroupLag(db, clusterId, groupId, w);
  const total = rebucket(series.get("") ?? [], w.stepMs);
  const topics: GroupLagHistory["topics"] = [];
  const partitions: GroupLagHistory["partitions"] = [];
  for (const [key, buckets] of [...series].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (key === "") continue;
    const points = chartPoints(rebucket(buckets, w.stepMs), w.gapMs);
    const [topic, partition] = key.split("\u0000") as [string, string | undefined];
    if (partition === undefined) topics.push({ topic, points });
    else partitions.push({ topic, partition: Number(partition), points });
  }
  partitions.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  // The estimate and trend always use every raw sample of the last minutes, whatever the chart shows.
  const recentWindow: ResolvedWindow = {
    fromMs: window.nowMs - CATCH_UP_WINDOW_MS,
    toMs: window.nowMs + 1,
    stepMs: 1,
    resolutionS: RESOLUTION_RAW_S,
    gapMs: Number.POSITIVE_INFINITY,
  };
  const recent = rebucket((await readGroupLag(db, clusterId, groupId, recentWindow)).get("") ?? [], 1);
  return {
    ...w,
    total: chartPoints(total, w.gapMs),
    topics,
    partitions,
    estimate: catchUpEstimate(recent),
    trend: lagTrend(recent),
    ...(await samplerStatus(db, clusterId, w)),
  };
}

export interface ThroughputPoint {
  atMs: number;
  /** Records per second appended to the topic; null at a gap. */
  produceRate: number | null;
  /** Records per second each group committed past on this topic. */
  consumeRates: Record<string, number | null>;
}

export interface TopicThroughputHistory extends SeriesWindow, SamplerStatus {
  groups: string[];
  points: ThroughputPoint[];
}

/** Produce rate of a topic and the consume rate of every group reading it. */
export async function topicThroughputHistory(
  db: Db,
  clusterId: string,
  topic: string,
  window: HistoryWindow,
): Promise<TopicThroughputHistory> {
  const w = resolveWindow(window);
  const ends = rebucket(await readTopicEndOffsets(db, clusterId, topic, w), w.stepMs);
  const byAt = new Map<number, ThroughputPoint>();
  const pointAt = (atMs: number) => {
    let p = byAt.get(atMs);
    if (!p) byAt.set(atMs, (p = { atMs, produceRate: null, consumeRates: {} }));
    return p;
  };
  const endGaps = new Set(gapsBetween(ends, w.gapMs));
  counterRates(ends, endGaps).forEach((r) => (pointAt(r.atMs).produceRate = r.perSecond));
  const consumers = await readTopicConsumers(db, clusterId, topic, w);
  const groups = [...consumers.keys()].sort();
  for (const group of groups) {
    const points = rebucket(consumers.get(group)!, w.stepMs);
    counterRates(points, new Set(gapsBetween(points, w.gapMs))).forEach(
      (r) => (pointAt(r.atMs).consumeRates[group] = r.perSecond),
    );
  }
  const points = [...byAt.values()].sort((a, b) => a.atMs - b.atMs);
  const withGaps: ThroughputPoint[] = [];
  points.forEach((p, i) => {
    const prev = points[i - 1];
    if (prev && p.atMs - prev.atMs > w.gapMs) {
      withGaps.push({ atMs: Math.round((prev.atMs + p.atMs) / 2), produceRate: null, consumeRates: {} });
    }
    withGaps.push(p);
  });
  return { ...w, groups, points: withGaps, ...(await samplerStatus(db, clusterId, w)) };
}

export interface BrokerLeaderHistory extends SeriesWindow, SamplerStatus {
  brokers: number[];
  /** leaders[brokerId] = last count in the step (null = no sample). */
  points: { atMs: number; leaders: Record<string, number | null> }[];
}

export async function brokerLeaderHistory(
  db: Db,
  clusterId: string,
  window: HistoryWindow,
): Promise<BrokerLeaderHistory> {
  const w = resolveWindow(window);
  const series = await readBrokerLeaders(db, clusterId, w);
  const brokers = [...series.keys()].sort((a, b) => a - b);
  const byAt = new Map<number, BrokerLeaderHistory["points"][number]>();
  for (const id of brokers) {
    for (const p of rebucket(series.get(id)!, w.stepMs)) {
      let point = byAt.get(p.atMs);
      if (!point) byAt.set(p.atMs, (point = { atMs: p.atMs, leaders: {} }));
      point.leaders[String(id)] = p.last;
    }
  }
  const points = [...byAt.values()].sort((a, b) => a.atMs - b.atMs);
  return { ...w, brokers, points, ...(await samplerStatus(db, clusterId, w)) };
}
