import { RESET_TARGETS } from "./group-actions-schemas";
import { type Json, body, err, ok, path } from "./openapi-parts";

/**
 * The OpenAPI paths of the consumer-group actions (reset and restore offsets, delete a topic's
 * offsets, delete a group), merged into /api/openapi.json by openapi.ts. Changes are refused with
 * 403 `read_only` (PIER_READ_ONLY=1 or the cluster's flag) and `cross_origin`; dry runs are reads
 * and always allowed. Every applied change is in the audit log (action group.offsets.reset,
 * group.offsets.restore, group.offsets.delete, group.delete; target "group:<id>"; before/after =
 * the committed offsets) and its id is `auditId` in the answer.
 */

const PARAMS = [path("id", "Registry id of the cluster"), path("group", "Consumer group id")];
const DRY_RUN: Json = { type: "boolean", default: false, description: "Answer the plan; change nothing" };
const ERRORS: Json = {
  "400": err("invalid_input (the message names the field), nothing_to_change, confirmation_required"),
  "403": err("read_only / cross_origin"),
  "404": err("not_found (cluster, group or topic), unknown_partition, no_offsets, no_restore_point"),
  "409": err(
    "group_active: the group has members (or one joined during the change: Kafka answered UNKNOWN_MEMBER_ID, " +
      "ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, NON_EMPTY_GROUP or GROUP_SUBSCRIBED_TO_TOPIC); nothing was changed",
  ),
  "502": err("unreachable / kafka_error: the cluster failed"),
};

const OFFSET_ENTRY: Json = {
  type: "object",
  required: ["topic", "partition", "offset"],
  properties: {
    topic: { type: "string" },
    partition: { type: "integer" },
    offset: { type: ["integer", "null"], description: "null = no committed offset" },
  },
};

const PLAN: Json = {
  type: "object",
  description:
    "What a reset or restore does, partition by partition. Offsets are clamped to [logStartOffset, " +
    "logEndOffset] as kafka-consumer-groups --reset-offsets does (`clamped` says which end). `change` = " +
    "newOffset − currentOffset: negative = records read again, positive = records skipped; null when the " +
    "partition had no commit (`note` says so). `action`: commit, delete (restore to no commit) or none.",
  properties: {
    groupId: { type: "string" },
    groupState: { type: "string" },
    members: { type: "integer" },
    blocked: { type: ["string", "null"], description: "Why it cannot be applied now (active members)" },
    totals: {
      type: "object",
      properties: {
        partitions: { type: "integer" },
        reread: { type: "integer" },
        skipped: { type: "integer" },
        newCommits: { type: "integer" },
      },
    },
    rows: {
      type: "array",
      items: {
        type: "object",
        properties: {
          topic: { type: "string" },
          partition: { type: "integer" },
          currentOffset: { type: ["integer", "null"] },
          requestedOffset: { type: ["integer", "null"] },
          newOffset: { type: ["integer", "null"] },
          logStartOffset: { type: ["integer", "null"] },
          logEndOffset: { type: ["integer", "null"] },
          clamped: { type: ["string", "null"], enum: ["log_start", "log_end", null] },
          change: { type: ["integer", "null"] },
          action: { type: "string", enum: ["commit", "delete", "none"] },
          note: { type: ["string", "null"] },
        },
      },
    },
  },
};

const PLAN_ANSWER: Json = {
  type: "object",
  properties: { dryRun: { type: "boolean" }, plan: PLAN, auditId: { type: "integer", description: "When applied" } },
};

const RESET_BODY: Json = {
  type: "object",
  required: ["to"],
  description:
    "Scope: no topic = every partition the group has committed; `topic` = all its partitions; `topic` + " +
    "`partition` = one. Give the one value `to` needs.",
  properties: {
    topic: { type: "string" },
    partition: { type: "integer", minimum: 0 },
    to: { type: "string", enum: [...RESET_TARGETS] },
    timestamp: {
      oneOf: [
        { type: "integer", minimum: 0, description: "ms since the epoch" },
        { type: "string", format: "date-time" },
      ],
      description: "to=timestamp: the first record at or after it (the log end when none is that recent)",
    },
    offset: { type: "integer", minimum: 0, description: "to=offset" },
    shift: { type: "integer", description: "to=shift: ±N records from the committed offset" },
    dryRun: DRY_RUN,
  },
  example: { topic: "orders", to: "shift", shift: -100, dryRun: true },
};

export function groupActionPaths(): Json {
  return {
    "/api/clusters/{id}/consumer-groups/{group}": {
      delete: {
        summary: "Delete an empty consumer group and its committed offsets (the body must repeat the group id)",
        parameters: PARAMS,
        requestBody: body({
          type: "object",
          required: ["confirm"],
          properties: { confirm: { type: "string", description: "The group id, exactly" } },
        }),
        responses: { "200": ok("`{ deleted, offsets: CommittedOffset[], auditId }`"), ...ERRORS },
      },
    },
    "/api/clusters/{id}/consumer-groups/{group}/offsets": {
      post: {
        summary: "Reset committed offsets: earliest, latest, a timestamp, an offset or a shift (dryRun previews)",
        parameters: PARAMS,
        requestBody: body(RESET_BODY),
        responses: { "200": ok("`{ dryRun, plan, auditId? }`", PLAN_ANSWER), ...ERRORS },
      },
      delete: {
        summary: "Delete the group's committed offsets of one topic",
        parameters: [
          ...PARAMS,
          { name: "topic", in: "query", required: true, description: "Topic name", schema: { type: "string" } },
        ],
        responses: {
          "200": ok("`{ topic, deleted: CommittedOffset[], auditId }`", {
            type: "object",
            properties: { topic: { type: "string" }, deleted: { type: "array", items: OFFSET_ENTRY } },
          }),
          ...ERRORS,
        },
      },
    },
    "/api/clusters/{id}/consumer-groups/{group}/offsets/restore": {
      get: {
        summary: "The restore point: the offsets before the group's latest reset or restore (null when none)",
        parameters: PARAMS,
        responses: {
          "200": ok("`{ restorePoint: { auditId, atMs, actor, action, offsets } | null }`", {
            type: "object",
            properties: {
              restorePoint: {
                type: ["object", "null"],
                properties: {
                  auditId: { type: "integer" },
                  atMs: { type: "integer" },
                  actor: { type: "string" },
                  action: { type: "string" },
                  offsets: { type: "array", items: OFFSET_ENTRY },
                },
              },
            },
          }),
          ...ERRORS,
        },
      },
      post: {
        summary: "Put the restore point's offsets back (itself a restore point, so it can be undone); dryRun previews",
        parameters: PARAMS,
        requestBody: body({ type: "object", properties: { dryRun: DRY_RUN } }, false),
        responses: { "200": ok("`{ dryRun, plan, restorePoint?, auditId? }`", PLAN_ANSWER), ...ERRORS },
      },
    },
  };
}
