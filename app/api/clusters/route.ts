import { getConsoleContext } from "@/lib/console/context";
import { handle } from "@/lib/console/http";
import { clusterInputSchema } from "@/lib/console/api-schemas";
import { jsonBody, readOnlyRefusal } from "@/lib/console/routes";
import { crossOriginRefusal } from "@/lib/console/same-origin";
import { createCluster, listClusters } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters: every registered cluster (SASL passwords are never included). */
export async function GET() {
  return handle(async () => {
    const { db } = await getConsoleContext();
    const clusters = await listClusters(db);
    return Response.json({ clusters });
  });
}

/** POST /api/clusters: registers an external cluster; 409 when the name is taken. */
export async function POST(request: Request) {
  return handle(async () => {
    const refusal = (await readOnlyRefusal()) ?? crossOriginRefusal(request);
    if (refusal) return refusal;
    const input = clusterInputSchema.parse(await jsonBody(request));
    const { db } = await getConsoleContext();
    const cluster = await createCluster(db, input);
    return Response.json({ cluster }, { status: 201 });
  });
}
