"use client";

import { useState } from "react";
import type { OffsetPlan } from "@/lib/admin/index";
import ActionDialog, { DialogError } from "./ActionDialog";
import PlanTable from "./PlanTable";
import { buttonClass, dangerButtonClass, failureText, inputClass, secondaryButtonClass, sendJson } from "../action-api";
import { groupPath } from "./group-api";

/**
 * Reset a group's offsets: choose the scope (whole group, a topic, a partition) and the target
 * (earliest, latest, a time, an offset, a shift), preview the plan (a dry run: current → new per
 * partition, records read again or skipped, clamping), then apply exactly that request. Changing
 * the form discards the preview, so what is applied is always what was previewed.
 */
type Scope = "group" | "topic" | "partition";
type Target = "earliest" | "latest" | "timestamp" | "offset" | "shift";

const TARGETS: { value: Target; label: string }[] = [
  { value: "earliest", label: "Earliest (log start)" },
  { value: "latest", label: "Latest (log end)" },
  { value: "timestamp", label: "A point in time" },
  { value: "offset", label: "An exact offset" },
  { value: "shift", label: "Shift by ±N records" },
];

interface Form {
  scope: Scope;
  topic: string;
  partition: string;
  to: Target;
  time: string;
  offset: string;
  shift: string;
}

export interface Applied {
  plan: OffsetPlan;
  auditId: number;
}

/** The request body of a form; numbers the user typed are sent as numbers, or as typed so the API names the problem. */
function bodyOf(form: Form): Record<string, unknown> {
  const num = (s: string) => (s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s);
  const body: Record<string, unknown> = { to: form.to };
  if (form.scope !== "group") body.topic = form.topic.trim();
  if (form.scope === "partition") body.partition = num(form.partition);
  if (form.to === "timestamp") {
    const local = new Date(form.time);
    body.timestamp = Number.isNaN(local.getTime()) ? form.time : local.toISOString();
  }
  if (form.to === "offset") body.offset = num(form.offset);
  if (form.to === "shift") body.shift = num(form.shift);
  return body;
}

export default function ResetOffsetsDialog({
  open,
  clusterId,
  groupId,
  topics,
  onClose,
  onApplied,
}: {
  open: boolean;
  clusterId: string;
  groupId: string;
  /** Topics the group has offsets on, offered first. */
  topics: string[];
  onClose: () => void;
  onApplied: (applied: Applied) => void;
}) {
  const [form, setForm] = useState<Form>({
    scope: "group",
    topic: topics[0] ?? "",
    partition: "0",
    to: "earliest",
    time: "",
    offset: "0",
    shift: "-1",
  });
  const [preview, setPreview] = useState<{ key: string; plan: OffsetPlan } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const body = bodyOf(form);
  const key = JSON.stringify(body);
  const current = preview?.key === key ? preview.plan : null;
  const path = groupPath(clusterId, groupId, "offsets");

  const update = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setError(null);
  };

  async function run(dryRun: boolean) {
    setBusy(true);
    setError(null);
    try {
      const answer = await sendJson<{ plan: OffsetPlan; auditId?: number }>(path, "POST", { ...body, dryRun });
      if (dryRun) setPreview({ key, plan: answer.plan });
      else onApplied({ plan: answer.plan, auditId: answer.auditId ?? 0 });
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <ActionDialog open={open} title={`Reset offsets of ${groupId}`} busy={busy} onClose={onClose} testId="reset-dialog">
      <form
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void run(true);
        }}
      >
        <fieldset className="flex flex-wrap items-end gap-3">
          <legend className="mb-1 font-medium">Which partitions</legend>
          <label className="flex flex-col gap-1">
            Scope
            <select
              className={inputClass}
              value={form.scope}
              onChange={(e) => update({ scope: e.target.value as Scope })}
              data-testid="reset-scope"
            >
              <option value="group">Every partition the group has committed</option>
              <option value="topic">One topic (all its partitions)</option>
              <option value="partition">One partition</option>
            </select>
          </label>
          {form.scope !== "group" ? (
            <label className="flex flex-col gap-1">
              Topic
              <input
                className={inputClass}
                list="reset-topics"
                value={form.topic}
                required
                onChange={(e) => update({ topic: e.target.value })}
                data-testid="reset-topic"
              />
              <datalist id="reset-topics">
                {topics.map((t) => (
                  <option key={t} value={t} />
                ))}
              </datalist>
            </label>
          ) : null}
          {form.scope === "partition" ? (
            <label className="flex flex-col gap-1">
              Partition
              <input
                className={`${inputClass} w-24`}
                inputMode="numeric"
                value={form.partition}
                onChange={(e) => update({ partition: e.target.value })}
                data-testid="reset-partition"
              />
            </label>
          ) : null}
        </fieldset>
        <fieldset className="flex flex-wrap items-end gap-3">
          <legend className="mb-1 font-medium">Move to</legend>
          <label className="flex flex-col gap-1">
            Target
            <select
              className={inputClass}
              value={form.to}
              onChange={(e) => update({ to: e.target.value as Target })}
              data-testid="reset-to"
            >
              {TARGETS.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          {form.to === "timestamp" ? (
            <label className="flex flex-col gap-1">
              Time (your local time)
              <input
                type="datetime-local"
                step="1"
                className={inputClass}
                value={form.time}
                required
                onChange={(e) => update({ time: e.target.value })}
                data-testid="reset-time"
              />
            </label>
          ) : null}
          {form.to === "offset" ? (
            <label className="flex flex-col gap-1">
              Offset
              <input
                className={`${inputClass} w-36`}
                inputMode="numeric"
                value={form.offset}
                onChange={(e) => update({ offset: e.target.value })}
                data-testid="reset-offset"
              />
            </label>
          ) : null}
          {form.to === "shift" ? (
            <label className="flex flex-col gap-1">
              Shift by (negative = back)
              <input
                className={`${inputClass} w-36`}
                inputMode="numeric"
                value={form.shift}
                onChange={(e) => update({ shift: e.target.value })}
                data-testid="reset-shift"
              />
            </label>
          ) : null}
        </fieldset>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Offsets outside a partition&apos;s log are moved to its log start or end, as Kafka&apos;s reset tool does.
          {form.to === "timestamp" && typeof body.timestamp === "string" && body.timestamp !== form.time
            ? ` Time sent: ${body.timestamp}.`
            : ""}
        </p>
        <DialogError message={error} />
        {current ? (
          <>
            <PlanTable plan={current} />
            {current.blocked ? (
              <p
                role="alert"
                className="rounded bg-amber-50 p-2 text-amber-900 dark:bg-amber-950/50 dark:text-amber-100"
              >
                {current.blocked}
              </p>
            ) : null}
          </>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" className={secondaryButtonClass} onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? "Working…" : current ? "Preview again" : "Preview (dry run)"}
          </button>
          <button
            type="button"
            className={dangerButtonClass}
            disabled={busy || !current || current.blocked !== null}
            title={!current ? "Preview the reset first" : (current.blocked ?? undefined)}
            onClick={() => void run(false)}
            data-testid="reset-apply"
          >
            Apply reset
          </button>
        </div>
      </form>
    </ActionDialog>
  );
}
