"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "../actions/action-api";
import { ApiError, apiPath } from "../console/use-api";

/**
 * A cluster's read-only flag on its settings page: on, every action that changes the cluster is
 * off in the UI and refused by the API. PIER_READ_ONLY=1 overrides it for every cluster. Turning
 * it on or off is recorded in the audit log.
 */
export default function ReadOnlySwitch({
  clusterId,
  readOnly,
  environmentReadOnly,
}: {
  clusterId: string;
  readOnly: boolean;
  environmentReadOnly: boolean;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  // Shown at once; the page (banner, buttons) follows when router.refresh() re-renders it.
  const [checked, setChecked] = useState(readOnly);
  const [error, setError] = useState<string | null>(null);

  async function toggle(next: boolean) {
    setBusy(true);
    setError(null);
    setChecked(next);
    try {
      await sendJson(apiPath(clusterId), "PATCH", { readOnly: next });
      router.refresh();
    } catch (e) {
      setChecked(!next);
      setError(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="mb-8 space-y-2" aria-labelledby="read-only-heading">
      <h2 id="read-only-heading" className="text-lg font-semibold">
        Changes
      </h2>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={checked}
          disabled={busy || environmentReadOnly}
          onChange={(e) => void toggle(e.target.checked)}
          data-testid="read-only-switch"
        />
        Read-only: turn off every action that changes this cluster (create, delete, purge, reset offsets, reassign…)
      </label>
      {environmentReadOnly ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The console runs with PIER_READ_ONLY=1, which turns changes off for every cluster; unset it and restart to use
          this switch.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </section>
  );
}
