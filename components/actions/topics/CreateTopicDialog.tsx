"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { COMMON_TOPIC_CONFIGS, CONFIG_NAME_PATTERN, checkConfigValue } from "@/lib/admin/actions/topics-configs";
import type { BrokerList, CreatedTopic, Timed, TopicPage } from "@/lib/admin/index";
import { clusterHref } from "../../console/links";
import { apiPath, useApi } from "../../console/use-api";
import { useDebounced } from "../../console/use-url-state";
import Dialog from "./Dialog";
import { checkTopicName } from "./name-rules";
import { ActionError, Buttons, PrimaryButton, SecondaryButton, errorText, inputClass } from "./ui";
import { sendJson } from "../action-api";

/**
 * Create a topic: the name checked as it is typed (rules, and whether it exists), partitions,
 * replication factor (up to the broker count), the common configs with Kafka's defaults and any
 * other config. Enter first asks the cluster to validate (CreateTopics validateOnly) and shows the
 * topic it would create with its effective configs; a second Enter creates it.
 */
interface ExtraConfig {
  name: string;
  value: string;
}

const NAME_CHECK_DEBOUNCE_MS = 300;

function useNameTaken(clusterId: string, name: string): boolean {
  const debounced = useDebounced(name, NAME_CHECK_DEBOUNCE_MS);
  const query = new URLSearchParams({ q: debounced, internal: "true", pageSize: "50" });
  const { data } = useApi<Timed<TopicPage>>(debounced ? `${apiPath(clusterId, "topics")}?${query}` : null, false);
  return debounced === name && (data?.value.rows.some((t) => t.name === name) ?? false);
}

export default function CreateTopicDialog({ clusterId, onClose }: { clusterId: string; onClose: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const brokers = useApi<Timed<BrokerList>>(apiPath(clusterId, "brokers"), false);
  const brokerCount = brokers.data?.value.brokers.length ?? null;
  const [name, setName] = useState("");
  const [partitions, setPartitions] = useState("3");
  const [rf, setRf] = useState<string | null>(null);
  const [common, setCommon] = useState<Record<string, string>>({});
  const [extra, setExtra] = useState<ExtraConfig[]>([]);
  const [preview, setPreview] = useState<{ key: string; topic: CreatedTopic } | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const taken = useNameTaken(clusterId, name);

  const replication = rf ?? String(Math.min(3, brokerCount ?? 1));
  const nameCheck = checkTopicName(name);
  const nameErrors = taken ? [...nameCheck.errors, `A topic named "${name}" already exists.`] : nameCheck.errors;
  const configs: Record<string, string> = {};
  for (const [k, v] of Object.entries(common)) if (v.trim() !== "") configs[k] = v.trim();
  for (const e of extra) if (e.name.trim() !== "") configs[e.name.trim()] = e.value;
  const configProblems = [
    ...Object.entries(configs).map(([k, v]) => checkConfigValue(k, v)),
    ...extra.map((e) =>
      e.name.trim() !== "" && !CONFIG_NAME_PATTERN.test(e.name.trim()) ? `"${e.name}" is not a config name.` : null,
    ),
  ].filter((p): p is string => p !== null);
  const rfNumber = Number(replication);
  const rfProblem =
    brokerCount !== null && rfNumber > brokerCount
      ? `The cluster has ${brokerCount} broker(s): a replication factor above that cannot be met.`
      : null;
  const body = { name, partitions: Number(partitions), replicationFactor: rfNumber, configs };
  const key = JSON.stringify(body);
  const previewed = preview?.key === key ? preview.topic : null;
  const invalid = nameErrors.length > 0 || configProblems.length > 0 || rfProblem !== null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (invalid || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (!previewed) {
        const answer = await sendJson<{ topic: CreatedTopic }>(apiPath(clusterId, "topics"), "POST", {
          ...body,
          validateOnly: true,
        });
        setPreview({ key, topic: answer.topic });
      } else {
        await sendJson(apiPath(clusterId, "topics"), "POST", body);
        await queryClient.invalidateQueries();
        onClose();
        router.push(clusterHref(clusterId, "topics", name));
      }
    } catch (e) {
      setError(errorText(e));
      setPreview(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open title="Create a topic" onClose={onClose} wide>
      <form onSubmit={submit} aria-label="Create a topic" className="space-y-4 text-sm">
        <label className="block">
          <span className="font-medium">Name</span>
          <input
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameErrors.length > 0}
            aria-describedby="topic-name-rules"
            className={`${inputClass} mt-1 block w-full font-mono`}
            placeholder="orders.v1"
          />
        </label>
        <ul id="topic-name-rules" data-testid="topic-name-rules" className="space-y-0.5 text-xs">
          {name === "" ? (
            <li className="text-slate-500">
              Letters, digits, &quot;.&quot;, &quot;_&quot; and &quot;-&quot;; up to 249 characters.
            </li>
          ) : null}
          {name !== "" &&
            nameErrors.map((e) => (
              <li key={e} className="text-red-700 dark:text-red-300">
                {e}
              </li>
            ))}
          {nameCheck.warnings.map((w) => (
            <li key={w} className="text-amber-700 dark:text-amber-300">
              {w}
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap gap-6">
          <label>
            <span className="font-medium">Partitions</span>
            <input
              type="number"
              min={1}
              value={partitions}
              onChange={(e) => setPartitions(e.target.value)}
              className={`${inputClass} mt-1 block w-28`}
            />
          </label>
          <label>
            <span className="font-medium">Replication factor</span>
            <input
              type="number"
              min={1}
              max={brokerCount ?? undefined}
              value={replication}
              onChange={(e) => setRf(e.target.value)}
              aria-invalid={rfProblem !== null}
              className={`${inputClass} mt-1 block w-28`}
            />
          </label>
          <p className="self-end text-xs text-slate-500 dark:text-slate-400">
            {brokerCount !== null ? `The cluster has ${brokerCount} broker(s).` : "Counting brokers…"}
          </p>
        </div>
        {rfProblem ? <p className="text-xs text-red-700 dark:text-red-300">{rfProblem}</p> : null}
        <CommonConfigs values={common} onChange={setCommon} />
        <ExtraConfigs rows={extra} onChange={setExtra} />
        {configProblems.length > 0 ? (
          <ul className="text-xs text-red-700 dark:text-red-300">
            {configProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
        {previewed ? <Preview topic={previewed} /> : null}
        <ActionError error={error} />
        <Buttons>
          <SecondaryButton onClick={onClose}>Cancel</SecondaryButton>
          <PrimaryButton disabled={invalid || busy} testId="create-topic-submit">
            {busy ? "Working…" : previewed ? "Create topic" : "Validate with the cluster"}
          </PrimaryButton>
        </Buttons>
      </form>
    </Dialog>
  );
}

function CommonConfigs({
  values,
  onChange,
}: {
  values: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
}) {
  return (
    <fieldset className="rounded border border-slate-200 p-3 dark:border-slate-800">
      <legend className="px-1 font-medium">Common configs (empty = the cluster&apos;s default)</legend>
      <div className="grid grid-cols-1 gap-x-4 gap-y-2 md:grid-cols-2">
        {COMMON_TOPIC_CONFIGS.map((c) => (
          <label key={c.name} className="block" title={c.help}>
            <span className="font-mono text-xs">{c.name}</span>
            <input
              value={values[c.name] ?? ""}
              onChange={(e) => onChange({ ...values, [c.name]: e.target.value })}
              placeholder={`Kafka's default: ${c.kafkaDefault}`}
              aria-label={c.name}
              className={`${inputClass} block w-full font-mono text-xs`}
            />
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ExtraConfigs({ rows, onChange }: { rows: ExtraConfig[]; onChange: (rows: ExtraConfig[]) => void }) {
  const update = (i: number, patch: Partial<ExtraConfig>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-1">
      {rows.map((row, i) => (
        <div key={i} className="flex gap-2">
          <input
            value={row.name}
            onChange={(e) => update(i, { name: e.target.value })}
            placeholder="config name"
            aria-label={`Other config ${i + 1} name`}
            className={`${inputClass} w-64 font-mono text-xs`}
          />
          <input
            value={row.value}
            onChange={(e) => update(i, { value: e.target.value })}
            placeholder="value"
            aria-label={`Other config ${i + 1} value`}
            className={`${inputClass} flex-1 font-mono text-xs`}
          />
          <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label="Remove config">
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...rows, { name: "", value: "" }])}
        className="text-xs text-teal-700 underline dark:text-teal-300"
      >
        Add another config
      </button>
    </div>
  );
}

function Preview({ topic }: { topic: CreatedTopic }) {
  const overridden = (topic.configs ?? []).filter((c) => c.configSource === 1);
  return (
    <section
      data-testid="create-topic-preview"
      className="rounded border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950/40"
    >
      <p className="font-medium">
        The cluster accepts this: {topic.numPartitions} partition(s), replication factor {topic.replicationFactor}.
      </p>
      {topic.configs ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs">
            {overridden.length} config(s) set for this topic, {topic.configs.length - overridden.length} from the
            cluster&apos;s defaults
          </summary>
          <table className="mt-1 text-xs">
            <tbody>
              {topic.configs.map((c) => (
                <tr key={c.name} className={c.configSource === 1 ? "font-semibold" : ""}>
                  <td className="pr-3 font-mono">{c.name}</td>
                  <td className="font-mono">{c.isSensitive ? "(hidden)" : (c.value ?? "null")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      <p className="mt-1 text-xs">Press Enter or “Create topic” to create it.</p>
    </section>
  );
}
