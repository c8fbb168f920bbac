import { clusterRoute } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/brokers: every broker with partitions, leaders, skew and disk usage. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return clusterRoute(id, async ({ client }) => Response.json(await client.brokers()));
}
