import { HISTORY_STEP_MAX_S } from "./history-schemas";
import { type Json, err, ok, path, query } from "./openapi-parts";

/**
 * The OpenAPI paths of lag and throughput history and of lag alerts, merged into /api/openapi.json
 * by openapi.ts. History answers from the console's database (README, "Lag history").
 */

const CLUSTER = path("id", "Registry id of the cluster");
const GROUP = path("group", "Group id");
const WINDOW = [
  query("from", "Start (epoch ms or ISO 8601); default: one hour before `to`", { type: "string" }),
  query("to", "End (epoch ms or ISO 8601); default: now", { type: "string" }),
  query("step", "Seconds per point; raised to the stored resolution and to at most 720 points", {
    type: "integer",
    minimum: 1,
    maximum: HISTORY_STEP_MAX_S,
  }),
];
const ERRORS: Json = { "400": err("invalid_input"), "404": err("not_found: no such registered cluster") };
const WINDOW_FIELDS =
  "`fromMs`, `toMs`, `stepMs`, `resolutionS` (0 raw, 300 or 3600), `gapMs`, `lastRound`, `failedRounds` (why the chart has gaps)";

function history(summary: string, params: Json[], body: string): Json {
  return { get: { summary, parameters: [...params, ...WINDOW], responses: { "200": ok(body), ...ERRORS } } };
}

export function historyPaths(): Json {
  return {
    "/api/clusters/{id}/consumer-groups/{group}/lag-history": history(
      "Lag, time lag, consume and produce rates of a group over time, with the catch-up estimate and trend",
      [CLUSTER, GROUP],
      `${WINDOW_FIELDS}; \`total\`, \`topics[]\`, \`partitions[]\` (last 6 h only) of points ` +
        "`{ atMs, lag: {min,max,avg,last} | null (gap), timeLagMs, consumeRate, produceRate }`; " +
        "`estimate`: `caught_up` | `catching_up` (`seconds`) | `not_catching_up` | `unknown`; `trend`",
    ),
    "/api/clusters/{id}/topics/{topic}/throughput-history": history(
      "Produce rate of a topic and the consume rate of each group reading it",
      [CLUSTER, path("topic", "Topic name")],
      `${WINDOW_FIELDS}; \`groups\`, \`points[]\` of \`{ atMs, produceRate, consumeRates: { group: rate } }\` (records/s)`,
    ),
    "/api/clusters/{id}/brokers/leader-history": history(
      "Partition leaders per broker over time",
      [CLUSTER],
      `${WINDOW_FIELDS}; \`brokers\`, \`points[]\` of \`{ atMs, leaders: { brokerId: count } }\``,
    ),
    "/api/clusters/{id}/lag-alerts": {
      get: {
        summary: "Lag alerts of a cluster, each with the group's latest sampled lag and whether it is over",
        parameters: [CLUSTER],
        responses: {
          "200": ok("`{ alerts: [{ groupId, maxLag, maxTimeLagMs, sampledAtMs, lag, timeLagMs, over }] }`"),
          ...ERRORS,
        },
      },
    },
    "/api/clusters/{id}/consumer-groups/{group}/lag-alert": {
      get: {
        summary: "A group's lag alert",
        parameters: [CLUSTER, GROUP],
        responses: { "200": ok("`{ alert: { groupId, maxLag, maxTimeLagMs, updatedAt } | null }`"), ...ERRORS },
      },
      put: {
        summary: "Set a group's lag alert thresholds (at least one; null = not checked)",
        parameters: [CLUSTER, GROUP],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  maxLag: { type: ["number", "null"], minimum: 0, description: "Records" },
                  maxTimeLagMs: { type: ["number", "null"], minimum: 0, description: "Milliseconds" },
                },
              },
            },
          },
        },
        responses: { "200": ok("`{ alert }`"), "403": err("read_only"), ...ERRORS },
      },
      delete: {
        summary: "Remove a group's lag alert",
        parameters: [CLUSTER, GROUP],
        responses: { "204": { description: "Removed" }, "403": err("read_only"), ...ERRORS },
      },
    },
  };
}
