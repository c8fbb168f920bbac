import { z } from "zod";
import {
  COMPRESSION_NAMES,
  MAX_FILTER_LENGTH,
  MESSAGES_PAGE_SIZE_MAX,
  PRODUCE_RECORDS_MAX,
  SEARCH_BUDGET_MAX,
  SEARCH_MATCHES_MAX,
  type ProduceRecord,
} from "../admin";

/**
 * Inputs of the messages API (browse, search, tail, produce), validated with zod. Unknown query
 * parameters are refused, as everywhere in the API.
 */
export const MAX_PARTITIONS_PER_QUERY = 10_000;
/** Kafka's default max.message.bytes is 1 MiB; base64 of that with room to spare. */
export const MAX_PRODUCED_FIELD_CHARS = 2 * 1024 * 1024;
export const MAX_HEADERS_PER_RECORD = 100;
/** A produce request's body, as declared by Content-Length (the broker's own limit applies per batch). */
export const MAX_PRODUCE_BODY_BYTES = 16 * 1024 * 1024;

const offset = z.coerce
  .number({ message: "expected a whole number" })
  .int("expected a whole number")
  .min(0, "an offset is never negative")
  .max(Number.MAX_SAFE_INTEGER);

/** "3" or "0,2,5": the partitions to read (all when absent). */
const partitionList = z
  .string()
  .regex(/^\d+(,\d+)*$/, "expected a partition number or a comma-separated list of them")
  .transform((s) => s.split(",").map(Number))
  .refine((list) => list.length <= MAX_PARTITIONS_PER_QUERY, "too many partitions");

/** Epoch milliseconds or an ISO-8601 date. */
const timestamp = z.string().transform((s, ctx) => {
  const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isSafeInteger(ms) || ms < 0) {
    ctx.addIssue({ code: "custom", message: "expected epoch milliseconds or an ISO-8601 date" });
    return z.NEVER;
  }
  return ms;
});

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const position = {
  partition: partitionList.optional(),
  offset: offset.optional(),
  timestamp: timestamp.optional(),
  cursor: z
    .string()
    .max(64 * 1024)
    .optional(),
};

function oneStart(
  input: { offset?: number; timestamp?: number; from?: string; cursor?: string },
  ctx: z.RefinementCtx,
) {
  const starts = [input.offset !== undefined, input.timestamp !== undefined, input.from !== undefined].filter(Boolean);
  if (starts.length > 1) ctx.addIssue({ code: "custom", message: "give one of offset, timestamp or from" });
  if (input.cursor !== undefined && starts.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: "a cursor already says where to continue: drop offset, timestamp and from",
    });
  }
}

export const browseQuerySchema = z
  .strictObject({
    ...position,
    from: z.enum(["oldest", "newest"]).optional(),
    limit: z.coerce.number().int().min(1).max(MESSAGES_PAGE_SIZE_MAX).optional(),
    full: booleanFlag.optional(),
  })
  .superRefine(oneStart);

const filterFields = {
  filter: z.string().max(MAX_FILTER_LENGTH).optional(),
  q: z.string().max(MAX_FILTER_LENGTH).optional(),
};

export const searchQuerySchema = z
  .strictObject({
    ...position,
    ...filterFields,
    budget: z.coerce.number().int().min(1).max(SEARCH_BUDGET_MAX).optional(),
    limit: z.coerce.number().int().min(1).max(SEARCH_MATCHES_MAX).optional(),
  })
  .superRefine(oneStart);

export const tailQuerySchema = z.strictObject({
  partition: partitionList.optional(),
  cursor: z
    .string()
    .max(64 * 1024)
    .optional(),
  ...filterFields,
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const field = z.string().max(MAX_PRODUCED_FIELD_CHARS);

export const produceBodySchema = z
  .strictObject({
    records: z
      .array(
        z.strictObject({
          key: field.nullish(),
          value: field.nullable(),
          headers: z
            .array(z.strictObject({ key: z.string().min(1).max(1024), value: field.nullable() }))
            .max(MAX_HEADERS_PER_RECORD)
            .optional(),
          partition: z.number().int().min(0).optional(),
        }),
      )
      .min(1, "at least one record")
      .max(PRODUCE_RECORDS_MAX),
    /** How key, value and header values are written: text (UTF-8) or base64 for binary. */
    encoding: z.enum(["utf8", "base64"]).default("utf8"),
    compression: z.enum(COMPRESSION_NAMES).default("none"),
  })
  .superRefine((body, ctx) => {
    if (body.encoding !== "base64") return;
    body.records.forEach((r, i) => {
      const fields = [r.key, r.value, ...(r.headers ?? []).map((h) => h.value)];
      if (fields.some((f) => typeof f === "string" && (f.length % 4 !== 0 || !BASE64.test(f)))) {
        ctx.addIssue({ code: "custom", path: ["records", i], message: "a field is not valid base64" });
      }
    });
  });

export type ProduceBody = z.infer<typeof produceBodySchema>;

export function produceRecordsOf(body: ProduceBody): ProduceRecord[] {
  const bytes = (s: string | null | undefined) =>
    s === null || s === undefined ? null : Buffer.from(s, body.encoding);
  return body.records.map((r) => ({
    key: bytes(r.key),
    value: bytes(r.value),
    headers: (r.headers ?? []).map((h) => ({ key: h.key, value: bytes(h.value) })),
    partition: r.partition,
  }));
}
