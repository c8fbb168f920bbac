"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ConnectionTest } from "@/lib/admin/index";
import type { ClusterRecord } from "@/lib/db/clusters";
import ClusterForm from "./ClusterForm";
import { ApiError, fetchJson } from "./use-api";

/**
 * The clusters section: this cluster's connection (test; edit and remove when registered in the
 * console) and a form to register another cluster. Clusters from PIER_EMBEDDED / PIER_CLUSTERS
 * are changed in the environment, and PIER_READ_ONLY=1 turns every change off.
 */
export default function ClusterSettingsView({ cluster, readOnly }: { cluster: ClusterRecord; readOnly: boolean }) {
  const router = useRouter();
  const [test, setTest] = useState<ConnectionTest | { ok: false; message: string } | null>(null);
  const [testing, setTesting] = useState(false);
  const editable = cluster.managedBy === "ui" && !readOnly;

  const runTest = async () => {
    setTesting(true);
    try {
      const { result } = await fetchJson<{ result: ConnectionTest }>(
        `/api/clusters/${encodeURIComponent(cluster.id)}/connection-test`,
        { method: "POST" },
      );
      setTest(result);
    } catch (error) {
      setTest({ ok: false, message: error instanceof ApiError ? error.message : String(error) });
    } finally {
      setTesting(false);
    }
  };

  const remove = async () => {
    if (
      !window.confirm(`Remove the cluster "${cluster.name}" from the console? Nothing on the cluster itself changes.`)
    )
      return;
    await fetchJson(`/api/clusters/${encodeURIComponent(cluster.id)}`, { method: "DELETE" });
    router.push("/");
    router.refresh();
  };

  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">How the console reaches it</h2>
        <p className="text-sm">
          <span className="font-mono text-xs" data-testid="settings-bootstrap">
            {cluster.bootstrapServers.join(", ")}
          </span>{" "}
          · {cluster.security.securityProtocol}
          {cluster.security.saslMechanism
            ? ` · SASL ${cluster.security.saslMechanism} as ${cluster.security.saslUsername ?? "?"}`
            : ""}
        </p>
        <button
          type="button"
          onClick={runTest}
          disabled={testing}
          className="rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700"
        >
          {testing ? "Testing…" : "Test connection"}
        </button>
        {test ? (
          <p
            role="status"
            data-testid="connection-test-result"
            className={
              test.ok ? "text-sm text-emerald-700 dark:text-emerald-300" : "text-sm text-red-700 dark:text-red-300"
            }
          >
            {test.ok
              ? `Connected: ${test.brokers} broker(s), controller ${test.controllerId ?? "unknown"}, ${test.latencyMs} ms.`
              : `Connection failed: ${test.message}`}
          </p>
        ) : null}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Edit</h2>
        {editable ? (
          <>
            <ClusterForm cluster={cluster} onSaved={() => router.refresh()} />
            <button
              type="button"
              onClick={remove}
              className="rounded border border-red-400 px-3 py-1 text-sm text-red-700 dark:text-red-300"
            >
              Remove this cluster
            </button>
          </>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {readOnly
              ? "The console runs with PIER_READ_ONLY=1: changes are turned off."
              : cluster.kind === "embedded"
                ? "This is the embedded cluster; it is configured with PIER_EMBEDDED, PIER_BROKERS and PIER_KAFKA_PORT."
                : "This cluster comes from PIER_CLUSTERS; change it there and restart the console."}
          </p>
        )}
      </section>
      {!readOnly ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Register another cluster</h2>
          <ClusterForm onSaved={(c) => router.push(`/clusters/${encodeURIComponent(c.id)}`)} />
        </section>
      ) : null}
    </div>
  );
}
