"use client";

import { useState } from "react";
import type { BrokerList, GeneratedPlan, Timed, TopicPage } from "@/lib/admin/index";
import { apiPath, useApi } from "@/components/console/use-api";
import { ErrorPanel, Loading } from "@/components/ui/States";
import PlanEditor from "./PlanEditor";
import { buttonClass, inputClass, postJson } from "../action-api";
import { useAction } from "../use-action";

/** Topic names suggested while typing (the planner itself accepts any number of topics). */
const SUGGESTIONS = 50;

export interface PlannerDefaults {
  topics: string[];
  /** A replication-factor change was asked for (from a topic's page). */
  replicationFactor: number | null;
}

function splitTopics(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ),
  ];
}

/**
 * Choose topics and target brokers (and optionally a new replication factor), generate a balanced
 * plan, then edit and execute it in PlanEditor.
 */
export default function ReassignmentPlanner({ clusterId, defaults }: { clusterId: string; defaults: PlannerDefaults }) {
  const brokers = useApi<Timed<BrokerList>>(apiPath(clusterId, "brokers"), false);
  const [topicsText, setTopicsText] = useState(defaults.topics.join(", "));
  const { busy, failure, run } = useAction();
  const [chosen, setChosen] = useState<Set<number> | null>(null);
  const [rf, setRf] = useState(defaults.replicationFactor === null ? "" : String(defaults.replicationFactor));
  const [rebalance, setRebalance] = useState(defaults.replicationFactor === null);
  const [plan, setPlan] = useState<GeneratedPlan | null>(null);
  const lastToken = topicsText.split(/[\s,]+/).at(-1) ?? "";
  const suggestions = useApi<Timed<TopicPage>>(
    `${apiPath(clusterId, "topics")}?pageSize=${SUGGESTIONS}&internal=true&q=${encodeURIComponent(lastToken)}`,
    false,
  );

  if (brokers.isPending) return <Loading what="brokers" />;
  if (brokers.error) {
    return (
      <ErrorPanel title="The brokers could not be read" code={brokers.error.code} message={brokers.error.message} />
    );
  }
  const allBrokers = brokers.data.value.brokers;
  const selected = chosen ?? new Set(allBrokers.map((b) => b.id));

  const generate = () =>
    run(async () => {
      setPlan(null);
      const body = {
        action: "generate",
        topics: splitTopics(topicsText),
        brokers: [...selected].sort((a, b) => a - b),
        ...(rf.trim() === "" ? {} : { replicationFactor: Number(rf) }),
        rebalance,
      };
      const answer = await postJson<{ plan: GeneratedPlan }>(apiPath(clusterId, "reassignments"), body);
      setPlan(answer.plan);
    });

  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };

  return (
    <section aria-labelledby="planner-title" className="space-y-3">
      <h2 id="planner-title" className="text-lg font-semibold">
        Plan a reassignment
      </h2>
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          void generate();
        }}
      >
        <label className="flex flex-col text-sm">
          Topics (comma-separated)
          <input
            className={`${inputClass} max-w-xl font-mono`}
            value={topicsText}
            list="reassign-topic-suggestions"
            onChange={(e) => setTopicsText(e.target.value)}
            required
          />
          <datalist id="reassign-topic-suggestions">
            {(suggestions.data?.value.rows ?? []).map((t) => (
              <option
                key={t.name}
                value={[...splitTopics(topicsText).slice(0, -1), t.name].join(", ")}
                label={`${t.name} (${t.partitions} partitions, RF ${t.replicationFactor})`}
              />
            ))}
          </datalist>
        </label>
        <fieldset className="text-sm">
          <legend>Target brokers (replicas on the others move away)</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {allBrokers.map((b) => (
              <label key={b.id} className="flex items-center gap-1">
                <input type="checkbox" checked={selected.has(b.id)} onChange={() => toggle(b.id)} />
                Broker {b.id}
                {b.rack ? <span className="text-xs text-slate-500"> (rack {b.rack})</span> : null}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap items-end gap-4 text-sm">
          <label className="flex flex-col">
            New replication factor (empty = keep)
            <input
              className={`${inputClass} w-24`}
              inputMode="numeric"
              value={rf}
              onChange={(e) => setRf(e.target.value)}
              aria-label="New replication factor"
            />
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={rebalance} onChange={(e) => setRebalance(e.target.checked)} />
            Also balance replicas and leaders (unchecked: move only what the change requires)
          </label>
          <button type="submit" className={buttonClass} disabled={busy || selected.size === 0}>
            {busy ? "Planning…" : "Generate plan"}
          </button>
        </div>
      </form>
      {failure ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {failure}
        </p>
      ) : null}
      {plan ? <PlanEditor key={JSON.stringify(plan.moves)} clusterId={clusterId} plan={plan} /> : null}
    </section>
  );
}
