import { groupIdSchema } from "@/lib/console/api-schemas";
import { getConsoleContext } from "@/lib/console/context";
import { lagAlertBodySchema } from "@/lib/console/history-schemas";
import { notFound } from "@/lib/console/http";
import { clusterRoute, jsonBody, readOnlyRefusal } from "@/lib/console/routes";
import { crossOriginRefusal } from "@/lib/console/same-origin";
import { deleteLagAlert, getLagAlert, setLagAlert } from "@/lib/db/lag-alerts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string; group: string }> };

/** GET /api/clusters/{id}/consumer-groups/{group}/lag-alert: the group's thresholds, `{ alert: null }` when none. */
export async function GET(_request: Request, { params }: Params) {
  const { id, group } = await params;
  return clusterRoute(id, async () => {
    const { db } = await getConsoleContext();
    return Response.json({ alert: (await getLagAlert(db, id, groupIdSchema.parse(group))) ?? null });
  });
}

/** PUT .../lag-alert `{ maxLag?, maxTimeLagMs? }`: sets the thresholds (null or absent = not checked). */
export async function PUT(request: Request, { params }: Params) {
  const { id, group } = await params;
  return clusterRoute(id, async () => {
    const refusal = (await readOnlyRefusal()) ?? crossOriginRefusal(request);
    if (refusal) return refusal;
    const { db } = await getConsoleContext();
    const body = lagAlertBodySchema.parse(await jsonBody(request));
    return Response.json({ alert: await setLagAlert(db, id, groupIdSchema.parse(group), body) });
  });
}

/** DELETE .../lag-alert: removes the alert (404 when there is none). */
export async function DELETE(request: Request, { params }: Params) {
  const { id, group } = await params;
  return clusterRoute(id, async () => {
    const refusal = (await readOnlyRefusal()) ?? crossOriginRefusal(request);
    if (refusal) return refusal;
    const { db } = await getConsoleContext();
    if (!(await deleteLagAlert(db, id, groupIdSchema.parse(group)))) {
      return notFound(`The group "${group}" has no lag alert.`);
    }
    return new Response(null, { status: 204 });
  });
}
