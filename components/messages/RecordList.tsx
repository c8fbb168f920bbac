"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { MessageRecord } from "@/lib/admin/index";
import { exact, formatBytes } from "../ui/format";
import { previewOf, recordId } from "./bytes-format";

/**
 * The record list, virtualized: only the rows in view are in the DOM, so a search with a
 * thousand matches or a long tail scrolls as fast as ten rows. Rows are buttons (Tab/Enter).
 */
const ROW_HEIGHT_PX = 34;
const LIST_HEIGHT_PX = 420;

export default function RecordList({
  records,
  selected,
  onSelect,
}: {
  records: MessageRecord[];
  selected: string | null;
  onSelect: (record: MessageRecord) => void;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 12,
  });
  return (
    <div className="rounded border border-slate-200 dark:border-slate-800">
      <div
        role="row"
        className="grid grid-cols-[3rem_4.5rem_10rem_7rem_minmax(6rem,1fr)_4.5rem] gap-2 border-b border-slate-200 bg-slate-50 px-2 py-1 text-xs font-semibold text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300"
      >
        <span title="Partition">Part.</span>
        <span className="text-right">Offset</span>
        <span>Timestamp</span>
        <span>Key</span>
        <span>Value</span>
        <span className="text-right">Size</span>
      </div>
      <div ref={parent} style={{ height: LIST_HEIGHT_PX }} className="overflow-auto" data-testid="record-list">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = records[item.index]!;
            const id = recordId(r);
            return (
              <button
                key={id}
                type="button"
                data-record={id}
                aria-pressed={selected === id}
                onClick={() => onSelect(r)}
                style={{
                  position: "absolute",
                  top: 0,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT_PX,
                }}
                className={`grid w-full grid-cols-[3rem_4.5rem_10rem_7rem_minmax(6rem,1fr)_4.5rem] items-center gap-2 border-b border-slate-100 px-2 text-left font-mono text-xs hover:bg-teal-50 focus:outline-2 focus:outline-teal-600 dark:border-slate-900 dark:hover:bg-teal-950/40 ${
                  selected === id ? "bg-teal-100 dark:bg-teal-900/50" : ""
                }`}
              >
                <span>{r.partition}</span>
                <span className="text-right" title={exact(r.offset)}>
                  {r.offset}
                </span>
                <span title={`${new Date(r.timestamp).toISOString()} · ${r.timestampType} · ${r.timestamp} ms`}>
                  {new Date(r.timestamp).toISOString().replace("T", " ").slice(5, 23)}
                </span>
                <span className="truncate" data-field="key">
                  {previewOf(r.key)}
                </span>
                <span className="truncate" data-field="value">
                  {previewOf(r.value)}
                </span>
                <span className="text-right" title={`${exact(r.sizeBytes)} bytes`}>
                  {formatBytes(r.sizeBytes)}
                </span>
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}
