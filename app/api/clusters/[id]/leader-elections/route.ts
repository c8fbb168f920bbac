import { postElectionRoute, previewElectionRoute } from "@/lib/console/election-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string }> };

/** GET /api/clusters/{id}/leader-elections?topic=|partitions=: which leaders a preferred election would change. */
export async function GET(request: Request, { params }: Params) {
  const { id } = await params;
  return previewElectionRoute(request, id);
}

/** POST /api/clusters/{id}/leader-elections: run a preferred leader election. */
export async function POST(request: Request, { params }: Params) {
  const { id } = await params;
  return postElectionRoute(request, id);
}
