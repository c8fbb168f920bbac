import { getReassignmentsRoute, postReassignmentsRoute } from "@/lib/console/reassignment-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string }> };

/** GET /api/clusters/{id}/reassignments: ongoing reassignments with progress, rate and ETA. */
export async function GET(_request: Request, { params }: Params) {
  const { id } = await params;
  return getReassignmentsRoute(id);
}

/** POST /api/clusters/{id}/reassignments: {action: "generate" | "execute" | "cancel", ...}. */
export async function POST(request: Request, { params }: Params) {
  const { id } = await params;
  return postReassignmentsRoute(request, id);
}
