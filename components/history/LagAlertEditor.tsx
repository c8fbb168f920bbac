"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { apiPath, fetchJson, useApi, type ApiError } from "../console/use-api";

interface Alert {
  groupId: string;
  maxLag: number | null;
  maxTimeLagMs: number | null;
}

const parse = (text: string): number | null => (text.trim() === "" ? null : Number(text));

/** The group's lag alert: thresholds on lag (records) and time lag (seconds), saved in the console. */
export default function LagAlertEditor({ clusterId, groupId }: { clusterId: string; groupId: string }) {
  const path = apiPath(clusterId, "consumer-groups", groupId, "lag-alert");
  const { data, isPending } = useApi<{ alert: Alert | null }>(path, false);
  const queryClient = useQueryClient();
  const [lag, setLag] = useState("");
  const [timeLagS, setTimeLagS] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    const alert = data?.alert ?? null;
    setLag(alert === null || alert.maxLag === null ? "" : String(alert.maxLag));
    setTimeLagS(alert === null || alert.maxTimeLagMs === null ? "" : String(alert.maxTimeLagMs / 1000));
  }, [data]);

  const refresh = () => queryClient.invalidateQueries();

  async function save(event: FormEvent) {
    event.preventDefault();
    const maxLag = parse(lag);
    const seconds = parse(timeLagS);
    if ((maxLag !== null && !(maxLag >= 0)) || (seconds !== null && !(seconds >= 0))) {
      setMessage({ ok: false, text: "Thresholds are numbers ≥ 0." });
      return;
    }
    try {
      if (maxLag === null && seconds === null) {
        if (data?.alert) await fetchJson(path, { method: "DELETE" });
        setMessage({ ok: true, text: "Alert removed." });
      } else {
        await fetchJson(path, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ maxLag, maxTimeLagMs: seconds === null ? null : seconds * 1000 }),
        });
        setMessage({ ok: true, text: "Alert saved." });
      }
      await refresh();
    } catch (error) {
      setMessage({ ok: false, text: (error as ApiError).message });
    }
  }

  if (isPending) return null;
  return (
    <form
      onSubmit={save}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800"
      aria-label="Lag alert"
      data-testid="lag-alert-form"
    >
      <p className="w-full font-medium">
        Lag alert{" "}
        <span className="font-normal text-slate-500 dark:text-slate-400">
          — the group is highlighted in lists and on the overview when over either threshold (empty = not checked)
        </span>
      </p>
      <label className="flex flex-col gap-1">
        Lag above (records)
        <input
          inputMode="numeric"
          value={lag}
          onChange={(e) => setLag(e.target.value)}
          className="w-40 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          name="maxLag"
        />
      </label>
      <label className="flex flex-col gap-1">
        Time lag above (seconds)
        <input
          inputMode="numeric"
          value={timeLagS}
          onChange={(e) => setTimeLagS(e.target.value)}
          className="w-40 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          name="maxTimeLagS"
        />
      </label>
      <button
        type="submit"
        className="rounded-md bg-teal-600 px-3 py-1.5 text-white hover:bg-teal-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-500 dark:bg-teal-500 dark:text-slate-950"
      >
        Save alert
      </button>
      {message ? (
        <p
          role="status"
          className={message.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
