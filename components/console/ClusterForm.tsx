"use client";

import { useState, type FormEvent } from "react";
import type { ConnectionTest } from "@/lib/admin/index";
import type { ClusterRecord } from "@/lib/db/clusters";
import { ApiError, fetchJson } from "./use-api";

/**
 * Register or edit an external cluster: name, bootstrap servers and Kafka's client security
 * settings, with a connection test before saving. The SASL password is write-only: an edit that
 * leaves it empty keeps the stored one.
 */
const PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;
const MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;

interface FormState {
  name: string;
  bootstrapServers: string;
  securityProtocol: (typeof PROTOCOLS)[number];
  saslMechanism: (typeof MECHANISMS)[number];
  saslUsername: string;
  saslPassword: string;
  tlsCa: string;
  tlsRejectUnauthorized: boolean;
}

function initialState(cluster?: ClusterRecord): FormState {
  return {
    name: cluster?.name ?? "",
    bootstrapServers: cluster?.bootstrapServers.join(",") ?? "",
    securityProtocol: cluster?.security.securityProtocol ?? "PLAINTEXT",
    saslMechanism: cluster?.security.saslMechanism ?? "PLAIN",
    saslUsername: cluster?.security.saslUsername ?? "",
    saslPassword: "",
    tlsCa: cluster?.security.tlsCa ?? "",
    tlsRejectUnauthorized: cluster?.security.tlsRejectUnauthorized ?? true,
  };
}

function body(state: FormState, editing: boolean) {
  const sasl = state.securityProtocol.startsWith("SASL");
  const tls = state.securityProtocol.endsWith("SSL");
  return {
    name: state.name,
    bootstrapServers: state.bootstrapServers,
    securityProtocol: state.securityProtocol,
    ...(sasl ? { saslMechanism: state.saslMechanism, saslUsername: state.saslUsername } : {}),
    ...(sasl && (state.saslPassword !== "" || !editing) ? { saslPassword: state.saslPassword } : {}),
    ...(tls ? { tlsCa: state.tlsCa || null, tlsRejectUnauthorized: state.tlsRejectUnauthorized } : {}),
  };
}

const input = "w-full rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900";

export default function ClusterForm({
  cluster,
  onSaved,
}: {
  cluster?: ClusterRecord;
  onSaved: (c: ClusterRecord) => void;
}) {
  const editing = cluster !== undefined;
  const [state, setState] = useState(() => initialState(cluster));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setState((s) => ({ ...s, [key]: value }));

  const test = async () => {
    setBusy(true);
    try {
      const { result } = await fetchJson<{ result: ConnectionTest }>("/api/connection-test", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body(state, false)),
      });
      setMessage(
        result.ok
          ? {
              ok: true,
              text: `Connected: ${result.brokers} broker(s), cluster id ${result.clusterId ?? "unknown"}, ${result.latencyMs} ms.`,
            }
          : { ok: false, text: result.message },
      );
    } catch (error) {
      setMessage({ ok: false, text: error instanceof ApiError ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const path = editing ? `/api/clusters/${encodeURIComponent(cluster.id)}` : "/api/clusters";
      const saved = await fetchJson<{ cluster: ClusterRecord }>(path, {
        method: editing ? "PUT" : "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body(state, editing)),
      });
      setMessage({ ok: true, text: editing ? "Saved." : `Registered "${saved.cluster.name}".` });
      onSaved(saved.cluster);
      if (!editing) setState(initialState());
    } catch (error) {
      setMessage({ ok: false, text: error instanceof ApiError ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const sasl = state.securityProtocol.startsWith("SASL");
  const tls = state.securityProtocol.endsWith("SSL");
  return (
    <form
      onSubmit={submit}
      className="grid max-w-2xl grid-cols-[12rem_1fr] items-center gap-x-3 gap-y-2 text-sm"
      aria-label={editing ? "Edit cluster" : "Register a cluster"}
    >
      <label htmlFor="cluster-name">Name</label>
      <input
        id="cluster-name"
        className={input}
        value={state.name}
        onChange={(e) => set("name", e.target.value)}
        required
      />
      <label htmlFor="cluster-bootstrap">Bootstrap servers</label>
      <input
        id="cluster-bootstrap"
        className={`${input} font-mono`}
        placeholder="kafka1:9092,kafka2:9092"
        value={state.bootstrapServers}
        onChange={(e) => set("bootstrapServers", e.target.value)}
        required
      />
      <label htmlFor="cluster-protocol">Security protocol</label>
      <select
        id="cluster-protocol"
        className={input}
        value={state.securityProtocol}
        onChange={(e) => set("securityProtocol", e.target.value as FormState["securityProtocol"])}
      >
        {PROTOCOLS.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      {sasl ? (
        <>
          <label htmlFor="cluster-mechanism">SASL mechanism</label>
          <select
            id="cluster-mechanism"
            className={input}
            value={state.saslMechanism}
            onChange={(e) => set("saslMechanism", e.target.value as FormState["saslMechanism"])}
          >
            {MECHANISMS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          <label htmlFor="cluster-user">SASL user name</label>
          <input
            id="cluster-user"
            className={input}
            value={state.saslUsername}
            onChange={(e) => set("saslUsername", e.target.value)}
            autoComplete="off"
          />
          <label htmlFor="cluster-password">SASL password</label>
          <input
            id="cluster-password"
            type="password"
            className={input}
            value={state.saslPassword}
            placeholder={editing && cluster.security.hasSaslPassword ? "unchanged" : ""}
            onChange={(e) => set("saslPassword", e.target.value)}
            autoComplete="new-password"
          />
        </>
      ) : null}
      {tls ? (
        <>
          <label htmlFor="cluster-ca">CA certificate (PEM)</label>
          <textarea
            id="cluster-ca"
            className={`${input} h-24 font-mono text-xs`}
            value={state.tlsCa}
            onChange={(e) => set("tlsCa", e.target.value)}
            placeholder="Empty: the system's trusted CAs"
          />
          <span />
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={!state.tlsRejectUnauthorized}
              onChange={(e) => set("tlsRejectUnauthorized", !e.target.checked)}
            />
            Accept any certificate (unsafe; self-signed test clusters only)
          </label>
        </>
      ) : null}
      <span />
      <div className="flex gap-2">
        <button
          type="button"
          onClick={test}
          disabled={busy}
          className="rounded border border-slate-300 px-3 py-1 dark:border-slate-700"
        >
          Test connection
        </button>
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-teal-600 px-3 py-1 font-medium text-white hover:bg-teal-700"
        >
          {editing ? "Save" : "Register"}
        </button>
      </div>
      {message ? (
        <p
          role="status"
          className={`col-span-2 ${message.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
