import { AUDIT_PAGE_MAX_ENTRIES } from "../db/audit-log";
import { AUDIT_PAGE_DEFAULT_ENTRIES } from "./audit-schemas";
import { type Json, err, path, query } from "./openapi-parts";

/**
 * The OpenAPI paths of the audit log and of a cluster's read-only flag, merged into
 * /api/openapi.json by openapi.ts.
 */
const CLUSTER = path("id", "Registry id of the cluster");

export function auditPaths(): Json {
  return {
    "/api/clusters/{id}/audit": {
      get: {
        summary: "The cluster's audit log, newest first: every change made through the console, applied or refused",
        parameters: [
          CLUSTER,
          query("action", 'Exact action ("topic.create") or a prefix ending in "." ("topic.")', { type: "string" }),
          query("target", 'Substring of the target ("topic:orders")', { type: "string" }),
          query("exactTarget", 'Exactly this target ("topic:orders", not "topic:orders-eu")', { type: "string" }),
          query("actor", "Who (X-Forwarded-User of an authenticating proxy, else anonymous)", { type: "string" }),
          query("outcome", "ok or error", { type: "string", enum: ["ok", "error"] }),
          query("since", "From this time (ms since the epoch)", { type: "integer", minimum: 0 }),
          query("until", "Up to this time (ms since the epoch)", { type: "integer", minimum: 0 }),
          query("before", "Entries with an id below this (the previous page's nextBeforeId)", { type: "integer" }),
          query("limit", "Entries per page", {
            type: "integer",
            minimum: 1,
            maximum: AUDIT_PAGE_MAX_ENTRIES,
            default: AUDIT_PAGE_DEFAULT_ENTRIES,
          }),
        ],
        responses: {
          "200": {
            description:
              "`{ entries: [{ id, atMs, actor, clusterId, action, target, parameters, before?, after?, outcome, error }], nextBeforeId }`",
            content: { "application/json": {} },
          },
          "400": err("invalid_input"),
        },
      },
    },
    "/api/clusters/{id}": {
      patch: {
        summary: "Turn a cluster's mutating actions off or on (any registered cluster; recorded in the audit log)",
        parameters: [CLUSTER],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", required: ["readOnly"], properties: { readOnly: { type: "boolean" } } },
            },
          },
        },
        responses: {
          "200": { description: "`{ cluster }`", content: { "application/json": {} } },
          "400": err("invalid_input"),
          "403": err("read_only (PIER_READ_ONLY=1) or cross_origin"),
          "404": err("not_found"),
        },
      },
    },
  };
}
