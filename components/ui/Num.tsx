import { exact, formatBytes, formatCount, formatDuration, formatPct } from "./format";

/**
 * A number as people read it, with the exact value on hover (title) and in `data-value` for
 * tests and scripts. `null` renders as an em dash with the reason (when given) on hover.
 */
export type NumKind = "count" | "bytes" | "pct" | "duration";

export default function Num({
  value,
  kind = "count",
  unknown = "unknown",
  className,
}: {
  value: number | null | undefined;
  kind?: NumKind;
  unknown?: string;
  className?: string;
}) {
  if (value === null || value === undefined) {
    return (
      <span className={`text-slate-400 dark:text-slate-500 ${className ?? ""}`} title={unknown} data-value="">
        —
      </span>
    );
  }
  const text =
    kind === "bytes"
      ? formatBytes(value)
      : kind === "pct"
        ? formatPct(value)
        : kind === "duration"
          ? formatDuration(value)
          : formatCount(value);
  const title =
    kind === "bytes"
      ? `${exact(value)} bytes`
      : kind === "duration"
        ? `${exact(Math.round(value))} ms`
        : kind === "pct"
          ? `${value} %`
          : exact(value);
  return (
    <span className={`tabular-nums ${className ?? ""}`} title={title} data-value={value}>
      {text}
    </span>
  );
}
