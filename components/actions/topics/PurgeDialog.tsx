"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { PurgePlan, PurgeTarget } from "@/lib/admin/index";
import { apiPath } from "../../console/use-api";
import Num from "../../ui/Num";
import Dialog from "./Dialog";
import { ActionError, Buttons, PrimaryButton, SecondaryButton, errorText, inputClass } from "./ui";
import { sendJson } from "../action-api";

/**
 * Purge records (DeleteRecords): everything before an offset, before a time, or up to the end, in
 * every partition or the chosen ones. Enter first asks for the plan (how many records each
 * partition loses, read fresh from the cluster); a second Enter deletes them.
 */
type Mode = PurgeTarget["type"];

function targetOf(mode: Mode, offset: string, time: string): PurgeTarget | string {
  if (mode === "end") return { type: "end" };
  if (mode === "offset") {
    const n = Number(offset);
    return offset.trim() !== "" && Number.isInteger(n) && n >= 0
      ? { type: "offset", offset: n }
      : "An offset is a whole number ≥ 0.";
  }
  const ms = new Date(time).getTime();
  return time !== "" && Number.isFinite(ms) && ms >= 0
    ? { type: "timestamp", timestampMs: ms }
    : "Choose a date and time.";
}

export default function PurgeDialog({
  clusterId,
  topic,
  partitions,
  onClose,
}: {
  clusterId: string;
  topic: string;
  partitions: number;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>("end");
  const [offset, setOffset] = useState("");
  const [time, setTime] = useState("");
  const [chosen, setChosen] = useState<number[] | null>(null);
  const [plan, setPlan] = useState<{ key: string; plan: PurgePlan } | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const target = targetOf(mode, offset, time);
  const problem = typeof target === "string" ? target : chosen?.length === 0 ? "Choose at least one partition." : null;
  const body = { target, ...(chosen ? { partitions: chosen } : {}) };
  const key = JSON.stringify(body);
  const current = plan?.key === key ? plan.plan : null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (problem || busy) return;
    setBusy(true);
    setError(null);
    try {
      const path = apiPath(clusterId, "topics", topic, "purge");
      if (!current) {
        const answer = await sendJson<{ plan: PurgePlan }>(path, "POST", { ...body, dryRun: true });
        setPlan({ key, plan: answer.plan });
      } else {
        const answer = await sendJson<{ purged: { deleted: number }[] }>(path, "POST", body);
        setDone(answer.purged.reduce((sum, p) => sum + p.deleted, 0));
        setPlan(null);
        await queryClient.invalidateQueries();
      }
    } catch (e) {
      setError(errorText(e));
      setPlan(null);
    } finally {
      setBusy(false);
    }
  }

  const toggle = (p: number) => {
    const base = chosen ?? Array.from({ length: partitions }, (_, i) => i);
    setChosen(base.includes(p) ? base.filter((x) => x !== p) : [...base, p].sort((a, b) => a - b));
  };

  return (
    <Dialog open title={`Purge records of ${topic}`} onClose={onClose} wide>
      <form onSubmit={submit} aria-label="Purge records" className="space-y-3 text-sm">
        <fieldset className="space-y-1">
          <legend className="font-medium">Delete records</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="purge-mode" checked={mode === "end"} onChange={() => setMode("end")} />
            all of them (up to the end of each partition)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="purge-mode" checked={mode === "offset"} onChange={() => setMode("offset")} />
            before offset
            <input
              type="number"
              min={0}
              value={offset}
              onFocus={() => setMode("offset")}
              onChange={(e) => setOffset(e.target.value)}
              aria-label="Offset"
              className={`${inputClass} w-36`}
            />
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="purge-mode"
              checked={mode === "timestamp"}
              onChange={() => setMode("timestamp")}
            />
            older than
            <input
              type="datetime-local"
              step={1}
              value={time}
              onFocus={() => setMode("timestamp")}
              onChange={(e) => setTime(e.target.value)}
              aria-label="Time"
              className={inputClass}
            />
            <span className="text-xs text-slate-500">(your browser&apos;s time zone)</span>
          </label>
        </fieldset>
        <fieldset>
          <legend className="font-medium">
            Partitions{" "}
            <button
              type="button"
              className="text-xs text-teal-700 underline dark:text-teal-300"
              onClick={() => setChosen(null)}
            >
              all
            </button>
          </legend>
          <div className="flex max-h-24 flex-wrap gap-x-3 overflow-y-auto">
            {Array.from({ length: partitions }, (_, p) => (
              <label key={p} className="flex items-center gap-1">
                <input type="checkbox" checked={chosen === null || chosen.includes(p)} onChange={() => toggle(p)} />
                {p}
              </label>
            ))}
          </div>
        </fieldset>
        {problem ? <p className="text-xs text-red-700 dark:text-red-300">{problem}</p> : null}
        {current ? <PlanTable plan={current} /> : null}
        {done !== null ? (
          <p role="status" data-testid="purge-done" className="text-emerald-700 dark:text-emerald-300">
            Deleted <Num value={done} /> record(s).
          </p>
        ) : null}
        <ActionError error={error} />
        <Buttons>
          <SecondaryButton onClick={onClose}>{done !== null ? "Close" : "Cancel"}</SecondaryButton>
          <PrimaryButton
            danger={current !== null}
            disabled={problem !== null || busy || current?.totalRecords === 0}
            testId="purge-submit"
          >
            {busy
              ? "Working…"
              : current
                ? current.totalRecords === 0
                  ? "Nothing to delete"
                  : `Delete ${current.totalRecords.toLocaleString("en-US")} record(s)`
                : "Show what will be deleted"}
          </PrimaryButton>
        </Buttons>
      </form>
    </Dialog>
  );
}

function PlanTable({ plan }: { plan: PurgePlan }) {
  return (
    <table data-testid="purge-plan" className="w-full text-xs">
      <thead>
        <tr className="text-left text-slate-500">
          <th className="py-1 pr-3 text-right font-medium">Partition</th>
          <th className="pr-3 text-right font-medium">First offset now</th>
          <th className="pr-3 text-right font-medium">High watermark</th>
          <th className="pr-3 text-right font-medium">First offset after</th>
          <th className="pr-3 text-right font-medium">Records deleted</th>
        </tr>
      </thead>
      <tbody>
        {plan.partitions.map((p) => (
          <tr
            key={p.partition}
            data-partition={p.partition}
            className="border-t border-slate-200 dark:border-slate-800"
          >
            <td className="py-1 pr-3 text-right">{p.partition}</td>
            <td className="pr-3 text-right">
              <Num value={p.logStartOffset} />
            </td>
            <td className="pr-3 text-right">
              <Num value={p.highWatermark} />
            </td>
            <td className="pr-3 text-right">
              <Num value={p.deleteBefore} />
            </td>
            <td className="pr-3 text-right font-semibold" data-testid="purge-records">
              <Num value={p.records} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr className="border-t border-slate-300 font-semibold dark:border-slate-700">
          <td className="py-1 pr-3 text-right" colSpan={4}>
            Total
          </td>
          <td className="pr-3 text-right" data-testid="purge-total">
            <Num value={plan.totalRecords} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
