import { MAX_REPLICATION_FACTOR, MAX_TOPIC_PARTITIONS } from "./topic-actions-schemas";
import { type Json, body, err, ok, path } from "./openapi-parts";

/**
 * The OpenAPI paths of the topic actions (create, delete, add partitions, edit configs, purge),
 * merged into /api/openapi.json by openapi.ts. Every call is refused with 403 `read_only` under
 * PIER_READ_ONLY=1 or on a read-only cluster, and 403 `cross_origin` from another site; every
 * change is recorded in the audit log (GET /api/clusters/{id}/audit) with `auditId` in the answer.
 * A refusal by the cluster caused by the request is a 4xx whose code is Kafka's error name in lower
 * case (`invalid_config`, `invalid_partitions`, `invalid_replication_factor`, `topic_already_exists`...)
 * and whose message is the broker's, with what to do.
 */

const CLUSTER = path("id", "Registry id of the cluster");
const TOPIC = path("topic", "Topic name");
const COMMON_ERRORS: Json = {
  "400": err("invalid_input, or the cluster's refusal of the request: invalid_config, invalid_partitions, ..."),
  "403": err("read_only (PIER_READ_ONLY=1 or the cluster's flag), cross_origin, or internal_topic"),
  "404": err("not_found / unknown_topic_or_partition: no such cluster or topic"),
  "502": err("unreachable / kafka_error: the cluster failed"),
};
const CONFIG_MAP: Json = {
  type: "object",
  additionalProperties: { type: "string" },
  description: 'Topic configs by name, e.g. `{ "retention.ms": "86400000" }`',
};
const VALIDATE_ONLY: Json = { type: "boolean", default: false, description: "Check with the cluster; change nothing" };

function createTopic(): Json {
  return {
    post: {
      summary: "Create a topic (or validate its creation: the answer then lists the effective configs)",
      parameters: [CLUSTER],
      requestBody: body({
        type: "object",
        required: ["name"],
        properties: {
          name: { type: "string", pattern: "^[A-Za-z0-9._-]{1,249}$" },
          partitions: {
            type: "integer",
            minimum: 1,
            maximum: MAX_TOPIC_PARTITIONS,
            description: "Default: the broker's num.partitions",
          },
          replicationFactor: {
            type: "integer",
            minimum: 1,
            maximum: MAX_REPLICATION_FACTOR,
            description: "Default: the broker's default.replication.factor",
          },
          configs: CONFIG_MAP,
          validateOnly: VALIDATE_ONLY,
        },
      }),
      responses: {
        "200": ok("validateOnly: `{ validateOnly: true, topic: { name, numPartitions, replicationFactor, configs } }`"),
        "201": ok("`{ topic: { name, numPartitions, replicationFactor, configs }, auditId }`"),
        "409": err("topic_already_exists"),
        ...COMMON_ERRORS,
      },
    },
  };
}

function deleteTopic(): Json {
  return {
    delete: {
      summary: "Delete a topic; the body must repeat its name. Internal topics are refused (403 internal_topic)",
      parameters: [CLUSTER, TOPIC],
      requestBody: body({ type: "object", required: ["confirm"], properties: { confirm: { type: "string" } } }),
      responses: {
        "200": ok("`{ deleted, auditId }`"),
        "400": err("confirmation_mismatch or invalid_input"),
        "409": err("topic_deletion_disabled"),
        ...COMMON_ERRORS,
      },
    },
  };
}

function addPartitions(): Json {
  return {
    post: {
      summary: "Grow a topic to `count` partitions (keyed records then map to other partitions)",
      parameters: [CLUSTER, TOPIC],
      requestBody: body({
        type: "object",
        required: ["count"],
        properties: {
          count: { type: "integer", minimum: 1, maximum: MAX_TOPIC_PARTITIONS, description: "The new total" },
          validateOnly: VALIDATE_ONLY,
        },
      }),
      responses: {
        "200": ok("`{ before: { partitions }, after: { partitions }, auditId? , validateOnly? }`"),
        ...COMMON_ERRORS,
      },
    },
  };
}

function alterConfigs(): Json {
  return {
    patch: {
      summary: "Set and reset a topic's config overrides (IncrementalAlterConfigs, validated by the broker)",
      parameters: [CLUSTER, TOPIC],
      requestBody: body({
        type: "object",
        properties: {
          set: CONFIG_MAP,
          reset: { type: "array", items: { type: "string" }, description: "Overrides to remove (back to the default)" },
          validateOnly: VALIDATE_ONLY,
        },
      }),
      responses: {
        "200": ok(
          "`{ diff: [{ name, before: { value, source, isDefault }, after: { value, isDefault }, change }], before, after, auditId? }`",
        ),
        ...COMMON_ERRORS,
      },
    },
  };
}

function purge(): Json {
  return {
    post: {
      summary: "Delete records (DeleteRecords) before an offset, a timestamp or the end, in some or all partitions",
      parameters: [CLUSTER, TOPIC],
      requestBody: body({
        type: "object",
        required: ["target"],
        properties: {
          target: {
            oneOf: [
              {
                type: "object",
                required: ["type", "offset"],
                properties: { type: { const: "offset" }, offset: { type: "integer", minimum: 0 } },
              },
              {
                type: "object",
                required: ["type", "timestampMs"],
                properties: { type: { const: "timestamp" }, timestampMs: { type: "integer", minimum: 0 } },
                description: "Records before the first one at or after this time (ListOffsets by timestamp)",
              },
              {
                type: "object",
                required: ["type"],
                properties: { type: { const: "end" } },
                description: "Every record",
              },
            ],
          },
          partitions: {
            type: "array",
            items: { type: "integer", minimum: 0 },
            description: "Default: every partition",
          },
          dryRun: { type: "boolean", default: false, description: "Answer the plan (records per partition) only" },
        },
      }),
      responses: {
        "200": ok(
          "`{ plan: { partitions: [{ partition, logStartOffset, highWatermark, deleteBefore, records }], totalRecords }, purged?: [{ partition, logStartOffsetBefore, logStartOffsetAfter, deleted }], auditId?, dryRun? }`",
        ),
        "409": err("policy_violation: compacted topics refuse DeleteRecords"),
        ...COMMON_ERRORS,
      },
    },
  };
}

export function topicActionPaths(): Json {
  return {
    "/api/clusters/{id}/topics": createTopic(),
    "/api/clusters/{id}/topics/{topic}": deleteTopic(),
    "/api/clusters/{id}/topics/{topic}/partitions": addPartitions(),
    "/api/clusters/{id}/topics/{topic}/configs": alterConfigs(),
    "/api/clusters/{id}/topics/{topic}/purge": purge(),
  };
}
