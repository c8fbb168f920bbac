"use client";

import { useState } from "react";
import type { GroupPartitionOffsets } from "@/lib/admin/index";
import Num from "@/components/ui/Num";
import ActionDialog, { DialogError } from "./ActionDialog";
import { dangerButtonClass, failureText, inputClass, secondaryButtonClass, sendJson } from "../action-api";
import { groupPath } from "./group-api";

/**
 * Delete a group's committed offsets of one topic (OffsetDelete). Kafka refuses while a member of
 * the group reads that topic (GROUP_SUBSCRIBED_TO_TOPIC); the dialog shows the refusal in words.
 */
export default function DeleteTopicOffsetsDialog({
  clusterId,
  groupId,
  offsets,
  onClose,
  onDeleted,
}: {
  clusterId: string;
  groupId: string;
  /** The group's partitions; those with a committed offset can be deleted. */
  offsets: GroupPartitionOffsets[];
  onClose: () => void;
  onDeleted: (topic: string, auditId: number) => void;
}) {
  const committed = offsets.filter((o) => o.committedOffset !== null);
  const topics = [...new Set(committed.map((o) => o.topic))].sort();
  const [topic, setTopic] = useState(topics[0] ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rows = committed.filter((o) => o.topic === topic);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      const path = `${groupPath(clusterId, groupId, "offsets")}?topic=${encodeURIComponent(topic)}`;
      const answer = await sendJson<{ auditId: number }>(path, "DELETE");
      onDeleted(topic, answer.auditId);
    } catch (e) {
      setError(failureText(e));
      setBusy(false);
    }
  }

  return (
    <ActionDialog
      open
      title={`Delete offsets of ${groupId}`}
      busy={busy}
      onClose={onClose}
      testId="delete-offsets-dialog"
    >
      <form
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && rows.length > 0) void remove();
        }}
      >
        {topics.length === 0 ? (
          <p>The group has no committed offsets.</p>
        ) : (
          <>
            <label className="flex flex-col gap-1">
              Topic
              <select
                className={inputClass}
                value={topic}
                onChange={(e) => setTopic(e.target.value)}
                data-testid="delete-offsets-topic"
              >
                {topics.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <p>
              These committed offsets are deleted; the group&apos;s consumers then start these partitions from their{" "}
              <code>auto.offset.reset</code> position:
            </p>
            <ul className="max-h-40 overflow-auto font-mono text-xs" aria-label="Offsets to delete">
              {rows.map((r) => (
                <li key={r.partition}>
                  {r.topic}-{r.partition}: <Num value={r.committedOffset} />
                </li>
              ))}
            </ul>
          </>
        )}
        <DialogError message={error} />
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className={dangerButtonClass}
            disabled={busy || rows.length === 0}
            data-testid="delete-offsets-apply"
          >
            {busy ? "Deleting…" : "Delete offsets"}
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}
