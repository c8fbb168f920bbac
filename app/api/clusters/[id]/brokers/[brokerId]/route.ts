import { brokerIdSchema } from "@/lib/console/api-schemas";
import { clusterRoute } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/brokers/{brokerId}: one broker, its log dirs and its configs. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; brokerId: string }> }) {
  const { id, brokerId } = await params;
  return clusterRoute(id, async ({ client }) => Response.json(await client.broker(brokerIdSchema.parse(brokerId))));
}
