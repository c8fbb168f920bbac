import { getConsoleContext } from "@/lib/console/context";
import { handle } from "@/lib/console/http";
import { listClusters } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters: every registered cluster. */
export async function GET() {
  return handle(async () => {
    const { db } = await getConsoleContext();
    const clusters = await listClusters(db);
    return Response.json({ clusters });
  });
}
