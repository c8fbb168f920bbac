import {
  GROUP_SORT_KEYS,
  GROUPS_PAGE_SIZE_MAX,
  SASL_MECHANISMS,
  SECURITY_PROTOCOLS,
  TOPIC_SORT_KEYS,
  TOPICS_PAGE_SIZE_MAX,
} from "../admin";
import { auditPaths } from "./openapi-audit";
import { clusterActionPaths } from "./openapi-cluster-actions";
import { groupActionPaths } from "./openapi-group-actions";
import { historyPaths } from "./openapi-history";
import { mergePaths } from "./openapi-merge";
import { messagesPaths } from "./openapi-messages";
import { topicActionPaths } from "./openapi-topic-actions";
import { err, type Json, path, query } from "./openapi-parts";

/**
 * The REST API's OpenAPI 3.1 document, served at /api/openapi.json. Every cluster view answers
 * `Timed<T>`: `{ value, fetchedAt, ageMs, refreshError }`, the figures plus how old they are.
 * Every error is `{ error: { code, message } }`.
 */

const ERRORS: Json = {
  "400": err("invalid_input: a query parameter, path parameter or body is not valid"),
  "404": err("not_found: the cluster, broker, topic or group does not exist (the message names it)"),
  "501": err("unsupported: the cluster does not implement a Kafka API this view needs"),
  "502": err("unreachable / auth_failed / kafka_error / protocol_error: the cluster failed"),
  "504": err("timeout: a broker did not answer in time"),
};

const timed = (description: string): Json => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Timed" } } },
});

const CLUSTER = path("id", "Registry id of the cluster (`local` for the embedded one)");

function get(summary: string, parameters: Json[], ok: Json): Json {
  return { get: { summary, parameters, responses: { "200": ok, ...ERRORS } } };
}

/** Areas that add methods to paths documented here (a spread would replace the whole path item). */
const withActionPaths = (paths: Json): Json =>
  mergePaths(paths, topicActionPaths(), auditPaths(), clusterActionPaths(), groupActionPaths());

export function openApiDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "Pier console API",
      version: "1.0.0",
      description: "Clusters, brokers, topics and consumer groups.",
    },
    paths: withActionPaths({
      "/api/clusters": {
        get: { summary: "Registered clusters", responses: { "200": { description: "`{ clusters: Cluster[] }`" } } },
        post: {
          summary: "Register an external cluster",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/ClusterInput" } } },
          },
          responses: {
            "201": { description: "`{ cluster }`" },
            "403": err("read_only"),
            "409": err("conflict: the name is taken"),
            ...ERRORS,
          },
        },
      },
      "/api/clusters/{id}": {
        get: {
          summary: "One registered cluster",
          parameters: [CLUSTER],
          responses: { "200": { description: "`{ cluster }`" }, ...ERRORS },
        },
        put: {
          summary: "Edit a console-registered cluster (an omitted saslPassword keeps the stored one)",
          parameters: [CLUSTER],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/ClusterInput" } } },
          },
          responses: {
            "200": { description: "`{ cluster }`" },
            "403": err("read_only"),
            "409": err("managed_by_config or conflict"),
            ...ERRORS,
          },
        },
        delete: {
          summary: "Remove a console-registered cluster",
          parameters: [CLUSTER],
          responses: {
            "204": { description: "removed" },
            "403": err("read_only"),
            "409": err("managed_by_config"),
            ...ERRORS,
          },
        },
      },
      "/api/clusters/{id}/connection-test": {
        post: {
          summary: "Test the connection to a registered cluster",
          parameters: [CLUSTER],
          responses: { "200": { description: "`{ result: ConnectionTest }`" }, ...ERRORS },
        },
      },
      "/api/connection-test": {
        post: {
          summary: "Test unsaved cluster settings",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/ClusterInput" } } },
          },
          responses: { "200": { description: "`{ result: ConnectionTest }`" }, ...ERRORS },
        },
      },
      "/api/clusters/{id}/overview": get(
        "Brokers online/offline, controller, topics, partitions, preferred-leader %, problems explained",
        [CLUSTER],
        timed("`Timed<ClusterOverview>`"),
      ),
      "/api/clusters/{id}/brokers": get(
        "Brokers with partitions, leaders, skew and disk usage",
        [CLUSTER],
        timed("`Timed<BrokerList>`"),
      ),
      "/api/clusters/{id}/brokers/{brokerId}": get(
        "One broker with its log dirs and configs",
        [CLUSTER, path("brokerId", "Broker id", { type: "integer", minimum: 0 })],
        timed("`Timed<BrokerDetail>`"),
      ),
      "/api/clusters/{id}/topics": get(
        "One page of topics, filtered and sorted on the server",
        [
          CLUSTER,
          query("q", "Case-insensitive substring of the topic name", { type: "string" }),
          query("sort", "Sort key", { type: "string", enum: [...TOPIC_SORT_KEYS], default: "name" }),
          query("order", "Sort direction (unknown values always last)", {
            type: "string",
            enum: ["asc", "desc"],
            default: "asc",
          }),
          query("page", "1-based page", { type: "integer", minimum: 1, default: 1 }),
          query("pageSize", "Rows per page", {
            type: "integer",
            minimum: 1,
            maximum: TOPICS_PAGE_SIZE_MAX,
            default: 50,
          }),
          query("internal", "Include internal topics (__consumer_offsets...)", {
            type: "boolean",
            default: false,
          }),
        ],
        timed("`Timed<TopicPage>`: `{ rows, total, page, pageSize, pages }`"),
      ),
      "/api/clusters/{id}/topics/{topic}": get(
        "Topic summary (spread, skew, preferred %), partitions, and the groups reading it with their lag",
        [CLUSTER, path("topic", "Topic name")],
        timed("`Timed<TopicDetail>`"),
      ),
      "/api/clusters/{id}/topics/{topic}/configs": get(
        "Topic configs with value, default and source",
        [CLUSTER, path("topic", "Topic name")],
        { description: "`{ configs: Feature<ConfigEntry[]> }`" },
      ),
      "/api/clusters/{id}/consumer-groups": get(
        "One page of consumer groups with state, members, topics, lag and time lag",
        [
          CLUSTER,
          query("q", "Substring of the group id or of a topic it reads", { type: "string" }),
          query("state", "Only groups in this state (Stable, Empty...)", { type: "string" }),
          query("sort", "Sort key", { type: "string", enum: [...GROUP_SORT_KEYS], default: "groupId" }),
          query("order", "Sort direction", { type: "string", enum: ["asc", "desc"], default: "asc" }),
          query("page", "1-based page", { type: "integer", minimum: 1, default: 1 }),
          query("pageSize", "Rows per page", {
            type: "integer",
            minimum: 1,
            maximum: GROUPS_PAGE_SIZE_MAX,
            default: 50,
          }),
        ],
        timed("`Timed<GroupsView>`"),
      ),
      "/api/clusters/{id}/consumer-groups/{group}": get(
        "Members, assignments and per-partition committed offset, log-end offset, lag and time lag",
        [CLUSTER, path("group", "Group id")],
        timed("`Timed<GroupDetail>`"),
      ),
      ...messagesPaths(),
      ...historyPaths(),
      "/api/health": { get: { summary: "Liveness", responses: { "200": { description: '`{ status: "ok" }`' } } } },
    }),
    components: {
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: { code: { type: "string" }, message: { type: "string" } },
            },
          },
        },
        Timed: {
          type: "object",
          required: ["value", "fetchedAt", "ageMs", "refreshError"],
          properties: {
            value: { description: "The view's figures" },
            fetchedAt: { type: "string", format: "date-time" },
            ageMs: { type: "integer" },
            refreshError: { type: ["string", "null"], description: "Why the last background refresh failed" },
          },
        },
        ClusterInput: {
          type: "object",
          required: ["name", "bootstrapServers"],
          properties: {
            name: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$", maxLength: 64 },
            bootstrapServers: {
              oneOf: [
                { type: "string", description: "host:port,host:port" },
                { type: "array", items: { type: "string" } },
              ],
            },
            securityProtocol: { type: "string", enum: [...SECURITY_PROTOCOLS], default: "PLAINTEXT" },
            saslMechanism: { type: ["string", "null"], enum: [...SASL_MECHANISMS, null] },
            saslUsername: { type: ["string", "null"] },
            saslPassword: { type: ["string", "null"], writeOnly: true },
            tlsCa: { type: ["string", "null"], description: "PEM of the CA to trust" },
            tlsRejectUnauthorized: { type: "boolean", default: true },
          },
        },
      },
    },
  };
}
