"use client";

import { useState } from "react";
import type { AuditEntry } from "@/lib/db/audit-log";
import { apiPath, useApi } from "../console/use-api";
import { useDebounced, useUrlState } from "../console/use-url-state";
import { Empty, ErrorPanel, Loading } from "../ui/States";
import AuditEntryRows from "./AuditEntryRows";

/**
 * The audit log of a cluster: every change made through the console, applied or refused, newest
 * first, filtered by action, target, actor, outcome and time, paged backwards ("Older").
 */
export interface AuditUrlState extends Record<string, string> {
  action: string;
  target: string;
  exactTarget: string;
  actor: string;
  outcome: string;
  since: string;
  until: string;
}

const PAGE_ENTRIES = 50;
const TYPING_DEBOUNCE_MS = 300;
const ACTIONS = [
  ["", "Every action"],
  ["topic.", "Topics (every action)"],
  ["topic.create", "topic.create"],
  ["topic.delete", "topic.delete"],
  ["topic.partitions.add", "topic.partitions.add"],
  ["topic.configs.alter", "topic.configs.alter"],
  ["topic.purge", "topic.purge"],
  ["group.", "Consumer groups"],
  ["broker.", "Brokers"],
  ["reassignment.", "Reassignments"],
  ["cluster.", "Cluster settings"],
] as const;

const field = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

const NO_FILTERS: AuditUrlState = {
  action: "",
  target: "",
  exactTarget: "",
  actor: "",
  outcome: "",
  since: "",
  until: "",
};

/** One labelled text or time filter. */
function InputFilter({
  label,
  type,
  value,
  onChange,
}: {
  label: string;
  type?: "datetime-local";
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="flex flex-col">
      {label}
      <input
        type={type}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={field}
      />
    </label>
  );
}

function queryOf(state: AuditUrlState, before: number | null): string {
  const q = new URLSearchParams({ limit: String(PAGE_ENTRIES) });
  for (const k of ["action", "target", "exactTarget", "actor", "outcome"] as const) if (state[k]) q.set(k, state[k]);
  for (const k of ["since", "until"] as const) {
    const ms = state[k] ? new Date(state[k]).getTime() : NaN;
    if (Number.isFinite(ms)) q.set(k, String(ms));
  }
  if (before !== null) q.set("before", String(before));
  return q.toString();
}

export default function AuditView({ clusterId, initial }: { clusterId: string; initial: AuditUrlState }) {
  const [state, update] = useUrlState(initial);
  const [pages, setPages] = useState<number[]>([]);
  const filters = useDebounced(state, TYPING_DEBOUNCE_MS);
  const before = pages.at(-1) ?? null;
  const { data, error, isPending } = useApi<{ entries: AuditEntry[]; nextBeforeId: number | null }>(
    `${apiPath(clusterId, "audit")}?${queryOf(filters, before)}`,
  );
  const set = (patch: Partial<AuditUrlState>) => {
    setPages([]);
    update(patch);
  };
  const filtered = Object.values(state).some((v) => v !== "");

  return (
    <div className="space-y-3">
      <form
        role="search"
        aria-label="Filter the audit log"
        className="flex flex-wrap items-end gap-3 text-sm"
        onSubmit={(e) => e.preventDefault()}
      >
        <label className="flex flex-col">
          Action
          <select
            aria-label="Action"
            value={state.action}
            onChange={(e) => set({ action: e.target.value })}
            className={field}
          >
            {ACTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Target contains
          <input
            aria-label="Target contains"
            value={state.exactTarget || state.target}
            onChange={(e) => set({ target: e.target.value, exactTarget: "" })}
            placeholder="topic:orders"
            className={`${field} font-mono`}
          />
        </label>
        <InputFilter label="Who" value={state.actor} onChange={(v) => set({ actor: v })} />
        <label className="flex flex-col">
          Outcome
          <select
            aria-label="Outcome"
            value={state.outcome}
            onChange={(e) => set({ outcome: e.target.value })}
            className={field}
          >
            <option value="">Any</option>
            <option value="ok">Applied</option>
            <option value="error">Failed or refused</option>
          </select>
        </label>
        <InputFilter label="From" type="datetime-local" value={state.since} onChange={(v) => set({ since: v })} />
        <InputFilter label="Until" type="datetime-local" value={state.until} onChange={(v) => set({ until: v })} />
        {filtered ? (
          <button type="button" onClick={() => set(NO_FILTERS)} className="text-teal-700 underline dark:text-teal-300">
            Clear filters
          </button>
        ) : null}
      </form>
      {isPending ? (
        <Loading what="the audit log" />
      ) : error ? (
        <ErrorPanel title="The audit log could not be read" code={error.code} message={error.message} />
      ) : data.entries.length === 0 ? (
        <Empty title={filtered ? "No entry matches these filters" : "Nothing has been changed through the console yet"}>
          {filtered
            ? "Widen the filters or clear them."
            : "Creating, deleting or changing topics, groups or brokers from the console records who did what here."}
        </Empty>
      ) : (
        <>
          <AuditEntryRows entries={data.entries} label="Audit log" />
          <div className="flex gap-3 text-sm">
            <button
              type="button"
              disabled={pages.length === 0}
              onClick={() => setPages(pages.slice(0, -1))}
              className="underline disabled:opacity-40"
            >
              Newer
            </button>
            <button
              type="button"
              disabled={data.nextBeforeId === null}
              onClick={() => data.nextBeforeId !== null && setPages([...pages, data.nextBeforeId])}
              className="underline disabled:opacity-40"
            >
              Older
            </button>
          </div>
        </>
      )}
    </div>
  );
}
