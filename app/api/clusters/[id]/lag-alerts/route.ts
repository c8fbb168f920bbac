import { getConsoleContext } from "@/lib/console/context";
import { LAG_ALERT_FRESH_INTERVALS } from "@/lib/console/history-schemas";
import { clusterRoute } from "@/lib/console/routes";
import { lagAlertStatuses } from "@/lib/db/lag-alerts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/lag-alerts: every alert with the group's latest sampled lag and whether it is over. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return clusterRoute(id, async () => {
    const { db, config } = await getConsoleContext();
    const fresh = LAG_ALERT_FRESH_INTERVALS * config.sampleIntervalMs;
    return Response.json({ alerts: await lagAlertStatuses(db, id, Date.now(), fresh) });
  });
}
