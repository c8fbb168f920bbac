import { z } from "zod";
import type { CommittedOffsetEntry, ResetRequest } from "../admin";
import { topicNameSchema } from "./api-schemas";

/**
 * Inputs of the consumer-group actions' REST API, validated with zod. A reset body names a scope
 * (nothing = the whole group, `topic`, or `topic` + `partition`), a target (`to`) with its one
 * value, and `dryRun`:
 *   { "to": "earliest" | "latest" }
 *   { "to": "timestamp", "timestamp": 1767225600000 | "2026-01-01T00:00:00Z" }
 *   { "to": "offset", "offset": 42 }
 *   { "to": "shift", "shift": -100 }
 */
export const RESET_TARGETS = ["earliest", "latest", "timestamp", "offset", "shift"] as const;
/** Past year 275760 a JavaScript date is invalid; Kafka timestamps are ms since the epoch, never negative. */
export const MAX_TIMESTAMP_MS = 8_640_000_000_000_000;
const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

const wholeNumber = (what: string, min: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be ${min === 0 ? "0 or more" : `at least ${min}`}`)
    .max(MAX_OFFSET, `${what} must be at most ${MAX_OFFSET}`);

/** Epoch milliseconds, or an ISO-8601 date; never before 1970 (Kafka reads -1/-2 as latest/earliest). */
export const timestampSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === "number" ? value : /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? Date.parse(value) : NaN;
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIMESTAMP_MS) {
    ctx.addIssue({
      code: "custom",
      message: `"${String(value)}" is not a time: give milliseconds since 1970 or an ISO-8601 date such as 2026-03-01T12:00:00Z`,
    });
    return z.NEVER;
  }
  return ms;
});

export const resetBodySchema = z
  .strictObject({
    topic: topicNameSchema.optional(),
    partition: wholeNumber("partition", 0).optional(),
    to: z.enum(RESET_TARGETS, { error: `to must be one of ${RESET_TARGETS.join(", ")}` }),
    timestamp: timestampSchema.optional(),
    offset: wholeNumber("offset", 0).optional(),
    shift: z
      .number({ error: "shift must be a number" })
      .int("shift must be a whole number")
      .refine((n) => n !== 0 && Math.abs(n) <= MAX_OFFSET, `shift must be a non-zero whole number of records`)
      .optional(),
    dryRun: z.boolean().default(false),
  })
  .superRefine((body, ctx) => {
    if (body.partition !== undefined && body.topic === undefined) {
      ctx.addIssue({ code: "custom", path: ["partition"], message: "partition needs topic" });
    }
    const needs = { timestamp: "timestamp", offset: "offset", shift: "shift" } as const;
    for (const [to, field] of Object.entries(needs)) {
      const given = body[field] !== undefined;
      if (body.to === to && !given) {
        ctx.addIssue({ code: "custom", path: [field], message: `to=${to} needs ${field}` });
      }
      if (body.to !== to && given) {
        ctx.addIssue({ code: "custom", path: [field], message: `${field} goes only with to=${to}` });
      }
    }
  });

export type ResetBody = z.infer<typeof resetBodySchema>;

export function resetRequestOf(body: ResetBody): ResetRequest {
  const scope: ResetRequest["scope"] =
    body.topic === undefined
      ? { kind: "group" }
      : body.partition === undefined
        ? { kind: "topic", topic: body.topic }
        : { kind: "partition", topic: body.topic, partition: body.partition };
  switch (body.to) {
    case "timestamp":
      return { scope, strategy: { to: "timestamp", timestampMs: body.timestamp! } };
    case "offset":
      return { scope, strategy: { to: "offset", offset: body.offset! } };
    case "shift":
      return { scope, strategy: { to: "shift", by: body.shift! } };
    default:
      return { scope, strategy: { to: body.to } };
  }
}

export const restoreBodySchema = z.strictObject({ dryRun: z.boolean().default(false) });

export const deleteGroupBodySchema = z.strictObject({
  confirm: z.string({ error: "confirm: type the group id to confirm the deletion" }),
});

export const deleteOffsetsQuerySchema = z.strictObject({
  topic: topicNameSchema,
});

/** A restore point as the audit log stores it (`before` of a reset). */
export const committedOffsetsSchema: z.ZodType<CommittedOffsetEntry[]> = z.array(
  z.object({ topic: z.string(), partition: z.number().int().min(0), offset: z.number().int().min(0).nullable() }),
);
