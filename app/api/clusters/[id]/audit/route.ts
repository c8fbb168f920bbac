import { auditRoute } from "@/lib/console/audit-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/audit?action=&target=&exactTarget=&actor=&outcome=&since=&until=&before=&limit= */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return auditRoute(request, id);
}
