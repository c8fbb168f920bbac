import { brokerControlStateRoute } from "@/lib/console/broker-control-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/brokers/control: whether brokers can be stopped/started here, and their states. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return brokerControlStateRoute(id);
}
