"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { checkConfigValue, diffTopicConfigs, type ConfigDiffRow } from "@/lib/admin/actions/topics-configs";
import type { ConfigEntry } from "@/lib/admin/index";
import { apiPath } from "../../console/use-api";
import Dialog from "./Dialog";
import { ActionError, Buttons, PrimaryButton, SecondaryButton, errorText, inputClass } from "./ui";
import { sendJson } from "../action-api";

/**
 * Edit a topic's configs: set values or reset overrides, with the diff against the current values
 * and defaults shown as it is typed. Enter first asks the broker to validate the change
 * (IncrementalAlterConfigs validateOnly); a second Enter applies it.
 */
interface Row {
  name: string;
  value: string;
  reset: boolean;
}

export default function EditConfigsDialog({
  clusterId,
  topic,
  configs,
  onClose,
}: {
  clusterId: string;
  topic: string;
  configs: ConfigEntry[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const byName = new Map(configs.map((c) => [c.name, c]));
  const [rows, setRows] = useState<Row[]>([{ name: "", value: "", reset: false }]);
  const [validated, setValidated] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const named = rows.filter((r) => r.name.trim() !== "");
  const set: Record<string, string> = {};
  for (const r of named) if (!r.reset) set[r.name.trim()] = r.value;
  const reset = named.filter((r) => r.reset).map((r) => r.name.trim());
  const diff = diffTopicConfigs(configs, set, reset);
  const problems = [
    ...Object.entries(set).map(([k, v]) => checkConfigValue(k, v)),
    ...named.map((r) => (byName.get(r.name.trim())?.readOnly ? `${r.name} is read-only.` : null)),
  ].filter((p): p is string => p !== null);
  const changes = diff.filter((d) => d.change !== "unchanged");
  const key = JSON.stringify({ set, reset });
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (changes.length === 0 || problems.length > 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const path = apiPath(clusterId, "topics", topic, "configs");
      if (validated !== key) {
        await sendJson(path, "PATCH", { set, reset, validateOnly: true });
        setValidated(key);
      } else {
        await sendJson(path, "PATCH", { set, reset });
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
    <Dialog open title={`Edit configs of ${topic}`} onClose={onClose} wide>
      <form onSubmit={submit} aria-label="Edit configs" className="space-y-3 text-sm">
        <datalist id="topic-config-names">
          {configs
            .filter((c) => !c.readOnly)
            .map((c) => (
              <option key={c.name} value={c.name} />
            ))}
        </datalist>
        {rows.map((row, i) => {
          const current = byName.get(row.name.trim());
          return (
            <div key={i} className="flex flex-wrap items-center gap-2">
              <input
                autoFocus={i === 0}
                list="topic-config-names"
                value={row.name}
                onChange={(e) => update(i, { name: e.target.value })}
                placeholder="config name"
                aria-label={`Config ${i + 1} name`}
                className={`${inputClass} w-72 font-mono text-xs`}
              />
              <input
                value={row.value}
                disabled={row.reset}
                onChange={(e) => update(i, { value: e.target.value })}
                placeholder={current ? `now ${current.value ?? "null"}` : "value"}
                aria-label={`Config ${i + 1} value`}
                className={`${inputClass} w-56 font-mono text-xs`}
              />
              <label className="flex items-center gap-1 text-xs">
                <input type="checkbox" checked={row.reset} onChange={(e) => update(i, { reset: e.target.checked })} />
                reset to default
              </label>
              <button type="button" aria-label="Remove row" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() => setRows([...rows, { name: "", value: "", reset: false }])}
          className="text-xs text-teal-700 underline dark:text-teal-300"
        >
          Change another config
        </button>
        {problems.length > 0 ? (
          <ul className="text-xs text-red-700 dark:text-red-300">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
        <DiffTable rows={diff} />
        {validated === key && changes.length > 0 ? (
          <p data-testid="configs-validated" className="text-emerald-700 dark:text-emerald-300">
            The broker accepts these values. Press Enter or “Apply” to change the topic.
          </p>
        ) : null}
        <ActionError error={error} />
        <Buttons>
          <SecondaryButton onClick={onClose}>Cancel</SecondaryButton>
          <PrimaryButton disabled={changes.length === 0 || problems.length > 0 || busy} testId="edit-configs-submit">
            {busy ? "Working…" : validated === key ? `Apply ${changes.length} change(s)` : "Validate with the broker"}
          </PrimaryButton>
        </Buttons>
      </form>
    </Dialog>
  );
}

function DiffTable({ rows }: { rows: ConfigDiffRow[] }) {
  if (rows.length === 0) return null;
  return (
    <table data-testid="configs-diff" className="w-full text-xs">
      <thead>
        <tr className="text-left text-slate-500">
          <th className="py-1 pr-3 font-medium">Config</th>
          <th className="pr-3 font-medium">Now</th>
          <th className="pr-3 font-medium">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name} data-change={r.change} className="border-t border-slate-200 dark:border-slate-800">
            <td className="py-1 pr-3 font-mono">{r.name}</td>
            <td className="pr-3 font-mono">
              {r.before.value ?? "null"}{" "}
              <span className="text-slate-500">
                {r.before.isDefault ? "(default)" : `(${r.before.source ?? "set"})`}
              </span>
            </td>
            <td
              className={`pr-3 font-mono ${r.change === "unchanged" ? "" : "font-semibold text-teal-800 dark:text-teal-200"}`}
            >
              {r.change === "unchanged" ? "unchanged" : (r.after.value ?? "the broker's default")}
              {r.change === "reset" ? <span className="font-normal text-slate-500"> (default)</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
