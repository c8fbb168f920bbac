"use client";

import { useState } from "react";
import ActionDialog, { DialogError } from "./ActionDialog";
import { dangerButtonClass, failureText, inputClass, secondaryButtonClass, sendJson } from "../action-api";
import { groupPath } from "./group-api";

/**
 * Delete a consumer group and all its committed offsets. Kafka deletes only empty groups; the
 * user confirms by typing the group id, which the API requires as well.
 */
export default function DeleteGroupDialog({
  clusterId,
  groupId,
  partitions,
  onClose,
  onDeleted,
}: {
  clusterId: string;
  groupId: string;
  /** Partitions with a committed offset, for the warning. */
  partitions: number;
  onClose: () => void;
  onDeleted: (auditId: number) => void;
}) {
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const matches = typed === groupId;

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      const answer = await sendJson<{ auditId: number }>(groupPath(clusterId, groupId), "DELETE", { confirm: typed });
      onDeleted(answer.auditId);
    } catch (e) {
      setError(failureText(e));
      setBusy(false);
    }
  }

  return (
    <ActionDialog open title={`Delete group ${groupId}`} busy={busy} onClose={onClose} testId="delete-group-dialog">
      <form
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && matches) void remove();
        }}
      >
        <p>
          The group and its committed offsets of {partitions} partition{partitions === 1 ? "" : "s"} are deleted. Its
          consumers, when they start again, begin from their <code>auto.offset.reset</code> position.
        </p>
        <label className="flex flex-col gap-1">
          Type the group id to confirm
          <input
            className={`${inputClass} font-mono`}
            value={typed}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setTyped(e.target.value)}
            data-testid="delete-group-confirm"
          />
        </label>
        <DialogError message={error} />
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button
            type="submit"
            className={dangerButtonClass}
            disabled={busy || !matches}
            title={matches ? undefined : "Type the group id exactly"}
            data-testid="delete-group-apply"
          >
            {busy ? "Deleting…" : "Delete group"}
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}
