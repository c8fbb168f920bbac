"use client";

import { useState } from "react";
import type { TopicThroughputHistory } from "@/lib/history/history-views";
import { apiPath, useApi } from "../console/use-api";
import { Empty, ErrorPanel, Loading } from "../ui/States";
import HistoryChart from "./HistoryChart";
import SamplerNote from "./SamplerNote";
import TimeRangePicker from "./TimeRangePicker";
import { DEFAULT_RANGE, rangeMs } from "./time-range";

/** The topic page's throughput: records/s appended, and records/s each group commits past. */
export default function TopicThroughput({ clusterId, topic }: { clusterId: string; topic: string }) {
  const [range, setRange] = useState<string>(DEFAULT_RANGE);
  const span = rangeMs(range);
  const from = Math.floor((Date.now() - span) / 10_000) * 10_000;
  const { data, error, isPending } = useApi<TopicThroughputHistory>(
    `${apiPath(clusterId, "topics", topic, "throughput-history")}?from=${from}`,
  );
  return (
    <section aria-labelledby="throughput-title" className="space-y-3" data-testid="throughput-history">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="throughput-title" className="text-lg font-semibold">
          Throughput history
        </h2>
        <TimeRangePicker value={range} onChange={setRange} />
      </div>
      {isPending ? (
        <Loading what="throughput history" />
      ) : error ? (
        <ErrorPanel title="Throughput history could not be read" code={error.code} message={error.message} />
      ) : data.points.length === 0 ? (
        <>
          <Empty title="No samples in this range yet">
            Rates need two samples of the topic&apos;s offsets; the console takes one every sampling interval.
          </Empty>
          <SamplerNote history={data} />
        </>
      ) : (
        <>
          <HistoryChart
            title="Produce and consume rates (records/s)"
            testId="throughput-chart"
            rows={data.points.map((p) => {
              const row: Record<string, number | null> = { atMs: p.atMs, produce: p.produceRate };
              for (const g of data.groups) row[`g:${g}`] = p.consumeRates[g] ?? null;
              return row as { atMs: number } & Record<string, number | null>;
            })}
            series={[
              { key: "produce", label: "Produced" },
              ...data.groups.map((g) => ({ key: `g:${g}`, label: `Consumed by ${g}` })),
            ]}
            kind="rate"
            rangeMs={span}
          />
          <SamplerNote history={data} />
        </>
      )}
    </section>
  );
}
