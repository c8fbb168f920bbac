/**
 * Human-readable numbers for the console: short forms for the page, the exact value for the
 * tooltip (every <Num> shows both). Binary units for sizes (KiB, MiB), as Kafka's tools print them.
 */
const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;
const COUNT_UNITS = [
  { value: 1e12, suffix: "T" },
  { value: 1e9, suffix: "G" },
  { value: 1e6, suffix: "M" },
  { value: 1e3, suffix: "k" },
] as const;
/** Counts below this are shown in full (1,234); above, abbreviated (12.3k). */
const ABBREVIATE_FROM = 10_000;

export function exact(n: number): string {
  return n.toLocaleString("en-US");
}

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

export function formatCount(n: number): string {
  if (Math.abs(n) < ABBREVIATE_FROM) return exact(n);
  for (const u of COUNT_UNITS) {
    if (Math.abs(n) >= u.value) {
      const v = n / u.value;
      return `${v.toFixed(Math.abs(v) >= 100 ? 0 : 1)}${u.suffix}`;
    }
  }
  return exact(n);
}

export function formatPct(pct: number): string {
  return `${pct.toFixed(pct % 1 === 0 ? 0 : 1)} %`;
}

/** 950 → "950 ms", 75_000 → "1 min 15 s", 90_000_000 → "1 d 1 h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}
