import { topicNameSchema } from "@/lib/console/api-schemas";
import { historyRequest } from "@/lib/console/history-routes";
import { clusterRoute } from "@/lib/console/routes";
import { topicThroughputHistory } from "@/lib/history/history-views";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/topics/{topic}/throughput-history?from=&to=&step=: produce and per-group consume rates. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return clusterRoute(id, async () => {
    const { db, window } = await historyRequest(request);
    return Response.json(await topicThroughputHistory(db, id, topicNameSchema.parse(topic), window));
  });
}
