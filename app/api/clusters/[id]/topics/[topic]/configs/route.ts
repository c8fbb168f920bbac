import { topicNameSchema } from "@/lib/console/api-schemas";
import { clusterRoute } from "@/lib/console/routes";
import { alterConfigsRoute } from "@/lib/console/topic-actions-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/topics/{topic}/configs: every config with value, default and source. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return clusterRoute(id, async ({ client }) =>
    Response.json({ configs: await client.topicConfigs(topicNameSchema.parse(topic)) }),
  );
}

/** PATCH /api/clusters/{id}/topics/{topic}/configs: sets and resets overrides (IncrementalAlterConfigs). */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return alterConfigsRoute(request, id, topic);
}
