"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ElectionOutcome, ElectionPreview } from "@/lib/admin/index";
import { apiPath } from "@/components/console/use-api";
import { useReadOnly } from "@/components/shell/read-only";
import ConfirmDialog from "../ConfirmDialog";
import { buttonClass, inputClass, postJson, secondaryButtonClass } from "../action-api";
import { useAction } from "../use-action";
import { fetchJson } from "@/components/console/use-api";

type Scope = "all" | "topic" | "partitions";

/** "orders:0, orders:3" → partitions; null when malformed. */
function parsePartitions(text: string): { topic: string; partition: number }[] | null {
  const items = text.split(/[\s,]+/).filter((s) => s !== "");
  const parsed = items.map((item) => {
    const at = item.lastIndexOf(":");
    const partition = Number(item.slice(at + 1));
    return at > 0 && Number.isInteger(partition) && partition >= 0 ? { topic: item.slice(0, at), partition } : null;
  });
  return parsed.length > 0 && parsed.every((p) => p !== null)
    ? (parsed as { topic: string; partition: number }[])
    : null;
}

/**
 * Preferred leader election: choose every partition, a topic or some partitions, preview which
 * leaders would change (and whether the preferred replica is in sync, without which the election
 * fails), then elect behind a confirmation.
 */
export default function PreferredElection({ clusterId, defaultTopic }: { clusterId: string; defaultTopic?: string }) {
  const readOnly = useReadOnly();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<Scope>(defaultTopic ? "topic" : "all");
  const [topic, setTopic] = useState(defaultTopic ?? "");
  const { busy, failure, run: runAction } = useAction();
  const [partitionsText, setPartitionsText] = useState("");
  const [preview, setPreview] = useState<ElectionPreview | null>(null);
  const [results, setResults] = useState<ElectionOutcome[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const path = apiPath(clusterId, "leader-elections");

  const scopeBody = () => {
    if (scope === "topic") return { topic: topic.trim() };
    if (scope === "partitions") return { partitions: parsePartitions(partitionsText) ?? [] };
    return {};
  };
  const scopeQuery = () => {
    if (scope === "topic") return `?topic=${encodeURIComponent(topic.trim())}`;
    if (scope === "partitions") return `?partitions=${encodeURIComponent(partitionsText.replace(/\s+/g, ""))}`;
    return "";
  };

  const run = (what: "preview" | "elect") =>
    runAction(async () => {
      if (what === "preview") {
        setResults(null);
        setPreview((await fetchJson<{ preview: ElectionPreview }>(`${path}${scopeQuery()}`)).preview);
      } else {
        const answer = await postJson<{ results: ElectionOutcome[] }>(path, { type: "preferred", ...scopeBody() });
        setResults(answer.results);
        setPreview(null);
        setConfirming(false);
        await queryClient.invalidateQueries();
      }
    });

  return (
    <section aria-labelledby="election-title" className="space-y-3" data-testid="preferred-election">
      <h2 id="election-title" className="text-lg font-semibold">
        Preferred leader election
      </h2>
      <form
        className="flex flex-wrap items-end gap-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          void run("preview");
        }}
      >
        <label className="flex flex-col">
          Partitions
          <select
            className={inputClass}
            value={scope}
            onChange={(e) => {
              setScope(e.target.value as Scope);
              setPreview(null);
            }}
          >
            <option value="all">Every partition</option>
            <option value="topic">One topic</option>
            <option value="partitions">Chosen partitions</option>
          </select>
        </label>
        {scope === "topic" ? (
          <label className="flex flex-col">
            Topic
            <input
              className={`${inputClass} font-mono`}
              value={topic}
              onChange={(e) => setTopic(e.target.value)}
              required
            />
          </label>
        ) : null}
        {scope === "partitions" ? (
          <label className="flex flex-col">
            topic:partition, comma-separated
            <input
              className={`${inputClass} w-72 font-mono`}
              value={partitionsText}
              onChange={(e) => setPartitionsText(e.target.value)}
              required
            />
          </label>
        ) : null}
        <button type="submit" className={secondaryButtonClass} disabled={busy}>
          Preview
        </button>
      </form>
      {failure ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {failure}
        </p>
      ) : null}
      {preview ? (
        <div className="space-y-2" data-testid="election-preview">
          <p className="text-sm">
            {preview.candidates.length === 0
              ? `All ${preview.partitions} partition(s) are led by their preferred replica: nothing would change.`
              : `${preview.candidates.length} of ${preview.partitions} partition(s) would change leader:`}
          </p>
          {preview.candidates.length > 0 ? (
            <>
              <table className="text-sm">
                <thead className="text-left text-xs text-slate-500 dark:text-slate-400">
                  <tr>
                    <th className="pr-3">Partition</th>
                    <th className="pr-3">Leader now</th>
                    <th className="pr-3">Preferred</th>
                    <th className="pr-3">Preferred in ISR</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.candidates.map((c) => (
                    <tr key={`${c.topic}-${c.partition}`} data-candidate={`${c.topic}-${c.partition}`}>
                      <td className="pr-3 font-mono text-xs">
                        {c.topic}-{c.partition}
                      </td>
                      <td className="pr-3">{c.leader < 0 ? "none (offline)" : c.leader}</td>
                      <td className="pr-3">{c.preferredLeader}</td>
                      <td className="pr-3">
                        {c.preferredInIsr
                          ? "yes"
                          : c.preferredLive
                            ? "no — the election will fail"
                            : "no — broker offline"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button
                type="button"
                className={buttonClass}
                disabled={readOnly.readOnly}
                title={readOnly.reason ?? undefined}
                onClick={() => setConfirming(true)}
              >
                Elect preferred leaders
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {results ? (
        <div role="status" className="text-sm" data-testid="election-results">
          {results.length === 0 ? (
            "Nothing to elect: every partition is led by its preferred replica."
          ) : (
            <ul>
              {results.map((r) => (
                <li key={`${r.topic}-${r.partition}`} data-election-result={r.result}>
                  {r.topic}-{r.partition}:{" "}
                  {r.result === "elected"
                    ? `leader ${r.leader} → ${r.leaderAfter}`
                    : r.result === "not_needed"
                      ? "already led by its preferred replica"
                      : `failed — ${r.error}`}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Elect preferred leaders?"
        confirmLabel="Elect"
        busy={busy}
        error={failure}
        onConfirm={() => void run("elect")}
        onClose={() => setConfirming(false)}
      >
        <p>
          Leadership of {preview?.candidates.length ?? 0} partition(s) moves to their preferred replica. Clients follow
          the new leaders after a metadata refresh.
        </p>
      </ConfirmDialog>
    </section>
  );
}
