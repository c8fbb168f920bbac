import { groupQuerySchema, searchParamsOf } from "@/lib/console/api-schemas";
import { clusterRoute } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/consumer-groups?q=&state=&sort=&order=&page=&pageSize=: one page of groups with lag. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return clusterRoute(id, async ({ client }) => {
    const query = groupQuerySchema.parse(searchParamsOf(request));
    return Response.json(await client.consumerGroups(query));
  });
}
