import { clusterRoute } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/overview: health figures and problems, from the cached snapshot. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return clusterRoute(id, async ({ client }) => Response.json(await client.overview()));
}
