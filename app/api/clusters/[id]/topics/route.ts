import { searchParamsOf, topicQuerySchema } from "@/lib/console/api-schemas";
import { clusterRoute } from "@/lib/console/routes";
import { createTopicRoute } from "@/lib/console/topic-actions-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/topics?q=&sort=&order=&page=&pageSize=&internal=: one page of topics. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return clusterRoute(id, async ({ client }) => {
    const query = topicQuerySchema.parse(searchParamsOf(request));
    return Response.json(await client.topics(query));
  });
}

/** POST /api/clusters/{id}/topics: creates a topic ({"validateOnly": true} checks it and creates nothing). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return createTopicRoute(request, id);
}
