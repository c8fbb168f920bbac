import type { HistoryPoint } from "../db/lag-history-query";

/**
 * Series derived from stored history: rates from offset counters, the estimated time for a group to
 * catch up, and the lag trend. Pure functions over points sorted by time.
 *
 * For a group's partitions, log end = lag + committed (lag = logEnd − committed), so the produce
 * rate into what the group reads comes from the group's own rows, without joining topic rows.
 */
/**
 * Rates, the estimate and the trend use the last CATCH_UP_SAMPLES samples within CATCH_UP_WINDOW_MS:
 * 5 minutes at the default 30-s interval, recent enough to follow a change of pace.
 */
export const CATCH_UP_WINDOW_MS = 10 * 60_000;
export const CATCH_UP_SAMPLES = 10;
/** A lag whose fitted change over the window is under this share of its average (or 1 record) is stable. */
export const TREND_STABLE_FRACTION = 0.05;

export interface RatePoint {
  atMs: number;
  /** Records per second between the previous point and this one; null across a gap or a reset. */
  perSecond: number | null;
}

/** Rate of a monotonic counter between consecutive points; a counter going down (topic recreated) is no rate. */
export function counterRates(points: HistoryPoint[], gapIndexes: ReadonlySet<number> = new Set()): RatePoint[] {
  const out: RatePoint[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const seconds = (b.lastAtMs - a.lastAtMs) / 1000;
    const delta = b.counter !== null && a.counter !== null ? b.counter - a.counter : null;
    const valid = !gapIndexes.has(i) && seconds > 0 && delta !== null && delta >= 0;
    out.push({ atMs: b.atMs, perSecond: valid ? delta / seconds : null });
  }
  return out;
}

/** Log end offsets (summed) of a group's lag points: lag + committed. */
export function endOffsetsOf(points: HistoryPoint[]): HistoryPoint[] {
  return points.map((p) => ({ ...p, counter: p.counter === null ? null : p.counter + p.last }));
}

export type CatchUp =
  | { kind: "caught_up" }
  | { kind: "catching_up"; seconds: number; consumeRate: number; produceRate: number }
  | { kind: "not_catching_up"; consumeRate: number; produceRate: number }
  | { kind: "unknown"; reason: string };

export type Trend = "growing" | "shrinking" | "stable" | "unknown";

/** The trailing window's points: at most CATCH_UP_SAMPLES, none older than `windowMs` before the last. */
export function recentWindow(points: HistoryPoint[], windowMs = CATCH_UP_WINDOW_MS): HistoryPoint[] {
  const last = points.at(-1);
  if (!last) return [];
  return points.filter((p) => p.lastAtMs >= last.lastAtMs - windowMs).slice(-CATCH_UP_SAMPLES);
}

/**
 * lag / (consume rate − produce rate) when the group gains on the log; "not catching up" when it
 * does not. Rates are taken over the whole recent window (first to last point), which smooths the
 * per-interval noise of commits.
 */
export function catchUpEstimate(points: HistoryPoint[], windowMs = CATCH_UP_WINDOW_MS): CatchUp {
  const recent = recentWindow(points, windowMs);
  const first = recent[0];
  const last = recent.at(-1);
  if (!first || !last || recent.length < 2) return { kind: "unknown", reason: "needs two samples" };
  if (last.last <= 0) return { kind: "caught_up" };
  const seconds = (last.lastAtMs - first.lastAtMs) / 1000;
  if (seconds <= 0 || first.counter === null || last.counter === null) {
    return { kind: "unknown", reason: "no committed offsets to measure" };
  }
  const consumeRate = (last.counter - first.counter) / seconds;
  const produceRate = (last.counter + last.last - (first.counter + first.last)) / seconds;
  if (consumeRate < 0 || produceRate < 0) return { kind: "unknown", reason: "offsets went back (topic recreated?)" };
  const gain = consumeRate - produceRate;
  if (gain <= 0) return { kind: "not_catching_up", consumeRate, produceRate };
  return { kind: "catching_up", seconds: last.last / gain, consumeRate, produceRate };
}

/** Least-squares slope (lag per ms) of the recent lag, judged against its average. */
export function lagTrend(points: HistoryPoint[], windowMs = CATCH_UP_WINDOW_MS): Trend {
  const recent = recentWindow(points, windowMs);
  if (recent.length < 3) return "unknown";
  const n = recent.length;
  const meanT = recent.reduce((s, p) => s + p.lastAtMs, 0) / n;
  const meanLag = recent.reduce((s, p) => s + p.last, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of recent) {
    num += (p.lastAtMs - meanT) * (p.last - meanLag);
    den += (p.lastAtMs - meanT) ** 2;
  }
  if (den === 0) return "unknown";
  const change = (num / den) * (recent.at(-1)!.lastAtMs - recent[0]!.lastAtMs);
  if (Math.abs(change) <= Math.max(1, TREND_STABLE_FRACTION * Math.abs(meanLag))) return "stable";
  return change > 0 ? "growing" : "shrinking";
}
