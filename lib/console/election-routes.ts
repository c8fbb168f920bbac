import type { ElectionOutcome, ElectionScope } from "../admin";
import { mutationRoute } from "./mutations";
import { electionBodySchema, electionQuerySchema } from "./reassignment-schemas";
import { clusterRoute, jsonBody } from "./routes";

/**
 * GET /api/clusters/{id}/leader-elections?topic=|partitions= previews a preferred leader election
 * (the partitions whose leader would change, and whether their preferred replica is in sync);
 * POST runs it for every partition, one topic or chosen partitions, audited as
 * "leader-election.preferred" with the leaders before and after.
 */
export function previewElectionRoute(request: Request, id: string): Promise<Response> {
  return clusterRoute(id, async (cluster) => {
    const query = electionQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json({ preview: await cluster.client.leaderElections.preview(query) });
  });
}

export async function postElectionRoute(request: Request, id: string): Promise<Response> {
  return mutationRoute(request, id, async ({ cluster, audited }) => {
    const { type: _type, ...scope } = electionBodySchema.parse(await jsonBody(request));
    const prepared = await cluster.client.leaderElections.prepare(scope);
    const { result } = await audited({
      action: "leader-election.preferred",
      target: scope.topic !== undefined ? `topic:${scope.topic}` : `cluster:${cluster.record.id}`,
      parameters: describeScope(scope),
      run: async () => {
        const result = await cluster.client.leaderElections.elect(prepared);
        return {
          result,
          before: { leaders: leaders(result, "before") },
          after: { leaders: leaders(result, "after") },
        };
      },
    });
    return Response.json({
      results: result,
      elected: result.filter((r) => r.result === "elected").length,
      failed: result.filter((r) => r.result === "failed").length,
    });
  });
}

function describeScope(scope: ElectionScope): unknown {
  if (scope.partitions) return { partitions: scope.partitions };
  if (scope.topic !== undefined) return { topic: scope.topic };
  return { all: true };
}

function leaders(results: ElectionOutcome[], when: "before" | "after") {
  return results.map((r) => ({
    topic: r.topic,
    partition: r.partition,
    leader: when === "before" ? r.leader : r.leaderAfter,
    ...(when === "after" && r.error ? { error: r.error } : {}),
  }));
}
