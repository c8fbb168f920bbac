/**
 * A consumer-group action refused before or by the cluster, for a reason the user can fix: the
 * group has active members (409), the input names something that is not there (404) or asks for
 * nothing (400). Route handlers answer it as `{ error: { code, message } }` with `status`
 * (lib/console/group-actions.ts); the cluster's own failures stay AdminErrors.
 *
 * Recognised by a Symbol.for brand, never `instanceof`, like AdminError (see errors.ts): the error
 * may come from another bundle's copy of this module.
 */
const GROUP_ACTION_ERROR_BRAND = Symbol.for("pier.admin.GroupActionError");

export type GroupActionErrorCode =
  | "group_active"
  | "unknown_partition"
  | "no_offsets"
  | "nothing_to_change"
  | "no_restore_point"
  | "confirmation_required";

const STATUS: Record<GroupActionErrorCode, number> = {
  group_active: 409,
  unknown_partition: 404,
  no_offsets: 404,
  no_restore_point: 404,
  nothing_to_change: 400,
  confirmation_required: 400,
};

export class GroupActionError extends Error {
  readonly [GROUP_ACTION_ERROR_BRAND] = true;
  readonly status: number;

  constructor(
    readonly code: GroupActionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "GroupActionError";
    this.status = STATUS[code];
  }
}

export function isGroupActionError(error: unknown): error is GroupActionError {
  return (
    typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[GROUP_ACTION_ERROR_BRAND] === true
  );
}

/** The group states in which Kafka accepts commits from outside the group (admin resets). */
export const INACTIVE_GROUP_STATES: ReadonlySet<string> = new Set(["Empty", "Dead"]);

/** "has 2 active members (state Stable)": why a reset or deletion must wait. */
export function activeGroupMessage(groupId: string, state: string, members: number, clientIds: string[]): string {
  const rule = "Kafka changes a group's offsets only while no consumer is in it.";
  if (members === 0) {
    return `The group "${groupId}" is ${state} (consumers are joining or leaving): ${rule} Wait until the group is Empty, and try again.`;
  }
  const who = clientIds.length > 0 ? ` (client ids: ${[...new Set(clientIds)].join(", ")})` : "";
  const count = members === 1 ? "1 active member" : `${members} active members`;
  return `The group "${groupId}" has ${count}${who} and is ${state}: ${rule} Stop its consumers, wait until the group is Empty, and try again.`;
}
