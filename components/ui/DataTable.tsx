"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRouter } from "next/navigation";
import { useRef, useState, type KeyboardEvent, type ReactNode } from "react";

/**
 * The console's table: keyboard-navigable (one row in the tab order; arrows, Home/End, PageUp/
 * PageDown move between rows, Enter opens the row's link) and virtualized past
 * VIRTUALIZE_FROM_ROWS rows (only the visible rows are in the DOM, with spacer rows keeping the
 * scroll height right). Sorting is the server's job: sortable headers only report clicks.
 */
export const VIRTUALIZE_FROM_ROWS = 200;
const ROW_HEIGHT_PX = 33;
const VIRTUAL_VIEWPORT_PX = 600;
const PAGE_ROWS = 10;

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  align?: "left" | "right";
  /** Sort key sent to the server when the header is clicked. */
  sortKey?: string;
  title?: string;
}

export interface SortState {
  key: string;
  order: "asc" | "desc";
}

/** A click on a column: flips the order of the sorted column; a new column starts with its natural order. */
export function nextOrder(sort: SortState, key: string, textKey: string): "asc" | "desc" {
  if (sort.key === key) return sort.order === "asc" ? "desc" : "asc";
  return key === textKey ? "asc" : "desc";
}

export default function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  rowHref,
  sort,
  onSort,
}: {
  label: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  rowHref?: (row: T) => string;
  sort?: SortState;
  onSort?: (key: string) => void;
}) {
  const router = useRouter();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtual = rows.length > VIRTUALIZE_FROM_ROWS;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 12,
    enabled: virtual,
  });

  const focusRow = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    if (virtual) virtualizer.scrollToIndex(next);
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: T) => {
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: rows.length - 1,
      PageDown: index + PAGE_ROWS,
      PageUp: index - PAGE_ROWS,
    };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(moves[event.key]!);
    } else if (event.key === "Enter" && rowHref) {
      event.preventDefault();
      router.push(rowHref(row));
    }
  };

  const renderRow = (row: T, index: number) => (
    <tr
      key={rowKey(row)}
      data-row-index={index}
      tabIndex={index === Math.min(active, rows.length - 1) ? 0 : -1}
      onFocus={() => setActive(index)}
      onKeyDown={(e) => onKeyDown(e, index, row)}
      style={virtual ? { height: ROW_HEIGHT_PX } : undefined}
      className="border-b border-slate-100 outline-none hover:bg-slate-100/60 focus:bg-teal-50 dark:border-slate-800/60 dark:hover:bg-slate-800/40 dark:focus:bg-teal-900/30"
    >
      {columns.map((c) => (
        <td key={c.key} className={`whitespace-nowrap px-3 py-1.5 ${c.align === "right" ? "text-right" : ""}`}>
          {c.cell(row)}
        </td>
      ))}
    </tr>
  );

  const items = virtual ? virtualizer.getVirtualItems() : [];
  const top = items[0]?.start ?? 0;
  const bottom = virtual ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  return (
    <div
      ref={scrollRef}
      className="overflow-auto rounded-lg border border-slate-200 dark:border-slate-800"
      style={virtual ? { maxHeight: VIRTUAL_VIEWPORT_PX } : undefined}
    >
      <table className="w-full border-collapse text-left text-sm" aria-label={label} aria-rowcount={rows.length + 1}>
        <thead className="sticky top-0 z-10 bg-slate-100 text-xs uppercase tracking-wide text-slate-600 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            {columns.map((c) => {
              const sorted = sort && c.sortKey === sort.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  title={c.title}
                  aria-sort={sorted ? (sort.order === "asc" ? "ascending" : "descending") : undefined}
                  className={`px-3 py-2 font-medium ${c.align === "right" ? "text-right" : ""}`}
                >
                  {c.sortKey && onSort ? (
                    <button
                      type="button"
                      onClick={() => onSort(c.sortKey!)}
                      className="uppercase hover:text-slate-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-500 dark:hover:text-white"
                    >
                      {c.header}
                      <span aria-hidden className="ml-1">
                        {sorted ? (sort.order === "asc" ? "▲" : "▼") : ""}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {virtual ? (
            <>
              {top > 0 ? <tr aria-hidden style={{ height: top }} /> : null}
              {items.map((item) => renderRow(rows[item.index]!, item.index))}
              {bottom > 0 ? <tr aria-hidden style={{ height: bottom }} /> : null}
            </>
          ) : (
            rows.map(renderRow)
          )}
        </tbody>
      </table>
    </div>
  );
}
