import { historyRequest } from "@/lib/console/history-routes";
import { clusterRoute } from "@/lib/console/routes";
import { brokerLeaderHistory } from "@/lib/history/history-views";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/brokers/leader-history?from=&to=&step=: partition leaders per broker over time. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return clusterRoute(id, async () => {
    const { db, window } = await historyRequest(request);
    return Response.json(await brokerLeaderHistory(db, id, window));
  });
}
