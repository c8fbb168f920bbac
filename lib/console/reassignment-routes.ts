import { type ExecuteResult, type ReassignmentStatus } from "../admin";
import { listAudit, recordAudit } from "../db/audit-log";
import type { RegisteredCluster } from "./clusters";
import { getConsoleContext } from "./context";
import { mutationRoute } from "./mutations";
import { reassignmentActionSchema, type ReassignmentAction } from "./reassignment-schemas";
import { clusterRoute, jsonBody } from "./routes";

/**
 * GET/POST /api/clusters/{id}/reassignments. "generate" is a preview (not audited, allowed when
 * read-only); "execute" and "cancel" change the cluster and go through mutationRoute (read-only
 * and cross-site refusals, audit entry with before/after assignments). The throttle an execute
 * set is removed when a GET sees no reassignment left (kafka-reassign-partitions --verify's rule);
 * which throttles are still applied is read back from the audit log, so a console restart in the
 * middle of a copy still cleans up.
 */
export const THROTTLE_REMOVED_ACTION = "reassignment.throttle.remove";
/** The console's own automatic changes are recorded under this actor. */
export const CONSOLE_ACTOR = "pier (reassignment finished)";
/** How far back the audit log is read for throttles still applied. */
const THROTTLE_HISTORY_ENTRIES = 200;

export function getReassignmentsRoute(id: string): Promise<Response> {
  return clusterRoute(id, async (cluster) => {
    const status = await cluster.client.reassignments.status();
    const throttle = await settleThrottle(cluster, status);
    return Response.json({ ...status, throttle });
  });
}

export async function postReassignmentsRoute(request: Request, id: string): Promise<Response> {
  let action: ReassignmentAction;
  try {
    action = reassignmentActionSchema.parse(await jsonBody(request));
  } catch (error) {
    // Parsed outside clusterRoute so the cluster lookup is not needed to reject a bad body.
    return clusterRoute(id, () => Promise.reject(error));
  }
  if (action.action === "generate") {
    const { action: _action, ...generate } = action;
    return clusterRoute(id, async (cluster) =>
      Response.json({ plan: await cluster.client.reassignments.generate(generate) }),
    );
  }
  return mutationRoute(request, id, async ({ cluster, audited }) => {
    if (action.action === "execute") {
      const { throttleBytesPerSec, partitions } = action;
      const prepared = await cluster.client.reassignments.prepareExecution({
        partitions,
        throttleBytesPerSec: throttleBytesPerSec ?? undefined,
      });
      const { result } = await audited({
        action: "reassignment.execute",
        target: targetOf(
          cluster,
          partitions.map((p) => p.topic),
        ),
        parameters: { partitions, throttleBytesPerSec: throttleBytesPerSec ?? null },
        run: async () => {
          const result = await cluster.client.reassignments.execute(prepared);
          return { result, ...executeRecord(result) };
        },
      });
      return Response.json({ result }, { status: 202 });
    }
    const only = action.partitions;
    const prepared = await cluster.client.reassignments.prepareCancel(only);
    const { result } = await audited({
      action: "reassignment.cancel",
      target: targetOf(cluster, only?.map((p) => p.topic) ?? []),
      parameters: { partitions: only ?? "all" },
      run: async () => {
        const result = await cluster.client.reassignments.cancel(prepared);
        const throttleRemoved = result.stillOngoing === 0 && (await removePendingThrottle(cluster));
        const before = result.partitions.map((p) => ({
          topic: p.topic,
          partition: p.partition,
          replicas: p.replicas,
        }));
        const after = {
          assignments: result.partitions.map((p) => ({
            topic: p.topic,
            partition: p.partition,
            replicas: p.replicasAfter,
          })),
          throttleRemoved,
        };
        return { result: { ...result, throttleRemoved }, before: { reassigning: before }, after };
      },
    });
    return Response.json({ result });
  });
}

function targetOf(cluster: RegisteredCluster, topics: string[]): string {
  const distinct = [...new Set(topics)];
  return distinct.length === 1 ? `topic:${distinct[0]}` : `cluster:${cluster.record.id}`;
}

function executeRecord(result: ExecuteResult): { before: unknown; after: unknown } {
  return {
    before: {
      assignments: result.partitions.map((p) => ({ topic: p.topic, partition: p.partition, replicas: p.current })),
    },
    after: {
      assignments: result.partitions.map((p) => ({
        topic: p.topic,
        partition: p.partition,
        replicas: p.error ? p.current : p.proposed,
        ...(p.error ? { error: p.error } : {}),
      })),
      throttle: result.throttle,
    },
  };
}

/** Removes the throttles earlier executes left (true when there were some). */
async function removePendingThrottle(cluster: RegisteredCluster): Promise<boolean> {
  const pending = await pendingThrottle(cluster.record.id);
  if (!pending) return false;
  await cluster.client.reassignments.removeThrottle(pending.topics, pending.brokers);
  return true;
}

interface PendingThrottle {
  topics: string[];
  brokers: number[];
}

/** One settle at a time per cluster (two pages polling must not remove, and record, it twice). */
const settling = globalThis as unknown as { pierThrottleSettling?: Map<string, Promise<PendingThrottle | null>> };

/**
 * The throttle still applied by earlier executes (null = none); removed, and the removal recorded,
 * when no reassignment is in progress any more.
 */
function settleThrottle(cluster: RegisteredCluster, status: ReassignmentStatus): Promise<PendingThrottle | null> {
  settling.pierThrottleSettling ??= new Map();
  const map = settling.pierThrottleSettling;
  const running = map.get(cluster.record.id);
  if (running) return running;
  const work = (async () => {
    const { db } = await getConsoleContext();
    const pending = await pendingThrottle(cluster.record.id);
    if (!pending || status.ongoing) return pending;
    await cluster.client.reassignments.removeThrottle(pending.topics, pending.brokers);
    await recordAudit(db, {
      actor: CONSOLE_ACTOR,
      clusterId: cluster.record.id,
      action: THROTTLE_REMOVED_ACTION,
      target: `cluster:${cluster.record.id}`,
      parameters: pending,
      before: { throttle: pending },
      after: { throttle: null },
      outcome: "ok",
    });
    return null;
  })().finally(() => map.delete(cluster.record.id));
  map.set(cluster.record.id, work);
  return work;
}

/** Throttles recorded by executes since the last removal (automatic, or by a cancel that removed them). */
async function pendingThrottle(clusterId: string): Promise<PendingThrottle | null> {
  const { db } = await getConsoleContext();
  const { entries } = await listAudit(db, { clusterId, action: "reassignment.", limit: THROTTLE_HISTORY_ENTRIES });
  const topics = new Set<string>();
  const brokers = new Set<number>();
  for (const entry of entries) {
    if (entry.outcome !== "ok") continue;
    const after = entry.after as { throttle?: PendingThrottle | null; throttleRemoved?: boolean } | undefined;
    if (entry.action === THROTTLE_REMOVED_ACTION) break;
    if (entry.action === "reassignment.cancel" && after?.throttleRemoved) break;
    if (entry.action === "reassignment.execute" && after?.throttle) {
      after.throttle.topics.forEach((t) => topics.add(t));
      after.throttle.brokers.forEach((b) => brokers.add(b));
    }
  }
  return topics.size + brokers.size === 0 ? null : { topics: [...topics], brokers: [...brokers] };
}
