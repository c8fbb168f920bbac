import { purgeRoute } from "@/lib/console/topic-actions-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/clusters/{id}/topics/{topic}/purge: deletes records before an offset, a timestamp or the end (DeleteRecords). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return purgeRoute(request, id, topic);
}
