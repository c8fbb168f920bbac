"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiPath } from "../../console/use-api";
import Dialog from "./Dialog";
import { ActionError, Buttons, PrimaryButton, SecondaryButton, errorText, inputClass } from "./ui";
import { sendJson } from "../action-api";

/**
 * Grow a topic's partition count. Kafka cannot shrink it, and keyed records map to
 * hash(key) % partitions: after the change new records of a key may go to another partition,
 * so per-key order across the change is lost. The cluster validates first, then applies.
 */
export default function AddPartitionsDialog({
  clusterId,
  topic,
  current,
  onClose,
}: {
  clusterId: string;
  topic: string;
  current: number;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [count, setCount] = useState(String(current + 1));
  const [validated, setValidated] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const n = Number(count);
  const problem = !Number.isInteger(n)
    ? "A whole number."
    : n <= current
      ? `A topic's partition count can only grow: choose more than ${current}.`
      : null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (problem || busy) return;
    setBusy(true);
    setError(null);
    try {
      const path = apiPath(clusterId, "topics", topic, "partitions");
      if (validated !== count) {
        await sendJson(path, "POST", { count: n, validateOnly: true });
        setValidated(count);
      } else {
        await sendJson(path, "POST", { count: n });
        await queryClient.invalidateQueries();
        onClose();
      }
    } catch (e) {
      setError(errorText(e));
      setValidated(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open title={`Add partitions to ${topic}`} onClose={onClose}>
      <form onSubmit={submit} aria-label="Add partitions" className="space-y-3 text-sm">
        <p
          role="note"
          className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
        >
          Records with a key go to partition hash(key) mod partitions: with more partitions, new records of a key may
          land in another partition than its older records, so consumers lose per-key order across the change. The count
          can never be lowered again.
        </p>
        <label className="block">
          New total number of partitions (now {current})
          <input
            autoFocus
            type="number"
            min={current + 1}
            value={count}
            onChange={(e) => setCount(e.target.value)}
            aria-invalid={problem !== null}
            className={`${inputClass} mt-1 block w-32`}
          />
        </label>
        {problem ? <p className="text-xs text-red-700 dark:text-red-300">{problem}</p> : null}
        {validated === count && !problem ? (
          <p data-testid="partitions-preview" className="text-emerald-700 dark:text-emerald-300">
            The cluster accepts this: {current} → {n} partitions ({n - current} new).
          </p>
        ) : null}
        <ActionError error={error} />
        <Buttons>
          <SecondaryButton onClick={onClose}>Cancel</SecondaryButton>
          <PrimaryButton disabled={problem !== null || busy} testId="add-partitions-submit">
            {busy ? "Working…" : validated === count ? `Grow to ${n} partitions` : "Validate with the cluster"}
          </PrimaryButton>
        </Buttons>
      </form>
    </Dialog>
  );
}
