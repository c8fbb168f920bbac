import { embeddedControl, startBroker, stopBroker, type BrokerRunState } from "../admin";
import { getConsoleContext } from "./context";
import { jsonError } from "./http";
import { mutationRoute } from "./mutations";
import { readOnlyState } from "./read-only";
import { brokerIdSchema, brokerStopBodySchema } from "./reassignment-schemas";
import { clusterRoute, jsonBody } from "./routes";

/**
 * Stop and start brokers of the embedded cluster (the console process hosts it), to watch a
 * failover for real. GET .../brokers/control says whether the cluster has the controls and each
 * broker's state; GET .../brokers/{brokerId}/stop previews what a stop would do; POST stop/start
 * act, audited as "broker.stop" / "broker.start" with the broker's state and the leaders of the
 * partitions it led before and after. Any other cluster answers 409 "not_embedded".
 */
export function brokerControlStateRoute(id: string): Promise<Response> {
  return clusterRoute(id, async (cluster) => {
    const { config } = await getConsoleContext();
    const readOnly = readOnlyState(config, cluster.record);
    try {
      const control = embeddedControl(cluster.record.kind);
      return Response.json({ available: true, reason: null, readOnly, brokers: control.brokerStates() });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return Response.json({ available: false, reason, readOnly, brokers: [] as BrokerRunState[] });
    }
  });
}

export function stopImpactRoute(id: string, brokerIdText: string): Promise<Response> {
  return clusterRoute(id, async (cluster) => {
    const brokerId = brokerIdSchema.parse(brokerIdText);
    const control = embeddedControl(cluster.record.kind);
    const state = control.brokerStates().find((b) => b.id === brokerId);
    return Response.json({ state: state ?? null, impact: control.stopImpact(brokerId) });
  });
}

export function stopBrokerRoute(request: Request, id: string, brokerIdText: string): Promise<Response> {
  return mutationRoute(request, id, async ({ cluster, audited }) => {
    const brokerId = brokerIdSchema.parse(brokerIdText);
    const text = await request.text();
    const { mode = "clean" } = brokerStopBodySchema.parse(text.trim() === "" ? {} : await jsonOf(text));
    const control = embeddedControl(cluster.record.kind);
    control.stopImpact(brokerId); // 404 for an unknown broker before anything is recorded
    if (control.brokerStates().find((b) => b.id === brokerId)?.state === "stopped") {
      return jsonError(409, "already_stopped", `Broker ${brokerId} is already stopped.`);
    }
    const { result } = await audited({
      action: "broker.stop",
      target: `broker:${brokerId}`,
      parameters: { mode },
      run: async () => {
        const result = await stopBroker(control, cluster.client.leaderElections, brokerId, mode);
        return {
          result,
          before: {
            state: "running",
            leaders: result.impact.leadersMoving.map((p) => ({
              topic: p.topic,
              partition: p.partition,
              leader: brokerId,
            })),
          },
          after: {
            state: result.state.state,
            live: result.state.live,
            leaders:
              result.leadersAfter?.map((p) => ({ topic: p.topic, partition: p.partition, leader: p.leader })) ??
              "unknown: no broker answered",
          },
        };
      },
    });
    return Response.json({ result });
  });
}

export function startBrokerRoute(request: Request, id: string, brokerIdText: string): Promise<Response> {
  return mutationRoute(request, id, async ({ cluster, audited }) => {
    const brokerId = brokerIdSchema.parse(brokerIdText);
    const control = embeddedControl(cluster.record.kind);
    const current = control.brokerStates().find((b) => b.id === brokerId);
    if (!current) {
      return jsonError(404, "not_found", `There is no broker ${brokerId} in the embedded cluster.`);
    }
    if (current.state === "running") {
      return jsonError(409, "already_running", `Broker ${brokerId} is already running.`);
    }
    const { result } = await audited({
      action: "broker.start",
      target: `broker:${brokerId}`,
      parameters: {},
      run: async () => {
        const result = await startBroker(control, brokerId);
        return {
          result,
          before: { state: result.before.state, live: result.before.live },
          after: { state: result.state.state, live: result.state.live },
        };
      },
    });
    return Response.json({ result });
  });
}

async function jsonOf(text: string): Promise<unknown> {
  return jsonBody(new Request("http://body", { method: "POST", body: text }));
}
