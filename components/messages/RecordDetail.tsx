"use client";

import Link from "next/link";
import { useState } from "react";
import type { MessageRecord } from "@/lib/admin/index";
import { exact, formatBytes } from "../ui/format";
import { type ViewFormat } from "./bytes-format";
import BytesView from "./BytesView";

/** One record in full: its coordinates, key, value and headers, with format switches and actions. */
export default function RecordDetail({
  record,
  permalink,
  onLoadFull,
  onReproduce,
  loadingFull,
}: {
  record: MessageRecord;
  permalink: string;
  onLoadFull: () => void;
  onReproduce: () => void;
  loadingFull: boolean;
}) {
  const [keyFormat, setKeyFormat] = useState<ViewFormat>("auto");
  const [valueFormat, setValueFormat] = useState<ViewFormat>("auto");
  const truncated = [record.key, record.value, ...record.headers.map((h) => h.value)].some((b) => b?.truncated);
  return (
    <section
      aria-label="Record"
      data-testid="record-detail"
      className="space-y-3 rounded border border-slate-200 p-3 dark:border-slate-800"
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
        <dt className="text-slate-500">Partition / offset</dt>
        <dd className="font-mono">
          {record.partition} / {record.offset}
        </dd>
        <dt className="text-slate-500">Timestamp</dt>
        <dd className="font-mono" title={`${exact(record.timestamp)} ms`}>
          {new Date(record.timestamp).toISOString()} ({record.timestampType})
        </dd>
        <dt className="text-slate-500">Size</dt>
        <dd title={`${exact(record.sizeBytes)} bytes`}>{formatBytes(record.sizeBytes)}</dd>
        <dt className="text-slate-500">Compression</dt>
        <dd>{record.compression}</dd>
        <dt className="text-slate-500">Producer</dt>
        <dd className="font-mono">
          {record.producerId < 0 ? "not idempotent" : record.producerId}
          {record.transactional ? " · transactional" : ""}
        </dd>
      </dl>
      <div className="flex flex-wrap gap-2 text-sm">
        <Link href={permalink} className="text-teal-700 underline dark:text-teal-300">
          Permalink
        </Link>
        {truncated ? (
          <button
            type="button"
            onClick={onLoadFull}
            disabled={loadingFull}
            className="rounded border border-slate-300 px-2 dark:border-slate-700"
          >
            {loadingFull ? "Loading…" : "Load full value"}
          </button>
        ) : null}
        <button
          type="button"
          onClick={onReproduce}
          className="rounded border border-slate-300 px-2 dark:border-slate-700"
        >
          Reproduce…
        </button>
      </div>
      <BytesView label="Key" encoded={record.key} format={keyFormat} onFormat={setKeyFormat} />
      <BytesView label="Value" encoded={record.value} format={valueFormat} onFormat={setValueFormat} />
      <div>
        <h3 className="text-sm font-semibold">Headers</h3>
        {record.headers.length === 0 ? (
          <p className="text-sm text-slate-500">No headers.</p>
        ) : (
          <ul className="space-y-2">
            {record.headers.map((h, i) => (
              <li key={`${h.key}-${i}`}>
                <HeaderValue name={h.key} encoded={h.value} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function HeaderValue({ name, encoded }: { name: string; encoded: MessageRecord["value"] }) {
  const [format, setFormat] = useState<ViewFormat>("auto");
  return <BytesView label={`Header ${name}`} encoded={encoded} format={format} onFormat={setFormat} />;
}
