/**
 * A cluster action refused before anything was sent to the cluster (bad input, nothing to cancel,
 * not the embedded cluster...), or refused by the cluster for a reason the person can fix. Route
 * handlers answer it with `status` and `{ error: { code, message } }`; nothing was changed.
 *
 * Recognised by a Symbol.for brand rather than `instanceof`: Next may bundle this module more
 * than once (see lib/admin/errors.ts).
 */
const CLUSTER_ACTION_ERROR_BRAND = Symbol.for("pier.admin.ClusterActionError");

export type ClusterActionStatus = 400 | 404 | 409;

export class ClusterActionError extends Error {
  readonly [CLUSTER_ACTION_ERROR_BRAND] = true;

  constructor(
    readonly status: ClusterActionStatus,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ClusterActionError";
  }
}

export function isClusterActionError(error: unknown): error is ClusterActionError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as Record<symbol, unknown>)[CLUSTER_ACTION_ERROR_BRAND] === true
  );
}
