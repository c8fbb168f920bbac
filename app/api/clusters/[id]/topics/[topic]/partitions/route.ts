import { addPartitionsRoute } from "@/lib/console/topic-actions-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/clusters/{id}/topics/{topic}/partitions with {"count": N}: grows the topic to N partitions. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return addPartitionsRoute(request, id, topic);
}
