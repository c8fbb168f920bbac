import { startBrokerRoute } from "@/lib/console/broker-control-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string; brokerId: string }> };

/** POST /api/clusters/{id}/brokers/{brokerId}/start: start a stopped embedded broker again. */
export async function POST(request: Request, { params }: Params) {
  const { id, brokerId } = await params;
  return startBrokerRoute(request, id, brokerId);
}
