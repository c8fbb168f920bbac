"use client";

import type { ReactNode } from "react";
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import { exact, formatCount, formatDuration } from "../ui/format";
import { formatInstant, formatTick, seriesColor } from "./time-range";

/**
 * One time-series chart: rows `{ atMs, [series]: number | null }`, a null value is a gap (never a
 * line drawn across missing samples). Axes and grid use currentColor, so the chart follows the
 * page's light or dark text colour; the tooltip shows every series' exact value.
 */
export type ChartRow = { atMs: number } & Record<string, number | null>;
export type ValueKind = "count" | "rate" | "duration";

export interface ChartSeries {
  key: string;
  label: string;
}

function formatValue(value: number, kind: ValueKind): string {
  if (kind === "duration") return formatDuration(value);
  if (kind === "rate") return `${value < 10 ? value.toFixed(2) : formatCount(Math.round(value))}/s`;
  return formatCount(value);
}

function exactValue(value: number, kind: ValueKind): string {
  if (kind === "duration") return `${exact(Math.round(value))} ms`;
  if (kind === "rate") return `${exact(Math.round(value * 1000) / 1000)} records/s`;
  return exact(value);
}

interface TooltipEntry {
  dataKey?: unknown;
  name?: unknown;
  value?: unknown;
  color?: string;
}

function ExactTooltip({
  active,
  payload,
  label,
  kind,
}: {
  active?: boolean;
  payload?: readonly TooltipEntry[];
  label?: unknown;
  kind: ValueKind;
}) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md border border-slate-300 bg-white p-2 text-xs shadow dark:border-slate-700 dark:bg-slate-900">
      <p className="mb-1 font-medium">{formatInstant(Number(label))}</p>
      <ul>
        {payload.map((p) => (
          <li key={String(p.dataKey)} className="flex justify-between gap-3">
            <span style={{ color: p.color }}>{String(p.name)}</span>
            <span className="tabular-nums">
              {typeof p.value === "number" ? exactValue(p.value, kind) : "no sample"}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function HistoryChart({
  title,
  rows,
  series,
  kind,
  rangeMs,
  stacked = false,
  testId,
  footer,
}: {
  title: string;
  rows: ChartRow[];
  series: ChartSeries[];
  kind: ValueKind;
  rangeMs: number;
  stacked?: boolean;
  testId?: string;
  footer?: ReactNode;
}) {
  const samples = rows.filter((r) => series.some((s) => r[s.key] !== null && r[s.key] !== undefined)).length;
  const common = {
    data: rows,
    margin: { top: 8, right: 12, bottom: 0, left: 4 },
  };
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />,
    <XAxis
      key="x"
      dataKey="atMs"
      type="number"
      scale="time"
      domain={["dataMin", "dataMax"]}
      tickFormatter={(v: number) => formatTick(v, rangeMs)}
      tick={{ fill: "currentColor", fontSize: 11 }}
      stroke="currentColor"
      strokeOpacity={0.4}
    />,
    <YAxis
      key="y"
      tickFormatter={(v: number) => formatValue(v, kind)}
      tick={{ fill: "currentColor", fontSize: 11 }}
      stroke="currentColor"
      strokeOpacity={0.4}
      width={64}
    />,
    <Tooltip
      key="tip"
      content={(props: TooltipContentProps<ValueType, NameType>) => (
        <ExactTooltip active={props.active} payload={props.payload} label={props.label} kind={kind} />
      )}
    />,
    series.length > 1 ? <Legend key="legend" wrapperStyle={{ fontSize: 12 }} /> : null,
  ];
  return (
    <figure
      className="rounded-lg border border-slate-200 bg-white p-3 text-slate-500 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400"
      data-testid={testId}
      data-samples={samples}
    >
      <figcaption className="mb-2 text-sm font-medium text-slate-900 dark:text-slate-100">{title}</figcaption>
      <div className="h-56 w-full">
        <ResponsiveContainer width="100%" height="100%">
          {stacked ? (
            <AreaChart {...common}>
              {axes}
              {series.map((s, i) => (
                <Area
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stackId="stack"
                  type="linear"
                  stroke={seriesColor(i)}
                  fill={seriesColor(i)}
                  fillOpacity={0.35}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </AreaChart>
          ) : (
            <LineChart {...common}>
              {axes}
              {series.map((s, i) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  type="linear"
                  stroke={seriesColor(i)}
                  strokeWidth={2}
                  dot={rows.length <= 60}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ))}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      {footer}
    </figure>
  );
}
