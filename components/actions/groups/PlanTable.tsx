"use client";

import type { OffsetPlan, OffsetPlanRow } from "@/lib/admin/index";
import DataTable, { type Column } from "@/components/ui/DataTable";
import Num from "@/components/ui/Num";
import { exact } from "@/components/ui/format";

/**
 * A dry run as a table: per partition the committed offset now → the new one, what that means in
 * records (read again or skipped), and the notes (clamped to the log's bounds, no commit before).
 */
function Change({ row }: { row: OffsetPlanRow }) {
  if (row.action === "delete") return <span data-change="delete">commit removed</span>;
  if (row.action === "none") return <span className="text-slate-500 dark:text-slate-400">—</span>;
  if (row.change === null) {
    return (
      <span data-change="first" title="The partition had no committed offset: it gets its first one">
        first commit
      </span>
    );
  }
  if (row.change === 0) return <span data-change="0">no change</span>;
  const n = Math.abs(row.change);
  return row.change < 0 ? (
    <span data-change={row.change} className="text-amber-800 dark:text-amber-200" title={`${exact(n)} records`}>
      re-read <Num value={n} />
    </span>
  ) : (
    <span data-change={row.change} className="text-red-800 dark:text-red-200" title={`${exact(n)} records`}>
      skip <Num value={n} />
    </span>
  );
}

const COLUMNS: Column<OffsetPlanRow>[] = [
  { key: "topic", header: "Topic", cell: (r) => r.topic },
  { key: "partition", header: "Partition", align: "right", cell: (r) => r.partition },
  {
    key: "current",
    header: "Current",
    align: "right",
    cell: (r) => <Num value={r.currentOffset} unknown="no committed offset" />,
  },
  {
    key: "new",
    header: "New",
    align: "right",
    cell: (r) =>
      r.action === "delete" ? (
        <span className="text-slate-500">none</span>
      ) : (
        <Num value={r.newOffset} unknown="no committed offset" className={r.clamped ? "font-semibold" : ""} />
      ),
  },
  { key: "change", header: "Records", cell: (r) => <Change row={r} /> },
  { key: "start", header: "Log start", align: "right", cell: (r) => <Num value={r.logStartOffset} /> },
  { key: "end", header: "Log end", align: "right", cell: (r) => <Num value={r.logEndOffset} /> },
  {
    key: "note",
    header: "Note",
    cell: (r) =>
      r.note ? (
        <span
          className={`text-xs ${r.clamped ? "text-amber-800 dark:text-amber-200" : "text-slate-600 dark:text-slate-400"}`}
          data-clamped={r.clamped ?? ""}
        >
          {r.clamped ? "clamped: " : ""}
          {r.note}
        </span>
      ) : null,
  },
];

export default function PlanTable({ plan }: { plan: OffsetPlan }) {
  const { totals } = plan;
  const parts = [
    `${exact(totals.partitions)} partition${totals.partitions === 1 ? "" : "s"} change`,
    totals.reread > 0 ? `${exact(totals.reread)} records will be read again` : null,
    totals.skipped > 0 ? `${exact(totals.skipped)} records will be skipped` : null,
    totals.newCommits > 0
      ? `${exact(totals.newCommits)} partition${totals.newCommits === 1 ? "" : "s"} get a first commit`
      : null,
  ].filter((p): p is string => p !== null);
  return (
    <div className="space-y-2" data-testid="offset-plan">
      <DataTable
        label="Offset changes"
        columns={COLUMNS}
        rows={plan.rows}
        rowKey={(r) => `${r.topic}/${r.partition}`}
      />
      <p className="text-sm" data-testid="offset-plan-totals">
        {parts.join(" · ")}.
      </p>
    </div>
  );
}
