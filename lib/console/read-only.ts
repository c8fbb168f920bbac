import type { PierConfig } from "../config/env";
import { recordAudit } from "../db/audit-log";
import { getCluster, setClusterReadOnly, type ClusterRecord } from "../db/clusters";
import { clusterSettingsPatchSchema } from "./api-schemas";
import { getConsoleContext } from "./context";
import { handle, notFound } from "./http";
import { actorOf } from "./mutations";
import { jsonBody, readOnlyRefusal } from "./routes";
import { crossOriginRefusal } from "./same-origin";

/**
 * Read-only mode as the pages show it. PIER_READ_ONLY=1 turns every change off for every cluster
 * (and cannot be undone from the console); a cluster's own flag turns its changes off and is
 * switched on its settings page. The API refuses the same calls (lib/console/mutations.ts).
 */
export interface ReadOnlyState {
  readOnly: boolean;
  /** "environment": PIER_READ_ONLY=1; "cluster": this cluster's flag. */
  source: "environment" | "cluster" | null;
  /** Why, in words, for banners and disabled buttons. */
  reason: string | null;
}

export function readOnlyState(
  config: Pick<PierConfig, "readOnly">,
  record: Pick<ClusterRecord, "readOnly" | "name">,
): ReadOnlyState {
  if (config.readOnly) {
    return {
      readOnly: true,
      source: "environment",
      reason: "The console runs with PIER_READ_ONLY=1: every change is turned off.",
    };
  }
  if (record.readOnly) {
    return {
      readOnly: true,
      source: "cluster",
      reason: `Cluster "${record.name}" is marked read-only: changes are turned off (its settings page turns them on).`,
    };
  }
  return { readOnly: false, source: null, reason: null };
}

/**
 * PATCH /api/clusters/{id} {"readOnly": bool}: sets a cluster's flag, recorded in the audit log
 * ("cluster.read_only.set"). Refused under PIER_READ_ONLY=1 and from other sites; allowed while
 * the cluster itself is read-only, or the flag could never be turned off again.
 */
export function patchClusterSettingsRoute(request: Request, id: string): Promise<Response> {
  return handle(async () => {
    const refusal = (await readOnlyRefusal()) ?? crossOriginRefusal(request);
    if (refusal) return refusal;
    const input = clusterSettingsPatchSchema.parse(await jsonBody(request));
    const { db } = await getConsoleContext();
    const before = await getCluster(db, id);
    if (!before) return notFound(`There is no registered cluster "${id}".`);
    const cluster = await setClusterReadOnly(db, id, input.readOnly);
    await recordAudit(db, {
      actor: actorOf(request),
      clusterId: id,
      action: "cluster.read_only.set",
      target: `cluster:${id}`,
      parameters: input,
      before: { readOnly: before.readOnly },
      after: { readOnly: cluster.readOnly },
      outcome: "ok",
    });
    return Response.json({ cluster });
  });
}
