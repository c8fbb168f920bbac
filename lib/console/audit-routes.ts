import { listAudit } from "../db/audit-log";
import { searchParamsOf } from "./api-schemas";
import { auditQuerySchema } from "./audit-schemas";
import { getConsoleContext } from "./context";
import { handle } from "./http";

/**
 * GET /api/clusters/{id}/audit: the cluster's audit entries, newest first. The log outlives the
 * cluster's registration (it is the record of what was done), so an id that is no longer
 * registered still answers its entries.
 */
export function auditRoute(request: Request, clusterId: string): Promise<Response> {
  return handle(async () => {
    const q = auditQuerySchema.parse(searchParamsOf(request));
    const { db } = await getConsoleContext();
    const page = await listAudit(db, {
      clusterId,
      action: q.action,
      target: q.target,
      exactTarget: q.exactTarget,
      actor: q.actor,
      outcome: q.outcome,
      sinceMs: q.since,
      untilMs: q.until,
      beforeId: q.before,
      limit: q.limit,
    });
    return Response.json(page);
  });
}
