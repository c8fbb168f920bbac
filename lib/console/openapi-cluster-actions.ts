import { MAX_REASSIGNMENT_PARTITIONS, MIN_THROTTLE_BYTES_PER_SEC } from "../admin";
import { type Json, body, err, ok, path, query } from "./openapi-parts";

/**
 * The OpenAPI paths of reassignments, preferred leader elections and embedded broker stop/start,
 * merged into /api/openapi.json by openapi.ts. Every applied action is in the audit log
 * ("reassignment.execute", "reassignment.cancel", "leader-election.preferred", "broker.stop",
 * "broker.start"); previews are not.
 */

const CLUSTER = path("id", "Registry id of the cluster (`local` for the embedded one)");
const BROKER = path("brokerId", "Broker id", { type: "integer", minimum: 0 });
const READ_ERRORS: Json = {
  "400": err("invalid_input: the body or a parameter is not valid (the message names it)"),
  "404": err("not_found: the cluster, topic, partition or broker does not exist"),
  "502": err("unreachable / kafka_error: the cluster failed"),
};
const CHANGE_ERRORS: Json = {
  ...READ_ERRORS,
  "403": err("read_only (PIER_READ_ONLY=1 or the cluster is read-only) or cross_origin"),
  "409": err(
    "kafka_refused (the cluster refused, with its error name), no_reassignment, not_embedded, already_stopped...",
  ),
};

const partitionRef: Json = {
  type: "object",
  required: ["topic", "partition"],
  properties: { topic: { type: "string" }, partition: { type: "integer", minimum: 0 } },
};
const brokerIds: Json = { type: "array", items: { type: "integer", minimum: 0 } };

const reassignmentBody: Json = {
  oneOf: [
    {
      type: "object",
      description:
        "Plan only (not audited): a balanced assignment of the topics' partitions over the brokers — replicas and preferred leaders by count and bytes (DescribeLogDirs), racks apart, moving as little data as possible. With `replicationFactor` it is an RF change; `rebalance: false` moves only what the RF change or the broker list requires.",
      required: ["action", "topics", "brokers"],
      properties: {
        action: { const: "generate" },
        topics: { type: "array", items: { type: "string" }, minItems: 1 },
        brokers: { ...brokerIds, minItems: 1 },
        replicationFactor: { type: "integer", minimum: 1 },
        rebalance: { type: "boolean", default: true },
      },
    },
    {
      type: "object",
      description:
        "Execute a plan (possibly edited): AlterPartitionReassignments. With `throttleBytesPerSec` the brokers taking part get leader/follower.replication.throttled.rate and the topics leader/follower.replication.throttled.replicas; removed when a GET sees the reassignment finished, or on cancel.",
      required: ["action", "partitions"],
      properties: {
        action: { const: "execute" },
        partitions: {
          type: "array",
          minItems: 1,
          maxItems: MAX_REASSIGNMENT_PARTITIONS,
          items: {
            type: "object",
            required: ["topic", "partition", "replicas"],
            properties: {
              topic: { type: "string" },
              partition: { type: "integer", minimum: 0 },
              replicas: {
                ...brokerIds,
                minItems: 1,
                description: "First = preferred leader; distinct, existing brokers",
              },
            },
          },
        },
        throttleBytesPerSec: { type: ["integer", "null"], minimum: MIN_THROTTLE_BYTES_PER_SEC },
      },
    },
    {
      type: "object",
      description: "Cancel ongoing reassignments (all, or of these topics/partitions): the cluster reverts them.",
      required: ["action"],
      properties: {
        action: { const: "cancel" },
        partitions: {
          type: "array",
          items: {
            type: "object",
            required: ["topic"],
            properties: { topic: { type: "string" }, partition: { type: "integer", minimum: 0 } },
          },
        },
      },
    },
  ],
};

export function clusterActionPaths(): Json {
  return {
    "/api/clusters/{id}/reassignments": {
      get: {
        summary: "Ongoing reassignments with copy progress, rate and ETA; removes a finished reassignment's throttle",
        parameters: [CLUSTER],
        responses: {
          "200": ok(
            "`{ ongoing, progress: { partitions[], copiedBytes, totalBytes, rateBytesPerSec, etaSeconds }, sizeProblems, throttle: { topics, brokers } | null }`",
          ),
          ...READ_ERRORS,
        },
      },
      post: {
        summary: "Generate a plan, execute a plan, or cancel (action: generate | execute | cancel)",
        parameters: [CLUSTER],
        requestBody: body(reassignmentBody),
        responses: {
          "200": ok(
            "generate: `{ plan: { moves[], before[], after[], movedBytes, movedReplicas } }`; cancel: `{ result }`",
          ),
          "202": ok("execute: `{ result: { partitions[] (error per partition), throttle } }` — the copy runs on"),
          ...CHANGE_ERRORS,
        },
      },
    },
    "/api/clusters/{id}/leader-elections": {
      get: {
        summary: "Preview a preferred leader election: partitions whose leader is not their preferred replica",
        parameters: [
          CLUSTER,
          query("topic", "Only this topic"),
          query("partitions", "Only these partitions, as `topic:0,topic:3`"),
        ],
        responses: {
          "200": ok(
            "`{ preview: { partitions, candidates[]: { topic, partition, leader, preferredLeader, preferredInIsr, preferredLive } } }`",
          ),
          ...READ_ERRORS,
        },
      },
      post: {
        summary: "Run a preferred leader election (ElectLeaders) for every partition, one topic, or chosen partitions",
        parameters: [CLUSTER],
        requestBody: body(
          {
            type: "object",
            properties: {
              type: { const: "preferred" },
              topic: { type: "string" },
              partitions: { type: "array", items: partitionRef },
            },
          },
          false,
        ),
        responses: {
          "200": ok(
            "`{ results[]: { ..., result: elected | not_needed | failed, error, leaderAfter }, elected, failed }`",
          ),
          ...CHANGE_ERRORS,
        },
      },
    },
    "/api/clusters/{id}/brokers/control": {
      get: {
        summary: "Whether this cluster's brokers can be stopped and started here (embedded only), and their states",
        parameters: [CLUSTER],
        responses: {
          "200": ok(
            "`{ available, reason, readOnly, brokers[]: { id, host, port, rack, state: running | stopped, live } }`",
          ),
          ...READ_ERRORS,
        },
      },
    },
    "/api/clusters/{id}/brokers/{brokerId}/stop": {
      get: {
        summary:
          "What stopping an embedded broker would do: leaders that move (and to whom), partitions under-replicated or offline",
        parameters: [CLUSTER, BROKER],
        responses: {
          "200": ok("`{ state, impact: { leadersMoving[], underReplicated[], offline[] } }`"),
          ...READ_ERRORS,
          "409": err("not_embedded: only the embedded cluster can stop brokers"),
        },
      },
      post: {
        summary: "Stop an embedded broker: clean (controlled shutdown) or crash (as kill -9)",
        parameters: [CLUSTER, BROKER],
        requestBody: body(
          { type: "object", properties: { mode: { type: "string", enum: ["clean", "crash"], default: "clean" } } },
          false,
        ),
        responses: {
          "200": ok("`{ result: { impact, state, leadersAfter[] } }`"),
          ...CHANGE_ERRORS,
        },
      },
    },
    "/api/clusters/{id}/brokers/{brokerId}/start": {
      post: {
        summary: "Start a stopped embedded broker again (same port, its log directory recovered)",
        parameters: [CLUSTER, BROKER],
        responses: { "200": ok("`{ result: { before, state } }`"), ...CHANGE_ERRORS },
      },
    },
  };
}
