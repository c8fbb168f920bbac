"use client";

import { useEffect, useState } from "react";
import type { OffsetPlan } from "@/lib/admin/index";
import ActionDialog, { DialogError } from "./ActionDialog";
import PlanTable from "./PlanTable";
import type { Applied } from "./ResetOffsetsDialog";
import { dangerButtonClass, failureText, secondaryButtonClass, sendJson } from "../action-api";
import { groupPath } from "./group-api";

/**
 * Put back the offsets a group had before its latest reset (or restore): the restore point is the
 * audit log's `before` of that change. Opening the dialog runs the dry run; applying is one click.
 */
export interface RestorePoint {
  auditId: number;
  atMs: number;
  actor: string;
  action: string;
}

export function describeRestorePoint(point: RestorePoint): string {
  const what = point.action === "group.offsets.restore" ? "the restore" : "the reset";
  return `the offsets from before ${what} of ${new Date(point.atMs).toLocaleString()} by ${point.actor} (audit entry #${point.auditId})`;
}

export default function RestoreOffsetsDialog({
  clusterId,
  groupId,
  onClose,
  onApplied,
}: {
  clusterId: string;
  groupId: string;
  onClose: () => void;
  onApplied: (applied: Applied) => void;
}) {
  const path = groupPath(clusterId, groupId, "offsets", "restore");
  const [preview, setPreview] = useState<{ plan: OffsetPlan; restorePoint: RestorePoint } | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    sendJson<{ plan: OffsetPlan; restorePoint: RestorePoint }>(path, "POST", { dryRun: true })
      .then((answer) => live && setPreview(answer))
      .catch((e: unknown) => live && setError(failureText(e)))
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [path]);

  async function apply() {
    setBusy(true);
    setError(null);
    try {
      const answer = await sendJson<{ plan: OffsetPlan; auditId: number }>(path, "POST", { dryRun: false });
      onApplied(answer);
    } catch (e) {
      setError(failureText(e));
      setBusy(false);
    }
  }

  const blocked = preview?.plan.blocked ?? null;
  return (
    <ActionDialog
      open
      title={`Restore previous offsets of ${groupId}`}
      busy={busy}
      onClose={onClose}
      testId="restore-dialog"
    >
      <form
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && preview && !blocked) void apply();
        }}
      >
        {preview ? (
          <>
            <p>
              Puts back {describeRestorePoint(preview.restorePoint)}. The restore is recorded too, so it can be undone
              the same way.
            </p>
            <PlanTable plan={preview.plan} />
          </>
        ) : busy ? (
          <p role="status" className="animate-pulse text-slate-500">
            Preparing the dry run…
          </p>
        ) : null}
        {blocked ? (
          <p role="alert" className="rounded bg-amber-50 p-2 text-amber-900 dark:bg-amber-950/50 dark:text-amber-100">
            {blocked}
          </p>
        ) : null}
        <DialogError message={error} />
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={onClose} disabled={busy && preview !== null}>
            Cancel
          </button>
          <button
            type="submit"
            className={dangerButtonClass}
            disabled={busy || !preview || blocked !== null}
            data-testid="restore-apply"
          >
            {busy && preview ? "Working…" : "Restore offsets"}
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}
