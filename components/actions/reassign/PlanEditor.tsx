"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { BrokerLoad, ExecuteResult, GeneratedPlan } from "@/lib/admin/index";
import { apiPath } from "@/components/console/use-api";
import { useReadOnly } from "@/components/shell/read-only";
import Num from "@/components/ui/Num";
import ConfirmDialog from "../ConfirmDialog";
import { buttonClass, inputClass, postJson } from "../action-api";
import { useAction } from "../use-action";

/** 1 MB/s = 1,000,000 bytes/s: the unit kafka-reassign-partitions' --throttle users think in. */
const BYTES_PER_MB = 1_000_000;

/** "1, 2,0" → [1, 2, 0]; null when not a list of broker ids. */
export function parseReplicas(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((s) => s !== "");
  if (parts.length === 0 || parts.some((s) => !/^\d+$/.test(s))) return null;
  return parts.map(Number);
}

function LoadTable({ before, after }: { before: BrokerLoad[]; after: BrokerLoad[] }) {
  const afterById = new Map(after.map((l) => [l.brokerId, l]));
  return (
    <table className="text-sm" data-testid="plan-loads">
      <caption className="text-left text-xs text-slate-500 dark:text-slate-400">
        Per broker, over the chosen topics: before → after
      </caption>
      <thead className="text-left text-xs text-slate-500 dark:text-slate-400">
        <tr>
          <th className="pr-4">Broker</th>
          <th className="pr-4 text-right">Replicas</th>
          <th className="pr-4 text-right">Preferred leaders</th>
          <th className="pr-4 text-right">Bytes</th>
        </tr>
      </thead>
      <tbody>
        {before.map((b) => {
          const a = afterById.get(b.brokerId);
          return (
            <tr
              key={b.brokerId}
              data-broker-load={b.brokerId}
              className="border-t border-slate-200 dark:border-slate-800"
            >
              <td className="pr-4">{b.brokerId}</td>
              <td className="pr-4 text-right">
                <Num value={b.replicas} /> → <Num value={a?.replicas ?? 0} />
              </td>
              <td className="pr-4 text-right">
                <Num value={b.preferredLeaders} /> → <Num value={a?.preferredLeaders ?? 0} />
              </td>
              <td className="pr-4 text-right">
                <Num value={b.bytes} kind="bytes" /> → <Num value={a?.bytes ?? 0} kind="bytes" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A generated plan as a before/after table whose "after" column can be edited, the load of each
 * broker before and after, an optional throttle, and Execute behind a confirmation.
 */
export default function PlanEditor({ clusterId, plan }: { clusterId: string; plan: GeneratedPlan }) {
  const readOnly = useReadOnly();
  const queryClient = useQueryClient();
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [throttleMb, setThrottleMb] = useState("");
  const { busy, failure, run } = useAction();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ExecuteResult | null>(null);

  if (plan.moves.length === 0) {
    return (
      <p role="status" data-testid="plan-empty" className="text-sm text-teal-800 dark:text-teal-200">
        Nothing to move: these partitions are already placed as the plan would place them.
      </p>
    );
  }
  const rows = plan.moves.map((m) => {
    const key = `${m.topic}-${m.partition}`;
    const text = edits[key] ?? m.proposed.join(", ");
    return { move: m, key, text, replicas: parseReplicas(text) };
  });
  const invalid = rows.filter((r) => r.replicas === null);
  const throttle = throttleMb.trim() === "" ? null : Number(throttleMb);
  const throttleInvalid = throttle !== null && (!Number.isFinite(throttle) || throttle <= 0);

  const execute = () =>
    run(async () => {
      const body = {
        action: "execute",
        partitions: rows.map((r) => ({ topic: r.move.topic, partition: r.move.partition, replicas: r.replicas })),
        throttleBytesPerSec: throttle === null ? null : Math.round(throttle * BYTES_PER_MB),
      };
      const answer = await postJson<{ result: ExecuteResult }>(apiPath(clusterId, "reassignments"), body);
      setResult(answer.result);
      setConfirming(false);
      await queryClient.invalidateQueries();
    });

  const refused = result?.partitions.filter((p) => p.error) ?? [];
  return (
    <div className="space-y-3" data-testid="plan">
      <p className="text-sm">
        {plan.moves.length} of {plan.partitions} partitions change; <Num value={plan.movedReplicas} /> replica(s) to
        copy, <Num value={plan.movedBytes} kind="bytes" /> in all.
      </p>
      {plan.sizeProblems.length > 0 ? (
        <p role="note" className="text-sm text-amber-700 dark:text-amber-300">
          Some sizes are unknown, so bytes were not balanced for them: {plan.sizeProblems.join("; ")}
        </p>
      ) : null}
      <LoadTable before={plan.before} after={plan.after} />
      <table className="text-sm" data-testid="plan-moves">
        <thead className="text-left text-xs text-slate-500 dark:text-slate-400">
          <tr>
            <th className="pr-3">Partition</th>
            <th className="pr-3">Before</th>
            <th className="pr-3">After (editable; first = preferred leader)</th>
            <th className="pr-3 text-right">To copy</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ move, key, text, replicas }) => (
            <tr key={key} data-move={key} className="border-t border-slate-200 dark:border-slate-800">
              <td className="py-1 pr-3 font-mono text-xs">{key}</td>
              <td className="pr-3 font-mono text-xs">[{move.current.join(", ")}]</td>
              <td className="pr-3">
                <input
                  aria-label={`Replicas of ${key}`}
                  className={`${inputClass} w-40 font-mono ${replicas === null ? "border-red-500" : ""}`}
                  value={text}
                  onChange={(e) => setEdits({ ...edits, [key]: e.target.value })}
                />
              </td>
              <td className="pr-3 text-right">
                <Num value={move.movedBytes} kind="bytes" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (invalid.length === 0 && !throttleInvalid) setConfirming(true);
        }}
      >
        <label className="flex flex-col text-sm">
          Throttle (MB/s, empty = none)
          <input
            className={`${inputClass} w-32`}
            inputMode="decimal"
            value={throttleMb}
            onChange={(e) => setThrottleMb(e.target.value)}
            aria-invalid={throttleInvalid}
          />
        </label>
        <button
          type="submit"
          className={buttonClass}
          disabled={readOnly.readOnly || invalid.length > 0 || throttleInvalid}
          title={readOnly.reason ?? (invalid.length > 0 ? "Fix the replica lists marked in red" : undefined)}
        >
          Execute reassignment
        </button>
        {invalid.length > 0 ? (
          <span className="text-sm text-red-700 dark:text-red-300">
            {invalid.length} replica list(s) are not comma-separated broker ids.
          </span>
        ) : null}
      </form>
      {result ? (
        <p role="status" data-testid="execute-result" className="text-sm text-teal-800 dark:text-teal-200">
          Reassignment started for {result.partitions.length - refused.length} partition(s)
          {result.throttle ? `, throttled to ${result.throttle.bytesPerSec.toLocaleString("en-US")} bytes/s` : ""}.
          {refused.length > 0
            ? ` Refused: ${refused.map((p) => `${p.topic}-${p.partition} (${p.error})`).join("; ")}`
            : ""}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Execute this reassignment?"
        confirmLabel="Execute"
        busy={busy}
        error={failure}
        onConfirm={() => void execute()}
        onClose={() => setConfirming(false)}
      >
        <p>
          {rows.length} partition(s) get new replica lists; the cluster copies{" "}
          <Num value={plan.movedBytes} kind="bytes" />{" "}
          {throttle === null ? "at full speed" : `throttled to ${throttle} MB/s per broker`} and then deletes the
          replicas that were moved away. Progress shows above; the reassignment can be cancelled until it completes.
        </p>
      </ConfirmDialog>
    </div>
  );
}
