/**
 * The typed failures of lib/admin. Route handlers map `code` to an HTTP status (lib/console/http.ts)
 * and the UI explains each in words; nothing here is ever shown as a stack trace.
 *
 * - unreachable: no broker answered (wrong address, cluster down, firewall).
 * - auth_failed: a broker answered but refused the credentials or TLS handshake.
 * - unsupported: the cluster does not implement an API this view needs (e.g. a mock broker).
 * - not_found: the cluster, topic, group or broker does not exist.
 * - timeout: a broker accepted the connection but did not answer in time.
 * - kafka_error: a broker answered with a Kafka error code.
 * - protocol_error: a broker sent bytes that are not valid Kafka protocol.
 */
export type AdminErrorCode =
  "unreachable" | "auth_failed" | "unsupported" | "not_found" | "timeout" | "kafka_error" | "protocol_error";

/**
 * Marks every AdminError. Next bundles lib/admin into each route separately, while the pooled
 * clients (kept on globalThis) were built by whichever bundle ran first: an error thrown by a
 * pooled client is then an instance of another bundle's AdminError class, and `instanceof` fails
 * across that boundary. A registry symbol is the same in every bundle.
 */
const ADMIN_ERROR_BRAND = Symbol.for("pier.admin.AdminError");

export class AdminError extends Error {
  readonly [ADMIN_ERROR_BRAND] = true;

  constructor(
    readonly code: AdminErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AdminError";
  }
}

export class UnsupportedByClusterError extends AdminError {
  constructor(
    readonly api: string,
    detail = "",
  ) {
    super("unsupported", `This cluster does not support the Kafka API ${api}${detail ? ` (${detail})` : ""}.`);
    this.name = "UnsupportedByClusterError";
  }
}

export type NotFoundKind = "cluster" | "topic" | "group" | "broker";

export class NotFoundError extends AdminError {
  constructor(
    readonly kind: NotFoundKind,
    readonly id: string,
  ) {
    super("not_found", `There is no ${kind === "group" ? "consumer group" : kind} "${id}" in this cluster.`);
    this.name = "NotFoundError";
  }
}

/** True for an AdminError from any bundle's copy of this module (see ADMIN_ERROR_BRAND). */
export function isAdminError(error: unknown): error is AdminError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[ADMIN_ERROR_BRAND] === true;
}

/**
 * A piece of a view that a cluster may not be able to provide. The UI shows `value` when it is
 * there and otherwise says why it is not ("this cluster does not support DescribeLogDirs"),
 * instead of failing the whole page.
 */
export type Feature<T> =
  | { status: "ok"; value: T }
  | { status: "unsupported"; api: string; message: string }
  | { status: "error"; code: AdminErrorCode; message: string };

export function ok<T>(value: T): Feature<T> {
  return { status: "ok", value };
}

/** Turns a failure into the Feature the UI explains; rethrows anything that is not an AdminError. */
export function featureFailure<T>(error: unknown): Feature<T> {
  if (error instanceof UnsupportedByClusterError)
    return { status: "unsupported", api: error.api, message: error.message };
  if (error instanceof AdminError) return { status: "error", code: error.code, message: error.message };
  throw error;
}

/** Runs `fn`, capturing AdminErrors as a Feature. */
export async function feature<T>(fn: () => Promise<T>): Promise<Feature<T>> {
  try {
    return ok(await fn());
  } catch (error) {
    return featureFailure<T>(error);
  }
}

export function featureValue<T>(f: Feature<T>): T | undefined {
  return f.status === "ok" ? f.value : undefined;
}
