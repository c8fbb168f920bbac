import type { Db } from "./client";

/**
 * The audit log: one entry per change made through the console, whether the cluster applied it or
 * refused it. Dry runs and validate-only previews change nothing and are not recorded. Entries are
 * kept when their cluster is unregistered: the log is the record of what was done.
 */
export type AuditOutcome = "ok" | "error";

export interface AuditEntryInput {
  actor: string;
  clusterId: string;
  /** Dotted verb: "topic.create", "topic.delete", "group.offsets.reset", "broker.stop", ... */
  action: string;
  /** "topic:<name>", "group:<id>", "broker:<id>", "cluster:<id>", ... */
  target: string;
  parameters: unknown;
  before?: unknown;
  after?: unknown;
  outcome: AuditOutcome;
  /** The error shown to the user when outcome is "error". */
  error?: string | null;
  /** Defaults to now. */
  atMs?: number;
}

export interface AuditEntry extends Omit<AuditEntryInput, "atMs" | "error"> {
  id: number;
  atMs: number;
  error: string | null;
}

export interface AuditQuery {
  clusterId: string;
  /** Exact action, or a prefix ending in "." ("topic." = every topic action). */
  action?: string;
  /** Substring of the target. */
  target?: string;
  /** Exactly this target (e.g. "topic:orders", not "topic:orders-eu"); wins over `target`. */
  exactTarget?: string;
  actor?: string;
  outcome?: AuditOutcome;
  sinceMs?: number;
  untilMs?: number;
  /** Entries with id below this (paging backwards from the newest). */
  beforeId?: number;
  limit: number;
}

/** Most entries one query returns. */
export const AUDIT_PAGE_MAX_ENTRIES = 500;

export async function recordAudit(db: Db, entry: AuditEntryInput): Promise<AuditEntry> {
  const row = await db.auditEntry.create({
    data: {
      atMs: BigInt(entry.atMs ?? Date.now()),
      actor: entry.actor,
      clusterId: entry.clusterId,
      action: entry.action,
      target: entry.target,
      parameters: JSON.stringify(entry.parameters ?? null, jsonSafe),
      before: entry.before === undefined ? null : JSON.stringify(entry.before, jsonSafe),
      after: entry.after === undefined ? null : JSON.stringify(entry.after, jsonSafe),
      outcome: entry.outcome,
      error: entry.error ?? null,
    },
  });
  return toEntry(row);
}

/** Newest first; `nextBeforeId` pages on (null at the end). */
export async function listAudit(
  db: Db,
  query: AuditQuery,
): Promise<{ entries: AuditEntry[]; nextBeforeId: number | null }> {
  const limit = Math.min(Math.max(query.limit, 1), AUDIT_PAGE_MAX_ENTRIES);
  const action = query.action?.endsWith(".") ? { startsWith: query.action } : query.action;
  const rows = await db.auditEntry.findMany({
    where: {
      clusterId: query.clusterId,
      ...(action !== undefined ? { action } : {}),
      ...(query.exactTarget
        ? { target: query.exactTarget }
        : query.target
          ? { target: { contains: query.target } }
          : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.beforeId !== undefined ? { id: { lt: query.beforeId } } : {}),
      atMs: {
        ...(query.sinceMs !== undefined ? { gte: BigInt(query.sinceMs) } : {}),
        ...(query.untilMs !== undefined ? { lte: BigInt(query.untilMs) } : {}),
      },
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const entries = rows.slice(0, limit).map(toEntry);
  return { entries, nextBeforeId: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}

interface AuditRow {
  id: number;
  atMs: bigint;
  actor: string;
  clusterId: string;
  action: string;
  target: string;
  parameters: string;
  before: string | null;
  after: string | null;
  outcome: string;
  error: string | null;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    atMs: Number(row.atMs),
    actor: row.actor,
    clusterId: row.clusterId,
    action: row.action,
    target: row.target,
    parameters: JSON.parse(row.parameters) as unknown,
    before: row.before === null ? undefined : (JSON.parse(row.before) as unknown),
    after: row.after === null ? undefined : (JSON.parse(row.after) as unknown),
    outcome: row.outcome === "ok" ? "ok" : "error",
    error: row.error,
  };
}

/** bigint (offsets) as decimal strings: JSON has no 64-bit integers. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
