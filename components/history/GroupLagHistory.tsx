"use client";

import { useState } from "react";
import type { CatchUp, Trend } from "@/lib/history/derive";
import type { GroupLagHistory as History, LagChartPoint } from "@/lib/history/history-views";
import { apiPath, useApi } from "../console/use-api";
import Num from "../ui/Num";
import Stat from "../ui/Stat";
import { Empty, ErrorPanel, Loading } from "../ui/States";
import HistoryChart, { type ChartRow } from "./HistoryChart";
import LagAlertEditor from "./LagAlertEditor";
import SamplerNote from "./SamplerNote";
import TimeRangePicker from "./TimeRangePicker";
import { DEFAULT_RANGE, rangeMs } from "./time-range";

type Breakdown = "total" | "topic" | "partition";

/** Rows for a chart: one column per series, merged on time (gaps stay null). */
function mergeRows(series: { key: string; points: LagChartPoint[] }[], pick: (p: LagChartPoint) => number | null) {
  const rows = new Map<number, ChartRow>();
  for (const s of series) {
    for (const p of s.points) {
      const row = rows.get(p.atMs) ?? ({ atMs: p.atMs } as ChartRow);
      row[s.key] = pick(p);
      rows.set(p.atMs, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.atMs - b.atMs);
}

function EstimateText({ estimate }: { estimate: CatchUp }) {
  switch (estimate.kind) {
    case "caught_up":
      return <span className="text-emerald-700 dark:text-emerald-300">caught up</span>;
    case "catching_up":
      return (
        <span
          title={`lag ÷ (consume ${estimate.consumeRate.toFixed(2)}/s − produce ${estimate.produceRate.toFixed(2)}/s)`}
        >
          in <Num value={estimate.seconds * 1000} kind="duration" />
        </span>
      );
    case "not_catching_up":
      return (
        <span
          className="text-amber-700 dark:text-amber-300"
          title={`consumes ${estimate.consumeRate.toFixed(2)}/s, produced ${estimate.produceRate.toFixed(2)}/s`}
        >
          not catching up
        </span>
      );
    default:
      return <span title={estimate.reason}>—</span>;
  }
}

const TREND_TEXT: Record<Trend, string> = {
  growing: "↑ growing",
  shrinking: "↓ shrinking",
  stable: "→ stable",
  unknown: "—",
};

/** The group page's history: lag (total / per topic / per partition), time lag and rates, estimate, alert. */
export default function GroupLagHistory({ clusterId, groupId }: { clusterId: string; groupId: string }) {
  const [range, setRange] = useState<string>(DEFAULT_RANGE);
  const [breakdown, setBreakdown] = useState<Breakdown>("total");
  const span = rangeMs(range);
  // `to` defaults to now on the server; `from` moves with each render (polls re-render every 10 s).
  const path = `${apiPath(clusterId, "consumer-groups", groupId, "lag-history")}?from=${rangeKeyFrom(span)}`;
  const { data, error, isPending } = useApi<History>(path);
  return (
    <section aria-labelledby="lag-history-title" className="space-y-3" data-testid="lag-history">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="lag-history-title" className="text-lg font-semibold">
          Lag history
        </h2>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      {isPending ? (
        <Loading what="lag history" />
      ) : error ? (
        <ErrorPanel title="Lag history could not be read" code={error.code} message={error.message} />
      ) : (
        <HistoryBody history={data} rangeMs={span} breakdown={breakdown} onBreakdown={setBreakdown} />
      )}
      <LagAlertEditor clusterId={clusterId} groupId={groupId} />
    </section>
  );
}

/** `from` rounded to 10 s, so polls within the same 10 s share a cache entry. */
function rangeKeyFrom(span: number): number {
  return Math.floor((Date.now() - span) / 10_000) * 10_000;
}

function HistoryBody({
  history,
  rangeMs: span,
  breakdown,
  onBreakdown,
}: {
  history: History;
  rangeMs: number;
  breakdown: Breakdown;
  onBreakdown: (b: Breakdown) => void;
}) {
  const samples = history.total.filter((p) => p.lag !== null).length;
  if (samples === 0) {
    return (
      <>
        <Empty title="No samples in this range yet">
          The console samples every group&apos;s offsets in the background; the first points appear after the next
          round.
        </Empty>
        <SamplerNote history={history} />
      </>
    );
  }
  const totals = [{ key: "total", points: history.total }];
  const lagSeries =
    breakdown === "topic"
      ? history.topics.map((t) => ({ key: `t:${t.topic}`, label: t.topic, points: t.points }))
      : breakdown === "partition"
        ? history.partitions.map((p) => ({
            key: `p:${p.topic}:${p.partition}`,
            label: `${p.topic}-${p.partition}`,
            points: p.points,
          }))
        : [{ key: "total", label: "Total lag", points: history.total }];
  const last = history.total.filter((p) => p.lag !== null).at(-1)!;
  return (
    <>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Lag history summary">
        <Stat label="Lag (latest sample)">
          <Num value={last.lag?.last ?? null} />
        </Stat>
        <Stat label="Catch-up estimate" testId="catch-up-estimate">
          <EstimateText estimate={history.estimate} />
        </Stat>
        <Stat label="Trend" testId="lag-trend">
          {TREND_TEXT[history.trend]}
        </Stat>
        <Stat label="Resolution">
          {history.resolutionS === 0 ? "every sample" : history.resolutionS === 300 ? "5 min" : "1 h"}
        </Stat>
      </dl>
      <div className="flex items-center gap-2 text-sm" role="radiogroup" aria-label="Lag breakdown">
        {(["total", "topic", "partition"] as const).map((b) => (
          <label key={b} className="inline-flex items-center gap-1">
            <input type="radio" name="lag-breakdown" checked={breakdown === b} onChange={() => onBreakdown(b)} />
            {b === "total" ? "Total" : b === "topic" ? "By topic (stacked)" : "By partition (last 6 h)"}
          </label>
        ))}
      </div>
      <HistoryChart
        title="Consumer lag (records, last value per step)"
        testId="lag-chart"
        rows={mergeRows(lagSeries, (p) => p.lag?.last ?? null)}
        series={lagSeries.map((s) => ({ key: s.key, label: s.label }))}
        kind="count"
        rangeMs={span}
        stacked={breakdown !== "total"}
      />
      <div className="grid gap-3 lg:grid-cols-2">
        <HistoryChart
          title="Time lag (largest over the group's partitions)"
          testId="time-lag-chart"
          rows={mergeRows(totals, (p) => p.timeLagMs?.last ?? null)}
          series={[{ key: "total", label: "Time lag" }]}
          kind="duration"
          rangeMs={span}
        />
        <HistoryChart
          title="Consume and produce rates"
          testId="rate-chart"
          rows={history.total.map((p) => ({ atMs: p.atMs, consume: p.consumeRate, produce: p.produceRate }))}
          series={[
            { key: "consume", label: "Consumed (records/s)" },
            { key: "produce", label: "Produced to its partitions (records/s)" },
          ]}
          kind="rate"
          rangeMs={span}
        />
      </div>
      <SamplerNote history={history} />
    </>
  );
}
