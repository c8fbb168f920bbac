import { groupIdSchema } from "@/lib/console/api-schemas";
import { clusterRoute } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/consumer-groups/{group}: members, assignments, offsets, lag and time lag. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; group: string }> }) {
  const { id, group } = await params;
  return clusterRoute(id, async ({ client }) => Response.json(await client.consumerGroup(groupIdSchema.parse(group))));
}
