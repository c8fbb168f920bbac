import { z } from "zod";
import { HOURLY_RETENTION_MS } from "../db/lag-history";

/**
 * Inputs of the history and lag-alert routes. Times are epoch milliseconds or ISO 8601; `step` is
 * in seconds. Defaults: the last hour, the step the range and the stored resolution allow.
 */
export const HISTORY_DEFAULT_RANGE_MS = 3_600_000;
/** The shortest range the time picker offers and the API accepts. */
export const HISTORY_MIN_RANGE_MS = 60_000;
export const HISTORY_STEP_MAX_S = 86_400;
export const LAG_THRESHOLD_MAX = 1e15;

const instant = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: "custom", message: "expected epoch milliseconds or an ISO 8601 time" });
      return z.NEVER;
    }
    return ms;
  });

export const historyQuerySchema = z
  .strictObject({
    from: instant.optional(),
    to: instant.optional(),
    step: z.coerce.number().int().min(1).max(HISTORY_STEP_MAX_S).optional(),
  })
  .transform((q, ctx) => {
    const nowMs = Date.now();
    const toMs = Math.min(q.to ?? nowMs, nowMs);
    const fromMs = q.from ?? toMs - HISTORY_DEFAULT_RANGE_MS;
    if (toMs - fromMs < HISTORY_MIN_RANGE_MS)
      ctx.addIssue({ code: "custom", message: "from must be at least 1 minute before to" });
    if (fromMs < nowMs - HOURLY_RETENTION_MS - 86_400_000) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "history is kept for 90 days" });
    }
    return { fromMs, toMs, nowMs, stepMs: q.step === undefined ? undefined : q.step * 1000 };
  });

const threshold = z.number().finite().min(0).max(LAG_THRESHOLD_MAX).nullable();

export const lagAlertBodySchema = z
  .strictObject({ maxLag: threshold.default(null), maxTimeLagMs: threshold.default(null) })
  .refine((b) => b.maxLag !== null || b.maxTimeLagMs !== null, {
    message: "set maxLag, maxTimeLagMs or both (DELETE removes the alert)",
  });

/** An alert is judged on a sample at most this many sampling intervals old (else "no recent sample"). */
export const LAG_ALERT_FRESH_INTERVALS = 3;
