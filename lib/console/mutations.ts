import { recordAudit, type AuditEntry } from "../db/audit-log";
import type { RegisteredCluster } from "./clusters";
import { getConsoleContext } from "./context";
import { jsonError } from "./http";
import { clusterRoute } from "./routes";
import { crossOriginRefusal } from "./same-origin";

/**
 * The one way a route handler changes a cluster: refuse when the console or the cluster is
 * read-only (403) or the request is cross-site (403, CSRF), then run the change and record it in
 * the audit log — applied or refused by the cluster — before answering.
 */
export interface AuditedChange<T> {
  /** Dotted verb, e.g. "topic.create". */
  action: string;
  /** "topic:<name>", "group:<id>", "broker:<id>", ... */
  target: string;
  parameters: unknown;
  /** Does the change; `before`/`after` are stored with the entry (e.g. previous offsets, old configs). */
  run(): Promise<{ result: T; before?: unknown; after?: unknown }>;
}

export interface MutationScope {
  cluster: RegisteredCluster;
  actor: string;
  /** Runs `change`, records it (outcome "ok" or "error" with the message), and returns its result or rethrows. */
  audited<T>(change: AuditedChange<T>): Promise<{ result: T; entry: AuditEntry }>;
}

export function mutationRoute(
  request: Request,
  clusterId: string,
  fn: (scope: MutationScope) => Promise<Response>,
): Promise<Response> {
  return clusterRoute(clusterId, async (cluster) => {
    const refusal = (await readOnlyRefusalFor(cluster)) ?? crossOriginRefusal(request);
    if (refusal) return refusal;
    const actor = actorOf(request);
    return fn({ cluster, actor, audited: (change) => runAudited(cluster.record.id, actor, change) });
  });
}

/** 403 when PIER_READ_ONLY=1 or the cluster is marked read-only, else undefined. */
export async function readOnlyRefusalFor(cluster: RegisteredCluster): Promise<Response | undefined> {
  const { config } = await getConsoleContext();
  if (config.readOnly) {
    return jsonError(403, "read_only", "The console runs with PIER_READ_ONLY=1: changes are turned off.");
  }
  if (cluster.record.readOnly) {
    return jsonError(
      403,
      "read_only",
      `Cluster "${cluster.record.name}" is marked read-only: changes are turned off (its settings page turns them on).`,
    );
  }
  return undefined;
}

/**
 * Who made the request. Pier has no login of its own; behind an authenticating proxy the proxy's
 * user header names the person, otherwise the entry says "anonymous" with the client address.
 */
export function actorOf(request: Request): string {
  const user = request.headers.get("x-forwarded-user") ?? request.headers.get("x-forwarded-email");
  if (user) return user.slice(0, 200);
  const address = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return address ? `anonymous (${address.slice(0, 100)})` : "anonymous";
}

async function runAudited<T>(
  clusterId: string,
  actor: string,
  change: AuditedChange<T>,
): Promise<{ result: T; entry: AuditEntry }> {
  const { db } = await getConsoleContext();
  const base = { actor, clusterId, action: change.action, target: change.target, parameters: change.parameters };
  let outcome: Awaited<ReturnType<AuditedChange<T>["run"]>>;
  try {
    outcome = await change.run();
  } catch (error) {
    await recordAudit(db, { ...base, outcome: "error", error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  const entry = await recordAudit(db, { ...base, before: outcome.before, after: outcome.after, outcome: "ok" });
  return { result: outcome.result, entry };
}
