import { GroupActionError, type CommittedOffsetEntry, type OffsetPlan } from "../admin";
import { listAudit, type AuditEntry } from "../db/audit-log";
import type { Db } from "../db/client";
import type { RegisteredCluster } from "./clusters";
import { getConsoleContext } from "./context";
import { groupIdSchema, searchParamsOf } from "./api-schemas";
import {
  committedOffsetsSchema,
  deleteGroupBodySchema,
  deleteOffsetsQuerySchema,
  resetBodySchema,
  resetRequestOf,
  restoreBodySchema,
} from "./group-actions-schemas";
import { handle } from "./http";
import { mutationRoute, type MutationScope } from "./mutations";
import { BodyError, clusterRoute, jsonBody } from "./routes";

/**
 * The consumer-group actions behind the REST API (app/api/clusters/[id]/consumer-groups/[group]/**):
 * input checked, the group read and the plan made before anything is recorded (a 4xx changes
 * nothing and writes no audit entry), then the change run through mutationRoute's `audited`.
 * Dry runs are reads: they are not audited and work in read-only mode too.
 *
 * Audit entries: action "group.offsets.reset" | "group.offsets.restore" | "group.delete" |
 * "group.offsets.delete", target "group:<id>", `before`/`after` = CommittedOffsetEntry[] (offset
 * null = no commit). The restore point of a group is the `before` of its latest applied reset or
 * restore, so a restore can itself be undone the same way.
 */
export const RESTORE_POINT_ACTIONS: readonly string[] = ["group.offsets.reset", "group.offsets.restore"];
/** How far back (entries of the group's offset actions) the restore point is looked for. */
export const RESTORE_POINT_SCAN_ENTRIES = 1_000;
const AUDIT_PAGE_ENTRIES = 200;

export interface RestorePoint {
  auditId: number;
  atMs: number;
  actor: string;
  action: string;
  offsets: CommittedOffsetEntry[];
}

export function groupTarget(groupId: string): string {
  return `group:${groupId}`;
}

/** POST .../offsets: a dry run (plan) or an applied, audited reset. */
export function resetOffsets(request: Request, clusterId: string, group: string): Promise<Response> {
  return handle(async () => {
    const groupId = groupIdSchema.parse(group);
    return resetWith(request, clusterId, groupId, await jsonBody(request));
  });
}

function resetWith(request: Request, clusterId: string, groupId: string, body: unknown): Promise<Response> {
  const input = resetBodySchema.safeParse(body);
  if (input.success && input.data.dryRun) {
    return clusterRoute(clusterId, async (cluster) => {
      const plan = await cluster.client.groupActions.planReset(groupId, resetRequestOf(input.data));
      return Response.json({ dryRun: true, plan });
    });
  }
  return mutationRoute(request, clusterId, async (scope) => {
    const parsed = resetBodySchema.parse(body);
    const resetRequest = resetRequestOf(parsed);
    const plan = await scope.cluster.client.groupActions.planReset(groupId, resetRequest);
    return applyAudited(scope, "group.offsets.reset", groupId, resetRequest, plan);
  });
}

/** GET .../offsets/restore: the group's restore point, or null. */
export function getRestorePoint(clusterId: string, group: string): Promise<Response> {
  return clusterRoute(clusterId, async (cluster) => {
    const groupId = groupIdSchema.parse(group);
    const { db } = await getConsoleContext();
    return Response.json({ restorePoint: await findRestorePoint(db, cluster.record.id, groupId) });
  });
}

/** POST .../offsets/restore `{ dryRun }`: dry run or apply the restore point (an empty body applies it). */
export function restoreOffsets(request: Request, clusterId: string, group: string): Promise<Response> {
  return handle(async () => {
    const groupId = groupIdSchema.parse(group);
    return restoreWith(request, clusterId, groupId, await optionalJsonBody(request));
  });
}

function restoreWith(request: Request, clusterId: string, groupId: string, body: unknown): Promise<Response> {
  const input = restoreBodySchema.safeParse(body);
  if (input.success && input.data.dryRun) {
    return clusterRoute(clusterId, async (cluster) => {
      const { point, plan } = await restorePlan(cluster, groupId);
      return Response.json({ dryRun: true, restorePoint: point, plan });
    });
  }
  return mutationRoute(request, clusterId, async (scope) => {
    restoreBodySchema.parse(body);
    const { point, plan } = await restorePlan(scope.cluster, groupId);
    return applyAudited(scope, "group.offsets.restore", groupId, { restorePointAuditId: point.auditId }, plan);
  });
}

/** DELETE .../consumer-groups/{group} `{ confirm: "<group id>" }`. */
export function deleteGroup(request: Request, clusterId: string, group: string): Promise<Response> {
  return mutationRoute(request, clusterId, async (scope) => {
    const groupId = groupIdSchema.parse(group);
    const { confirm } = deleteGroupBodySchema.parse(await jsonBody(request));
    if (confirm !== groupId) {
      throw new GroupActionError(
        "confirmation_required",
        `To delete the group, send { "confirm": ${JSON.stringify(groupId)} }: the confirmation must be the group id exactly.`,
      );
    }
    const actions = scope.cluster.client.groupActions;
    const { committed } = await actions.prepareGroupDeletion(groupId);
    const { entry } = await scope.audited({
      action: "group.delete",
      target: groupTarget(groupId),
      parameters: { groupId },
      run: async () => {
        await actions.deleteGroup(groupId);
        return { result: null, before: committed, after: [] };
      },
    });
    return Response.json({ deleted: groupId, offsets: committed, auditId: entry.id });
  });
}

/** DELETE .../offsets?topic=T: the group's committed offsets of one topic. */
export function deleteTopicOffsets(request: Request, clusterId: string, group: string): Promise<Response> {
  return mutationRoute(request, clusterId, async (scope) => {
    const groupId = groupIdSchema.parse(group);
    const { topic } = deleteOffsetsQuerySchema.parse(searchParamsOf(request));
    const actions = scope.cluster.client.groupActions;
    const entries = await actions.prepareOffsetDeletion(groupId, topic);
    const { entry } = await scope.audited({
      action: "group.offsets.delete",
      target: groupTarget(groupId),
      parameters: { topic },
      run: async () => {
        await actions.deleteOffsets(groupId, entries);
        return {
          result: null,
          before: entries,
          after: entries.map((e) => ({ topic: e.topic, partition: e.partition, offset: null })),
        };
      },
    });
    return Response.json({ topic, deleted: entries, auditId: entry.id });
  });
}

/** The latest applied reset or restore of `groupId` in the audit log, with the offsets it replaced. */
export async function findRestorePoint(db: Db, clusterId: string, groupId: string): Promise<RestorePoint | null> {
  const target = groupTarget(groupId);
  let beforeId: number | undefined;
  for (let scanned = 0; scanned < RESTORE_POINT_SCAN_ENTRIES; scanned += AUDIT_PAGE_ENTRIES) {
    const page = await listAudit(db, {
      clusterId,
      action: "group.offsets.",
      exactTarget: target,
      outcome: "ok",
      beforeId,
      limit: AUDIT_PAGE_ENTRIES,
    });
    const found = page.entries.find((e) => RESTORE_POINT_ACTIONS.includes(e.action));
    if (found) return restorePointOf(found);
    if (page.nextBeforeId === null) return null;
    beforeId = page.nextBeforeId;
  }
  return null;
}

function restorePointOf(entry: AuditEntry): RestorePoint | null {
  const offsets = committedOffsetsSchema.safeParse(entry.before);
  if (!offsets.success) return null;
  return { auditId: entry.id, atMs: entry.atMs, actor: entry.actor, action: entry.action, offsets: offsets.data };
}

async function restorePlan(cluster: RegisteredCluster, groupId: string) {
  const { db } = await getConsoleContext();
  const point = await findRestorePoint(db, cluster.record.id, groupId);
  if (!point) {
    throw new GroupActionError(
      "no_restore_point",
      `The group "${groupId}" has no restore point: no offset reset of it was applied from this console.`,
    );
  }
  return { point, plan: await cluster.client.groupActions.planRestore(groupId, point.offsets) };
}

async function applyAudited(
  scope: MutationScope,
  action: string,
  groupId: string,
  parameters: unknown,
  plan: OffsetPlan,
): Promise<Response> {
  // Refused before anything is recorded: Pier's own check, nothing was asked of the cluster.
  if (plan.blocked) throw new GroupActionError("group_active", plan.blocked);
  const { result, entry } = await scope.audited({
    action,
    target: groupTarget(groupId),
    parameters,
    run: async () => {
      const applied = await scope.cluster.client.groupActions.apply(plan);
      return { result: applied.plan, before: applied.before, after: applied.after };
    },
  });
  return Response.json({ dryRun: false, plan: result, auditId: entry.id });
}

/** The JSON body, `{}` when there is none. */
async function optionalJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError("The request body is not valid JSON.");
  }
}
