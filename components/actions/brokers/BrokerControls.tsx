"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { BrokerRunState, BrokerStopImpact, BrokerStopMode } from "@/lib/admin/index";
import { apiPath, fetchJson, useApi } from "@/components/console/use-api";
import ConfirmDialog from "../ConfirmDialog";
import { dangerButtonClass, failureText, inputClass, postJson, secondaryButtonClass } from "../action-api";

/** Broker states change within a second of a stop or start: poll briskly while the panel is open. */
const STATES_POLL_MS = 3_000;

interface ControlState {
  available: boolean;
  reason: string | null;
  readOnly: { readOnly: boolean; reason: string | null };
  brokers: BrokerRunState[];
}

function ImpactList({ impact }: { impact: BrokerStopImpact }) {
  const name = (p: { topic: string; partition: number }) => `${p.topic}-${p.partition}`;
  const nothing = impact.leadersMoving.length + impact.underReplicated.length + impact.offline.length === 0;
  if (nothing) return <p>It leads nothing and no partition loses an in-sync replica.</p>;
  return (
    <div className="space-y-2" data-testid="stop-impact">
      {impact.leadersMoving.length > 0 ? (
        <div>
          <h3 className="font-medium">Lose their leader ({impact.leadersMoving.length})</h3>
          <ul className="font-mono text-xs">
            {impact.leadersMoving.map((p) => (
              <li key={name(p)} data-leader-moving={name(p)}>
                {name(p)} → {p.newLeader < 0 ? "no leader: offline" : `broker ${p.newLeader}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {impact.underReplicated.length > 0 ? (
        <div>
          <h3 className="font-medium">Become under-replicated ({impact.underReplicated.length})</h3>
          <ul className="font-mono text-xs">
            {impact.underReplicated.map((p) => (
              <li key={name(p)} data-under-replicated={name(p)}>
                {name(p)}: ISR [{p.isrAfter.join(", ")}]
                {p.belowMinIsr ? " — below min.insync.replicas: acks=all produce fails" : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {impact.offline.length > 0 ? (
        <div>
          <h3 className="font-medium text-red-700 dark:text-red-300">Go offline ({impact.offline.length})</h3>
          <ul className="font-mono text-xs">
            {impact.offline.map((p) => (
              <li key={name(p)} data-offline={name(p)}>
                {name(p)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/**
 * Stop and start brokers of the embedded cluster, to watch a failover for real. A stop first shows
 * what it would do (from the controller: leaders that move and where, partitions left
 * under-replicated or offline). Hidden on clusters whose brokers the console does not host.
 */
export default function BrokerControls({ clusterId }: { clusterId: string }) {
  const { data } = useApi<ControlState>(apiPath(clusterId, "brokers", "control"), STATES_POLL_MS);
  const queryClient = useQueryClient();
  const [stopping, setStopping] = useState<{ id: number; impact: BrokerStopImpact | null } | null>(null);
  const [mode, setMode] = useState<BrokerStopMode>("clean");
  const [busy, setBusy] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (!data?.available) return null;
  const readOnly = data.readOnly;

  const openStop = async (id: number) => {
    setFailure(null);
    setMode("clean");
    setStopping({ id, impact: null });
    try {
      const answer = await fetchJson<{ impact: BrokerStopImpact }>(apiPath(clusterId, "brokers", String(id), "stop"));
      setStopping({ id, impact: answer.impact });
    } catch (e) {
      setFailure(failureText(e));
    }
  };

  const act = async (id: number, action: "stop" | "start") => {
    setBusy(id);
    setFailure(null);
    try {
      await postJson(apiPath(clusterId, "brokers", String(id), action), action === "stop" ? { mode } : {});
      setNotice(action === "stop" ? `Broker ${id} stopped (${mode}).` : `Broker ${id} started.`);
      setStopping(null);
      await queryClient.invalidateQueries();
    } catch (e) {
      const text = failureText(e);
      if (action === "stop") setFailure(text);
      else setNotice(`Broker ${id} could not start: ${text}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="broker-controls-title" className="space-y-2" data-testid="broker-controls">
      <h2 id="broker-controls-title" className="text-lg font-semibold">
        Embedded brokers
      </h2>
      <p className="text-sm text-slate-500 dark:text-slate-400">
        This console hosts these brokers: stop one to watch leadership fail over, start it again to watch it catch up.
      </p>
      {notice ? (
        <p role="status" className="text-sm">
          {notice}
        </p>
      ) : null}
      <ul className="flex flex-wrap gap-3">
        {data.brokers.map((b) => (
          <li
            key={b.id}
            data-broker-state={b.id}
            data-state={b.state}
            data-live={b.live}
            className="flex items-center gap-2 rounded border border-slate-200 px-3 py-2 text-sm dark:border-slate-700"
          >
            <span className="font-medium">Broker {b.id}</span>
            <span
              className={`rounded px-1.5 text-xs ${
                b.state === "running"
                  ? "bg-teal-100 text-teal-800 dark:bg-teal-900 dark:text-teal-200"
                  : "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200"
              }`}
            >
              {b.state}
              {b.state === "stopped" && b.live ? " (session not yet expired)" : ""}
            </span>
            {b.state === "running" ? (
              <button
                type="button"
                className={dangerButtonClass}
                disabled={readOnly.readOnly || busy !== null}
                title={readOnly.reason ?? undefined}
                onClick={() => void openStop(b.id)}
              >
                Stop…
              </button>
            ) : (
              <button
                type="button"
                className={secondaryButtonClass}
                disabled={readOnly.readOnly || busy !== null}
                title={readOnly.reason ?? undefined}
                onClick={() => void act(b.id, "start")}
              >
                {busy === b.id ? "Starting…" : "Start"}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={stopping !== null}
        title={`Stop broker ${stopping?.id ?? ""}?`}
        confirmLabel="Stop broker"
        destructive
        busy={busy !== null}
        error={failure}
        onConfirm={() => stopping && void act(stopping.id, "stop")}
        onClose={() => setStopping(null)}
      >
        <div className="space-y-3">
          <label className="flex flex-col">
            How
            <select className={inputClass} value={mode} onChange={(e) => setMode(e.target.value as BrokerStopMode)}>
              <option value="clean">Clean shutdown (leadership moves first)</option>
              <option value="crash">Crash (as kill -9: noticed when its session times out)</option>
            </select>
          </label>
          {stopping?.impact ? <ImpactList impact={stopping.impact} /> : <p>Reading what the stop would do…</p>}
        </div>
      </ConfirmDialog>
    </section>
  );
}
