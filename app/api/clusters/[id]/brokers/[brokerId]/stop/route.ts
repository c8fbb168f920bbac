import { stopBrokerRoute, stopImpactRoute } from "@/lib/console/broker-control-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string; brokerId: string }> };

/** GET /api/clusters/{id}/brokers/{brokerId}/stop: what stopping the broker would do (embedded cluster only). */
export async function GET(_request: Request, { params }: Params) {
  const { id, brokerId } = await params;
  return stopImpactRoute(id, brokerId);
}

/** POST /api/clusters/{id}/brokers/{brokerId}/stop {mode?: "clean" | "crash"}: stop an embedded broker. */
export async function POST(request: Request, { params }: Params) {
  const { id, brokerId } = await params;
  return stopBrokerRoute(request, id, brokerId);
}
