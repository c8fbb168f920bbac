import { ZodError } from "zod";
import { isAdminError, isClusterActionError, isGroupActionError, type AdminErrorCode } from "../admin";
import { ClusterConflictError } from "../db/clusters";

/**
 * The REST API's one error shape: `{ error: { code, message } }` with the matching HTTP status.
 * `code` is a stable machine-readable word (e.g. "not_found", "invalid_input", "config_error",
 * "unreachable", "unsupported"); `message` is a sentence a person can act on.
 */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function jsonError(status: number, code: string, message: string): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status });
}

export function notFound(what: string): Response {
  return jsonError(404, "not_found", what);
}

/** HTTP status of each lib/admin failure: the cluster's fault is a 5xx gateway error, not ours. */
export const ADMIN_ERROR_STATUS: Record<AdminErrorCode, number> = {
  not_found: 404,
  unreachable: 502,
  auth_failed: 502,
  kafka_error: 502,
  protocol_error: 502,
  unsupported: 501,
  timeout: 504,
};

/** "q: expected string; page: must be ≥ 1" from a zod error. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`)
    .join("; ");
}

/**
 * Runs a handler, turning an exception into the error shape (never a stack). A consumer-group or
 * cluster action refused before any change carries its own 4xx status and code.
 */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    if (isGroupActionError(error) || isClusterActionError(error)) {
      return jsonError(error.status, error.code, error.message);
    }
    if (isAdminError(error)) return jsonError(ADMIN_ERROR_STATUS[error.code], error.code, error.message);
    if (error instanceof ZodError) return jsonError(400, "invalid_input", describeZodError(error));
    if (error instanceof ClusterConflictError) return jsonError(409, "conflict", error.message);
    if (error instanceof Error && error.name === "BodyError") return jsonError(400, "invalid_input", error.message);
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof Error && error.name === "ConfigError" ? "config_error" : "internal_error";
    return jsonError(500, code, message);
  }
}
