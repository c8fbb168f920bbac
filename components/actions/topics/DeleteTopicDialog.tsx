"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { TopicDetailView } from "@/lib/admin/index";
import { clusterHref } from "../../console/links";
import { apiPath } from "../../console/use-api";
import Num from "../../ui/Num";
import Dialog from "./Dialog";
import { ActionError, Buttons, PrimaryButton, SecondaryButton, errorText, inputClass } from "./ui";
import { sendJson } from "../action-api";

/** Delete a topic: what goes with it, and its name typed again to confirm (the API requires it too). */
export default function DeleteTopicDialog({
  clusterId,
  topic,
  onClose,
}: {
  clusterId: string;
  topic: TopicDetailView;
  onClose: () => void;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const name = topic.row.name;
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const groups = topic.consumers.status === "ok" ? topic.consumers.value.length : null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (confirm !== name || busy) return;
    setBusy(true);
    setError(null);
    try {
      await sendJson(apiPath(clusterId, "topics", name), "DELETE", { confirm });
      await queryClient.invalidateQueries();
      onClose();
      router.push(clusterHref(clusterId, "topics"));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open title={`Delete topic ${name}`} onClose={onClose}>
      <form onSubmit={submit} aria-label="Delete topic" className="space-y-3 text-sm">
        <p>
          This deletes the topic and every record in it, on every broker. It cannot be undone. Gone with it:{" "}
          <Num value={topic.row.partitions} /> partition(s), <Num value={topic.row.messages} /> message(s) (
          <Num value={topic.row.sizeBytes} kind="bytes" />)
          {groups ? (
            <>
              , and the committed offsets of <strong>{groups}</strong> consumer group(s) reading it
            </>
          ) : null}
          .
        </p>
        <label className="block">
          Type <strong className="font-mono">{name}</strong> to confirm
          <input
            autoFocus
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            aria-label="Topic name to confirm"
            className={`${inputClass} mt-1 block w-full font-mono`}
            autoComplete="off"
          />
        </label>
        <ActionError error={error} />
        <Buttons>
          <SecondaryButton onClick={onClose}>Cancel</SecondaryButton>
          <PrimaryButton danger disabled={confirm !== name || busy} testId="delete-topic-submit">
            {busy ? "Deleting…" : "Delete this topic"}
          </PrimaryButton>
        </Buttons>
      </form>
    </Dialog>
  );
}
