import {
  COMPRESSION_NAMES,
  MESSAGES_PAGE_SIZE_MAX,
  PRODUCE_RECORDS_MAX,
  SEARCH_BUDGET_DEFAULT,
  SEARCH_BUDGET_MAX,
  SEARCH_MATCHES_DEFAULT,
  SEARCH_MATCHES_MAX,
} from "../admin";
import { type Json, err, path, query } from "./openapi-parts";

/**
 * The OpenAPI paths of the messages API, merged into /api/openapi.json by openapi.ts. The filter
 * language is described in the README ("Searching messages") and in the console's help.
 */
const COMMON = [path("id", "Registry id of the cluster"), path("topic", "Topic name")];
const ERRORS: Json = {
  "400": err("invalid_input / invalid_filter (with the column) / invalid_cursor / offset_out_of_range"),
  "404": err("not_found (cluster or topic) / unknown_partition"),
  "502": err("the cluster failed"),
};
const POSITION = [
  query("partition", "A partition or a comma-separated list (all when absent)", { type: "string", example: "0,2" }),
  query("offset", "Start at this offset in each chosen partition (past the end of a single partition: 400)", {
    type: "integer",
    minimum: 0,
  }),
  query("timestamp", "Start at the first record at or after this time (epoch ms or ISO 8601)", { type: "string" }),
  query("cursor", "Continue from a cursor an earlier answer gave (no other start parameter)", { type: "string" }),
];
const FILTER = [
  query("q", "Simple search: key or value contains this text (UTF-8 bytes)", { type: "string" }),
  query("filter", 'Filter expression, e.g. value contains "error" and partition = 3 and headers["trace"] exists', {
    type: "string",
  }),
];

export function messagesPaths(): Json {
  return {
    "/api/clusters/{id}/topics/{topic}/messages": {
      get: {
        summary: "One page of records merged by timestamp, with cursors to the previous and next pages",
        parameters: [
          ...COMMON,
          ...POSITION,
          query("from", "oldest (default) or newest (the last `limit` records)", {
            type: "string",
            enum: ["oldest", "newest"],
          }),
          query("limit", "Records per page", {
            type: "integer",
            minimum: 1,
            maximum: MESSAGES_PAGE_SIZE_MAX,
            default: 50,
          }),
          query("full", "Values whole instead of 16 KiB previews (needs limit=1)", { type: "boolean" }),
        ],
        responses: {
          "200": { description: "`MessagePage`: `{ records, prevCursor, nextCursor, atEnd, partitions, notes }`" },
          ...ERRORS,
        },
      },
      post: {
        summary: "Produce records (acks=all); 403 when read-only or when the request comes from another site",
        parameters: COMMON,
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["records"],
                properties: {
                  records: {
                    type: "array",
                    maxItems: PRODUCE_RECORDS_MAX,
                    items: {
                      type: "object",
                      required: ["value"],
                      properties: {
                        key: { type: ["string", "null"] },
                        value: { type: ["string", "null"], description: "null produces a tombstone" },
                        headers: {
                          type: "array",
                          items: {
                            type: "object",
                            properties: { key: { type: "string" }, value: { type: ["string", "null"] } },
                          },
                        },
                        partition: { type: "integer", description: "Else by key (Kafka's murmur2), else round-robin" },
                      },
                    },
                  },
                  encoding: { type: "string", enum: ["utf8", "base64"], default: "utf8" },
                  compression: { type: "string", enum: [...COMPRESSION_NAMES], default: "none" },
                },
              },
            },
          },
        },
        responses: {
          "201": { description: "`{ batches: [{ partition, baseOffset, count }] }`" },
          "403": err("read_only / cross_origin (the message says why)"),
          ...ERRORS,
        },
      },
    },
    "/api/clusters/{id}/topics/{topic}/messages/search": {
      get: {
        summary: "Scan with a filter; streams NDJSON events: start, match, progress, end (reason and resume cursor)",
        parameters: [
          ...COMMON,
          ...POSITION,
          ...FILTER,
          query("budget", "Most records to scan", {
            type: "integer",
            minimum: 1,
            maximum: SEARCH_BUDGET_MAX,
            default: SEARCH_BUDGET_DEFAULT,
          }),
          query("limit", "Stop after this many matches", {
            type: "integer",
            minimum: 1,
            maximum: SEARCH_MATCHES_MAX,
            default: SEARCH_MATCHES_DEFAULT,
          }),
        ],
        responses: { "200": { description: "application/x-ndjson; closing the connection stops the scan" }, ...ERRORS },
      },
    },
    "/api/clusters/{id}/topics/{topic}/messages/tail": {
      get: {
        summary: "Live tail over Server-Sent Events: `record` events and a `position` event (resume cursor) every poll",
        parameters: [
          ...COMMON,
          query("partition", "A partition or a comma-separated list", { type: "string" }),
          query("cursor", "Resume from a position event's cursor", { type: "string" }),
          ...FILTER,
        ],
        responses: { "200": { description: "text/event-stream" }, ...ERRORS },
      },
    },
  };
}
