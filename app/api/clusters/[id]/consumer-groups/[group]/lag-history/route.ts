import { groupIdSchema } from "@/lib/console/api-schemas";
import { historyRequest } from "@/lib/console/history-routes";
import { clusterRoute } from "@/lib/console/routes";
import { groupLagHistory } from "@/lib/history/history-views";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/clusters/{id}/consumer-groups/{group}/lag-history?from=&to=&step=: the group's lag, time
 * lag and rates over time (total, per topic, per partition for the last 6 h), the catch-up estimate
 * and the trend. Empty series (not a 404) for a group the sampler has not seen yet.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; group: string }> }) {
  const { id, group } = await params;
  return clusterRoute(id, async () => {
    const { db, window } = await historyRequest(request);
    return Response.json(await groupLagHistory(db, id, groupIdSchema.parse(group), window));
  });
}
