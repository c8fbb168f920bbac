"use client";

import { useState } from "react";
import { ApiError, fetchJson } from "../console/use-api";
import { useReadOnly } from "../shell/read-only";

/**
 * Producing from the console: one record (key, value, headers, partition, tombstone), several
 * (one value per line, or a JSON array of records), compressed as chosen. Reproducing a record
 * fills the form with its fields to edit before sending.
 */
export const PRODUCE_COMPRESSIONS = ["none", "gzip", "snappy", "lz4", "zstd"] as const;

export interface ProduceDraft {
  key: string;
  value: string;
  headers: string;
  partition: string;
  encoding: "utf8" | "base64";
  tombstone: boolean;
}

export const EMPTY_DRAFT: ProduceDraft = {
  key: "",
  value: "",
  headers: "",
  partition: "",
  encoding: "utf8",
  tombstone: false,
};

type Mode = "one" | "lines" | "json";
interface ProducedBatch {
  partition: number;
  baseOffset: number;
  count: number;
}
interface RecordBody {
  key?: string | null;
  value: string | null;
  headers?: { key: string; value: string | null }[];
  partition?: number;
}

function parseHeaders(text: string): { key: string; value: string }[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      const colon = line.indexOf(":");
      if (colon <= 0) throw new Error(`Header line ${i + 1} is not "name: value".`);
      return { key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trimStart() };
    });
}

function recordsOf(mode: Mode, draft: ProduceDraft): RecordBody[] {
  const partition = draft.partition.trim() === "" ? undefined : Number(draft.partition);
  if (partition !== undefined && (!Number.isInteger(partition) || partition < 0))
    throw new Error("The partition is not a whole number.");
  const base = { key: draft.key === "" ? null : draft.key, headers: parseHeaders(draft.headers), partition };
  if (mode === "one") return [{ ...base, value: draft.tombstone ? null : draft.value }];
  if (mode === "lines")
    return draft.value
      .split("\n")
      .filter((l) => l !== "")
      .map((value) => ({ ...base, value }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(draft.value);
  } catch (error) {
    throw new Error(`The JSON array does not parse: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error("Expected a JSON array of records ({ key, value, headers, partition }).");
  return parsed.map((item) =>
    typeof item === "object" && item !== null && "value" in item
      ? (item as RecordBody)
      : { ...base, value: JSON.stringify(item) },
  );
}

export default function ProducePanel({
  produceUrl,
  initial,
  readOnly,
  onProduced,
}: {
  produceUrl: string;
  initial: ProduceDraft;
  readOnly: boolean;
  onProduced: () => void;
}) {
  const readOnlyReason = useReadOnly().reason;
  const [draft, setDraft] = useState(initial);
  const [mode, setMode] = useState<Mode>("one");
  const [compression, setCompression] = useState<(typeof PRODUCE_COMPRESSIONS)[number]>("none");
  const [status, setStatus] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const set = (patch: Partial<ProduceDraft>) => setDraft((d) => ({ ...d, ...patch }));

  async function send(event: React.FormEvent) {
    event.preventDefault();
    setStatus(null);
    let records: RecordBody[];
    try {
      records = recordsOf(mode, draft);
    } catch (error) {
      setStatus({ kind: "error", text: (error as Error).message });
      return;
    }
    setSending(true);
    try {
      const { batches } = await fetchJson<{ batches: ProducedBatch[] }>(produceUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ records, encoding: draft.encoding, compression }),
      });
      const where = batches.map((b) => `partition ${b.partition} from offset ${b.baseOffset}`).join(", ");
      setStatus({ kind: "ok", text: `Produced ${records.length} record${records.length === 1 ? "" : "s"}: ${where}.` });
      onProduced();
    } catch (error) {
      setStatus({ kind: "error", text: error instanceof ApiError ? error.message : String(error) });
    } finally {
      setSending(false);
    }
  }

  const input =
    "w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-sm dark:border-slate-700 dark:bg-slate-900";
  return (
    <form
      onSubmit={send}
      aria-label="Produce"
      className="space-y-2 rounded border border-slate-200 p-3 dark:border-slate-800"
    >
      {readOnly ? (
        <p className="text-sm text-amber-700 dark:text-amber-300">
          {readOnlyReason ?? "The console is read-only (PIER_READ_ONLY=1)."} Producing is off.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3 text-sm">
        <label>
          Records{" "}
          <select
            aria-label="Records"
            value={mode}
            onChange={(e) => setMode(e.target.value as Mode)}
            className={`${input} w-auto`}
          >
            <option value="one">one</option>
            <option value="lines">one per line</option>
            <option value="json">JSON array</option>
          </select>
        </label>
        <label>
          Partition{" "}
          <input
            aria-label="Partition"
            value={draft.partition}
            onChange={(e) => set({ partition: e.target.value })}
            placeholder="by key"
            className={`${input} w-24`}
          />
        </label>
        <label>
          Compression{" "}
          <select
            aria-label="Compression"
            value={compression}
            onChange={(e) => setCompression(e.target.value as typeof compression)}
            className={`${input} w-auto`}
          >
            {PRODUCE_COMPRESSIONS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Encoding{" "}
          <select
            aria-label="Encoding"
            value={draft.encoding}
            onChange={(e) => set({ encoding: e.target.value as ProduceDraft["encoding"] })}
            className={`${input} w-auto`}
          >
            <option value="utf8">text</option>
            <option value="base64">base64</option>
          </select>
        </label>
        {mode === "one" ? (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={draft.tombstone} onChange={(e) => set({ tombstone: e.target.checked })} />{" "}
            Tombstone (null value)
          </label>
        ) : null}
      </div>
      <label className="block text-sm">
        Key
        <input
          aria-label="Key"
          value={draft.key}
          onChange={(e) => set({ key: e.target.value })}
          placeholder="none"
          className={input}
        />
      </label>
      <label className="block text-sm">
        {mode === "one"
          ? "Value"
          : mode === "lines"
            ? "Values, one per line"
            : "JSON array of { key, value, headers, partition }"}
        <textarea
          aria-label="Value"
          value={draft.value}
          onChange={(e) => set({ value: e.target.value })}
          disabled={mode === "one" && draft.tombstone}
          rows={5}
          className={input}
        />
      </label>
      <label className="block text-sm">
        Headers, one &quot;name: value&quot; per line
        <textarea
          aria-label="Headers"
          value={draft.headers}
          onChange={(e) => set({ headers: e.target.value })}
          rows={2}
          className={input}
        />
      </label>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={sending || readOnly}
          className="rounded bg-teal-700 px-3 py-1 text-sm font-semibold text-white disabled:opacity-50 dark:bg-teal-600"
        >
          {sending ? "Sending…" : "Produce"}
        </button>
        {status ? (
          <p
            role={status.kind === "error" ? "alert" : "status"}
            className={`text-sm ${status.kind === "error" ? "text-red-700 dark:text-red-300" : "text-emerald-700 dark:text-emerald-300"}`}
          >
            {status.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}
