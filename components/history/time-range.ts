/**
 * The time ranges the history charts offer (15 minutes to the 90 days the console keeps), and the
 * shared look of the charts: series colours readable on white and on slate-950 (dark theme).
 */
export const TIME_RANGES = [
  { key: "15m", label: "15 min", ms: 15 * 60_000 },
  { key: "1h", label: "1 h", ms: 3_600_000 },
  { key: "6h", label: "6 h", ms: 6 * 3_600_000 },
  { key: "24h", label: "24 h", ms: 24 * 3_600_000 },
  { key: "7d", label: "7 d", ms: 7 * 86_400_000 },
  { key: "30d", label: "30 d", ms: 30 * 86_400_000 },
  { key: "90d", label: "90 d", ms: 90 * 86_400_000 },
] as const;

export type TimeRangeKey = (typeof TIME_RANGES)[number]["key"];
export const DEFAULT_RANGE: TimeRangeKey = "1h";

export function rangeMs(key: string): number {
  return (TIME_RANGES.find((r) => r.key === key) ?? TIME_RANGES[1]).ms;
}

/** Mid-saturation hues: enough contrast on both backgrounds (checked against WCAG 3:1 for graphics). */
export const SERIES_COLORS = [
  "#0d9488", // teal-600
  "#d97706", // amber-600
  "#7c3aed", // violet-600
  "#2563eb", // blue-600
  "#db2777", // pink-600
  "#65a30d", // lime-600
  "#dc2626", // red-600
  "#0891b2", // cyan-600
] as const;

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length]!;
}

/** Axis label of a time: clock time for ranges up to a day, else date and hour. */
export function formatTick(atMs: number, range: number): string {
  const d = new Date(atMs);
  if (range <= 86_400_000) return d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  return d.toLocaleString("en-GB", { month: "short", day: "numeric", hour: "2-digit" });
}

export function formatInstant(atMs: number): string {
  return new Date(atMs).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" });
}
