import { releaseClusterClient } from "@/lib/admin";
import { clusterInputSchema } from "@/lib/console/api-schemas";
import { getConsoleContext } from "@/lib/console/context";
import { handle, jsonError, notFound } from "@/lib/console/http";
import { patchClusterSettingsRoute } from "@/lib/console/read-only";
import { jsonBody, readOnlyRefusal } from "@/lib/console/routes";
import { crossOriginRefusal } from "@/lib/console/same-origin";
import { deleteCluster, getCluster, updateCluster, type ClusterRecord } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ id: string }> };

/** The cluster if it may be changed from the console, else the refusal to send. */
async function editable(request: Request, id: string): Promise<ClusterRecord | Response> {
  const refusal = (await readOnlyRefusal()) ?? crossOriginRefusal(request);
  if (refusal) return refusal;
  const { db } = await getConsoleContext();
  const cluster = await getCluster(db, id);
  if (!cluster) return notFound(`There is no registered cluster "${id}".`);
  if (cluster.managedBy !== "ui") {
    const where = cluster.kind === "embedded" ? "PIER_EMBEDDED" : "PIER_CLUSTERS";
    return jsonError(409, "managed_by_config", `The cluster "${id}" comes from ${where}; change it there.`);
  }
  return cluster;
}

/** GET /api/clusters/{id}: one registered cluster. */
export async function GET(_request: Request, { params }: Context) {
  return handle(async () => {
    const { id } = await params;
    const { db } = await getConsoleContext();
    const cluster = await getCluster(db, id);
    return cluster ? Response.json({ cluster }) : notFound(`There is no registered cluster "${id}".`);
  });
}

/** PUT /api/clusters/{id}: edits a console-registered cluster; an omitted saslPassword keeps the stored one. */
export async function PUT(request: Request, { params }: Context) {
  return handle(async () => {
    const { id } = await params;
    const found = await editable(request, id);
    if (found instanceof Response) return found;
    const input = clusterInputSchema.parse(await jsonBody(request));
    const { db } = await getConsoleContext();
    const cluster = await updateCluster(db, id, input);
    await releaseClusterClient(id);
    return Response.json({ cluster });
  });
}

/** DELETE /api/clusters/{id}: removes a console-registered cluster. */
export async function DELETE(request: Request, { params }: Context) {
  return handle(async () => {
    const { id } = await params;
    const found = await editable(request, id);
    if (found instanceof Response) return found;
    const { db } = await getConsoleContext();
    await deleteCluster(db, id);
    await releaseClusterClient(id);
    return new Response(null, { status: 204 });
  });
}

/** PATCH /api/clusters/{id} {"readOnly": bool}: the console's own settings of any registered cluster. */
export async function PATCH(request: Request, { params }: Context) {
  const { id } = await params;
  return patchClusterSettingsRoute(request, id);
}
