"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { PartitionProgress, ReassignmentStatus } from "@/lib/admin/index";
import { apiPath, useApi } from "@/components/console/use-api";
import { useReadOnly } from "@/components/shell/read-only";
import Num from "@/components/ui/Num";
import { ErrorPanel, Loading } from "@/components/ui/States";
import ConfirmDialog from "../ConfirmDialog";
import { dangerButtonClass, postJson } from "../action-api";
import { useAction } from "../use-action";

/** Polls faster while a copy runs, so progress moves visibly; slower when nothing moves. */
export const ONGOING_POLL_MS = 2_000;
export const IDLE_POLL_MS = 10_000;

type StatusBody = ReassignmentStatus & { throttle: { topics: string[]; brokers: number[] } | null };

function Bar({ copied, total }: { copied: number; total: number }) {
  const pct = total === 0 ? 100 : Math.min(100, (copied / total) * 100);
  return (
    <div
      className="h-2 w-32 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
      role="progressbar"
      aria-valuenow={Math.round(pct)}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div className="h-full bg-teal-600" style={{ width: `${pct}%` }} />
    </div>
  );
}

function Row({ p }: { p: PartitionProgress }) {
  return (
    <tr data-reassigning={`${p.topic}-${p.partition}`} className="border-t border-slate-200 dark:border-slate-800">
      <td className="py-1 pr-3 font-mono text-xs">
        {p.topic}-{p.partition}
      </td>
      <td className="pr-3 font-mono text-xs">[{p.replicas.join(", ")}]</td>
      <td className="pr-3 font-mono text-xs text-teal-700 dark:text-teal-300">{p.addingReplicas.join(", ") || "—"}</td>
      <td className="pr-3 font-mono text-xs text-red-700 dark:text-red-300">{p.removingReplicas.join(", ") || "—"}</td>
      <td className="pr-3">
        <Bar copied={p.copiedBytes} total={p.totalBytes} />
      </td>
      <td className="pr-3 text-right">
        <Num value={p.copiedBytes} kind="bytes" /> / <Num value={p.totalBytes} kind="bytes" />
      </td>
    </tr>
  );
}

/** Reassignments in progress: per partition what is copied where, overall bytes, rate, ETA; cancel. */
export default function OngoingReassignments({ clusterId }: { clusterId: string }) {
  const path = apiPath(clusterId, "reassignments");
  const [moving, setMoving] = useState(true);
  const { busy, failure, run } = useAction();
  const { data, error, isPending } = useApi<StatusBody>(path, moving ? ONGOING_POLL_MS : IDLE_POLL_MS);
  useEffect(() => {
    if (data) setMoving(data.ongoing);
  }, [data]);
  const readOnly = useReadOnly();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  if (isPending) return <Loading what="reassignments in progress" />;
  if (error) return <ErrorPanel title="Reassignments could not be read" code={error.code} message={error.message} />;
  const { progress } = data;

  const cancel = () =>
    run(async () => {
      const { result } = await postJson<{ result: { partitions: unknown[]; throttleRemoved: boolean } }>(path, {
        action: "cancel",
      });
      setNotice(
        `Cancelled ${result.partitions.length} partition reassignment(s)${result.throttleRemoved ? "; throttle removed" : ""}.`,
      );
      setConfirming(false);
      await queryClient.invalidateQueries();
    });

  return (
    <section aria-labelledby="ongoing-title" className="space-y-2" data-testid="ongoing-reassignments">
      <h2 id="ongoing-title" className="text-lg font-semibold">
        In progress
      </h2>
      {notice ? (
        <p role="status" className="text-sm text-teal-800 dark:text-teal-200">
          {notice}
        </p>
      ) : null}
      {!data.ongoing ? (
        <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="no-reassignment">
          No reassignment is in progress.
          {data.throttle ? " A throttle from an earlier reassignment is still applied." : ""}
        </p>
      ) : (
        <>
          <p className="text-sm" data-testid="reassignment-totals">
            Copied <Num value={progress.copiedBytes} kind="bytes" /> of <Num value={progress.totalBytes} kind="bytes" />
            {" · "}rate{" "}
            {progress.rateBytesPerSec === null ? (
              <Num value={null} unknown="measured from the second reading on" />
            ) : (
              <>
                <Num value={Math.round(progress.rateBytesPerSec)} kind="bytes" />
                /s
              </>
            )}
            {" · "}ETA{" "}
            <Num
              value={progress.etaSeconds === null ? null : progress.etaSeconds * 1000}
              kind="duration"
              unknown="unknown until a copy rate is observed"
            />
            {data.throttle ? ` · throttled on brokers ${data.throttle.brokers.join(", ")}` : ""}
          </p>
          {data.sizeProblems.length > 0 ? (
            <p role="note" className="text-sm text-amber-700 dark:text-amber-300">
              Sizes unavailable: {data.sizeProblems.join("; ")}
            </p>
          ) : null}
          <table className="text-sm">
            <thead className="text-left text-xs text-slate-500 dark:text-slate-400">
              <tr>
                <th className="pr-3">Partition</th>
                <th className="pr-3">Replicas</th>
                <th className="pr-3">Adding</th>
                <th className="pr-3">Removing</th>
                <th className="pr-3">Progress</th>
                <th className="pr-3 text-right">Copied</th>
              </tr>
            </thead>
            <tbody>
              {progress.partitions.map((p) => (
                <Row key={`${p.topic}-${p.partition}`} p={p} />
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className={dangerButtonClass}
            disabled={readOnly.readOnly}
            title={readOnly.reason ?? undefined}
            onClick={() => setConfirming(true)}
          >
            Cancel reassignment
          </button>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title="Cancel the reassignment?"
        confirmLabel="Cancel reassignment"
        destructive
        busy={busy}
        error={failure}
        onConfirm={() => void cancel()}
        onClose={() => setConfirming(false)}
      >
        <p>
          Every partition in progress goes back to its original replicas; the replicas copied so far are deleted. The
          throttle, if any, is removed.
        </p>
      </ConfirmDialog>
    </section>
  );
}
