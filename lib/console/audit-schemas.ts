import { z } from "zod";
import { AUDIT_PAGE_MAX_ENTRIES } from "../db/audit-log";

/**
 * GET /api/clusters/{id}/audit's query: filters (an exact action or a prefix ending in ".", a
 * target substring or exact target, actor, outcome, time range in ms since the epoch) and paging
 * backwards from the newest entry (`before` = the previous page's `nextBeforeId`).
 */
export const AUDIT_PAGE_DEFAULT_ENTRIES = 100;

const ms = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const auditQuerySchema = z.strictObject({
  action: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z._-]*$/, 'an action looks like "topic.create", or a prefix like "topic."')
    .optional(),
  target: z.string().max(1100).optional(),
  exactTarget: z.string().max(1100).optional(),
  actor: z.string().max(200).optional(),
  outcome: z.enum(["ok", "error"]).optional(),
  since: ms.optional(),
  until: ms.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX_ENTRIES).default(AUDIT_PAGE_DEFAULT_ENTRIES),
});
