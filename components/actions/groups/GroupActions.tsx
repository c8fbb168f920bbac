"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { GroupDetail } from "@/lib/admin/index";
import { clusterHref } from "@/components/console/links";
import { useApi } from "@/components/console/use-api";
import { useReadOnly } from "@/components/shell/read-only";
import DeleteGroupDialog from "./DeleteGroupDialog";
import DeleteTopicOffsetsDialog from "./DeleteTopicOffsetsDialog";
import ResetOffsetsDialog, { type Applied } from "./ResetOffsetsDialog";
import RestoreOffsetsDialog, { describeRestorePoint, type RestorePoint } from "./RestoreOffsetsDialog";
import { dangerButtonClass, secondaryButtonClass } from "../action-api";
import { groupPath } from "./group-api";

/**
 * The group page's actions: reset offsets, restore the offsets from before the last reset, delete
 * a topic's offsets, delete the group. Disabled with the reason when the cluster is read-only; a
 * group with members can be previewed but not changed (Kafka refuses), which the panel says.
 */
type Open = "reset" | "restore" | "offsets" | "delete" | null;

export default function GroupActions({
  clusterId,
  groupId,
  detail,
}: {
  clusterId: string;
  groupId: string;
  detail: GroupDetail;
}) {
  const readOnly = useReadOnly();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const restorePath = groupPath(clusterId, groupId, "offsets", "restore");
  const restore = useApi<{ restorePoint: RestorePoint | null }>(restorePath, false);
  const { summary, offsets } = detail;
  const committed = offsets.filter((o) => o.committedOffset !== null);
  const topics = [...new Set(offsets.map((o) => o.topic))].sort();
  const active = summary.members > 0;
  const disabledWhy = readOnly.readOnly ? (readOnly.reason ?? "Changes are turned off.") : undefined;
  const activeWhy = active
    ? `The group has ${summary.members} active member${summary.members === 1 ? "" : "s"}: Kafka changes offsets and deletes groups only while a group is Empty. Stop its consumers first.`
    : undefined;

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: [groupPath(clusterId, groupId)] }),
      queryClient.invalidateQueries({ queryKey: [restorePath] }),
    ]);
  };
  const applied = (verb: string) => (result: Applied) => {
    setOpen(null);
    const { partitions } = result.plan.totals;
    setNotice(
      `${verb}: ${partitions} partition${partitions === 1 ? "" : "s"} changed (audit entry #${result.auditId}).`,
    );
    void refresh();
  };
  const point = restore.data?.restorePoint ?? null;

  return (
    <section aria-labelledby="group-actions-title" data-testid="group-actions">
      <h2 id="group-actions-title" className="mb-2 text-lg font-semibold">
        Actions
      </h2>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={secondaryButtonClass}
          disabled={readOnly.readOnly}
          title={disabledWhy ?? activeWhy}
          onClick={() => setOpen("reset")}
        >
          Reset offsets…
        </button>
        {point ? (
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={readOnly.readOnly}
            title={disabledWhy ?? `Puts back ${describeRestorePoint(point)}`}
            onClick={() => setOpen("restore")}
          >
            Restore previous offsets…
          </button>
        ) : null}
        <button
          type="button"
          className={secondaryButtonClass}
          disabled={readOnly.readOnly || committed.length === 0}
          title={disabledWhy ?? (committed.length === 0 ? "The group has no committed offsets" : undefined)}
          onClick={() => setOpen("offsets")}
        >
          Delete a topic&apos;s offsets…
        </button>
        <button
          type="button"
          className={dangerButtonClass}
          disabled={readOnly.readOnly || active}
          title={disabledWhy ?? activeWhy}
          onClick={() => setOpen("delete")}
        >
          Delete group…
        </button>
      </div>
      {disabledWhy ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="group-actions-read-only">
          {disabledWhy}
        </p>
      ) : activeWhy ? (
        <p className="mt-2 text-sm text-amber-900 dark:text-amber-100" data-testid="group-actions-active">
          {activeWhy} A reset can still be previewed.
        </p>
      ) : null}
      {notice ? (
        <p
          role="status"
          className="mt-2 text-sm text-emerald-800 dark:text-emerald-200"
          data-testid="group-action-notice"
        >
          {notice}
        </p>
      ) : null}
      {open === "reset" ? (
        <ResetOffsetsDialog
          open
          clusterId={clusterId}
          groupId={groupId}
          topics={topics}
          onClose={() => setOpen(null)}
          onApplied={applied("Offsets reset")}
        />
      ) : null}
      {open === "restore" ? (
        <RestoreOffsetsDialog
          clusterId={clusterId}
          groupId={groupId}
          onClose={() => setOpen(null)}
          onApplied={applied("Offsets restored")}
        />
      ) : null}
      {open === "offsets" ? (
        <DeleteTopicOffsetsDialog
          clusterId={clusterId}
          groupId={groupId}
          offsets={offsets}
          onClose={() => setOpen(null)}
          onDeleted={(topic, auditId) => {
            setOpen(null);
            setNotice(`Offsets of ${topic} deleted (audit entry #${auditId}).`);
            void refresh();
          }}
        />
      ) : null}
      {open === "delete" ? (
        <DeleteGroupDialog
          clusterId={clusterId}
          groupId={groupId}
          partitions={committed.length}
          onClose={() => setOpen(null)}
          onDeleted={() => router.push(clusterHref(clusterId, "consumer-groups"))}
        />
      ) : null}
    </section>
  );
}
