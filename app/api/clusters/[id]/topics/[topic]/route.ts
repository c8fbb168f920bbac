import { topicNameSchema } from "@/lib/console/api-schemas";
import { clusterRoute } from "@/lib/console/routes";
import { deleteTopicRoute } from "@/lib/console/topic-actions-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/topics/{topic}: summary, partitions and the groups reading it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return clusterRoute(id, async ({ client }) => Response.json(await client.topic(topicNameSchema.parse(topic))));
}

/** DELETE /api/clusters/{id}/topics/{topic} with {"confirm": "<topic>"}: deletes the topic. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return deleteTopicRoute(request, id, topic);
}
