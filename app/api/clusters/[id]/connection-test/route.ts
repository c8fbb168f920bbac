import { clusterRoute } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/clusters/{id}/connection-test: opens fresh connections and reports what answered. */
export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return clusterRoute(id, async ({ client }) => Response.json({ result: await client.testConnection() }));
}
