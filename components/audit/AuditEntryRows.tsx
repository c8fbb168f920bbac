"use client";

import type { AuditEntry } from "@/lib/db/audit-log";
import { formatDuration } from "../ui/format";

/**
 * Audit entries as a table: when (relative, exact on hover), who, what, on what, and the outcome;
 * each row opens to its parameters, the state before and after, and the error shown to the user.
 */
function When({ atMs }: { atMs: number }) {
  const exact = new Date(atMs).toISOString();
  const age = Date.now() - atMs;
  return (
    <time dateTime={exact} title={new Date(atMs).toLocaleString("en-GB")} className="whitespace-nowrap">
      {age < 1_000 ? "just now" : `${formatDuration(age)} ago`}
    </time>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === undefined) return null;
  return (
    <div>
      <div className="text-slate-500">{label}</div>
      <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono dark:bg-slate-800">
        {JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

export function OutcomeBadge({ entry }: { entry: AuditEntry }) {
  return entry.outcome === "ok" ? (
    <span className="rounded bg-emerald-100 px-1.5 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200">
      ok
    </span>
  ) : (
    <span className="rounded bg-red-100 px-1.5 text-red-800 dark:bg-red-900/50 dark:text-red-200">error</span>
  );
}

export default function AuditEntryRows({ entries, label }: { entries: AuditEntry[]; label: string }) {
  return (
    <table aria-label={label} className="w-full text-sm">
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs text-slate-500 dark:border-slate-800">
          <th className="py-1 pr-3 font-medium">When</th>
          <th className="pr-3 font-medium">Who</th>
          <th className="pr-3 font-medium">Action</th>
          <th className="pr-3 font-medium">Target</th>
          <th className="pr-3 font-medium">Outcome</th>
        </tr>
      </thead>
      {entries.map((e) => (
        <tbody
          key={e.id}
          data-testid="audit-entry"
          data-action={e.action}
          data-outcome={e.outcome}
          data-target={e.target}
        >
          <tr className="border-t border-slate-200 align-top dark:border-slate-800">
            <td className="py-1 pr-3">
              <When atMs={e.atMs} />
            </td>
            <td className="pr-3">{e.actor}</td>
            <td className="pr-3 font-mono text-xs">{e.action}</td>
            <td className="break-all pr-3 font-mono text-xs">{e.target}</td>
            <td className="pr-3 text-xs">
              <OutcomeBadge entry={e} />
            </td>
          </tr>
          <tr>
            <td colSpan={5} className="pb-2">
              {e.error ? <p className="text-xs text-red-700 dark:text-red-300">{e.error}</p> : null}
              <details className="text-xs">
                <summary className="cursor-pointer text-slate-500">Parameters, before and after</summary>
                <div className="mt-1 grid gap-2 md:grid-cols-3">
                  <Json label="Parameters" value={e.parameters} />
                  <Json label="Before" value={e.before} />
                  <Json label="After" value={e.after} />
                </div>
              </details>
            </td>
          </tr>
        </tbody>
      ))}
    </table>
  );
}
