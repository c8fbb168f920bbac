"use client";

import { useState } from "react";
import type { BrokerLeaderHistory } from "@/lib/history/history-views";
import { apiPath, useApi } from "../console/use-api";
import { Empty, ErrorPanel, Loading } from "../ui/States";
import HistoryChart from "./HistoryChart";
import TimeRangePicker from "./TimeRangePicker";
import { DEFAULT_RANGE, rangeMs } from "./time-range";

/** Partition leaders per broker over time: a leadership imbalance or a broker that lost its leaders shows. */
export default function BrokerLeaders({ clusterId }: { clusterId: string }) {
  const [range, setRange] = useState<string>(DEFAULT_RANGE);
  const span = rangeMs(range);
  const from = Math.floor((Date.now() - span) / 10_000) * 10_000;
  const { data, error, isPending } = useApi<BrokerLeaderHistory>(
    `${apiPath(clusterId, "brokers", "leader-history")}?from=${from}`,
  );
  return (
    <section aria-labelledby="leaders-title" className="space-y-3" data-testid="leader-history">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="leaders-title" className="text-lg font-semibold">
          Leaders over time
        </h2>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      {isPending ? (
        <Loading what="leader history" />
      ) : error ? (
        <ErrorPanel title="Leader history could not be read" code={error.code} message={error.message} />
      ) : data.points.length === 0 ? (
        <Empty title="No samples in this range yet" />
      ) : (
        <HistoryChart
          title="Partition leaders per broker"
          testId="leaders-chart"
          rows={data.points.map((p) => {
            const row: Record<string, number | null> = { atMs: p.atMs };
            for (const b of data.brokers) row[`b${b}`] = p.leaders[String(b)] ?? null;
            return row as { atMs: number } & Record<string, number | null>;
          })}
          series={data.brokers.map((b) => ({ key: `b${b}`, label: `broker ${b}` }))}
          kind="count"
          rangeMs={span}
        />
      )}
    </section>
  );
}
