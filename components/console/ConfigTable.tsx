"use client";

import { useState } from "react";
import type { ConfigEntry } from "@/lib/admin/index";
import DataTable, { type Column } from "../ui/DataTable";

/** Configs with value, default and source; overridden entries first-class, a filter by name or value. */
export default function ConfigTable({ label, configs }: { label: string; configs: ConfigEntry[] }) {
  const [filter, setFilter] = useState("");
  const [overriddenOnly, setOverriddenOnly] = useState(false);
  const needle = filter.trim().toLowerCase();
  const rows = configs.filter(
    (c) =>
      (!overriddenOnly || !c.isDefault) &&
      (needle === "" || c.name.toLowerCase().includes(needle) || (c.value ?? "").toLowerCase().includes(needle)),
  );
  const columns: Column<ConfigEntry>[] = [
    { key: "name", header: "Name", cell: (c) => <span className="font-mono text-xs">{c.name}</span> },
    {
      key: "value",
      header: "Value",
      cell: (c) =>
        c.isSensitive ? (
          <span className="italic text-slate-500">hidden (sensitive)</span>
        ) : (
          <span className={`font-mono text-xs ${c.isDefault ? "" : "font-semibold text-teal-800 dark:text-teal-200"}`}>
            {c.value ?? "null"}
          </span>
        ),
    },
    {
      key: "default",
      header: "Default",
      cell: (c) => (
        <span className="font-mono text-xs text-slate-500">
          {c.isDefault ? "(this is the default)" : (c.defaultValue ?? "—")}
        </span>
      ),
    },
    { key: "source", header: "Source", cell: (c) => <span className="text-xs">{c.source}</span> },
    { key: "ro", header: "Read-only", cell: (c) => (c.readOnly ? "yes" : "") },
  ];
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <input
          type="search"
          aria-label={`Filter ${label}`}
          placeholder="Filter by name or value"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="w-64 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
        />
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={overriddenOnly} onChange={(e) => setOverriddenOnly(e.target.checked)} />
          Overridden only
        </label>
        <span className="text-slate-500">
          {rows.length} of {configs.length}
        </span>
      </div>
      <DataTable label={label} columns={columns} rows={rows} rowKey={(c) => c.name} />
    </div>
  );
}
