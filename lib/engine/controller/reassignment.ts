import { ErrorCode } from "../../protocol/error-codes";
import { ApiError } from "./api-error";
import { NO_LEADER, type PartitionState } from "./metadata-image";
import { changed, completedReassignment, electCleanLeader, type Eligibility } from "./partition-change";

/**
 * Partition reassignment as KRaft does it (PartitionReassignmentReplicas / PartitionReassignmentRevert):
 *
 *   start:    replicas = target ++ removing, addingReplicas = target − original,
 *             removingReplicas = original − target; ISR and leader unchanged. Adding replicas are
 *             ordinary followers from then on and catch up through replication.
 *   complete: when every adding replica is in the ISR (checked at once, and after every
 *             AlterPartition): replicas = target, removing replicas leave the ISR, a removed
 *             leader hands over to the first target replica in sync. Brokers delete the logs of
 *             replicas they no longer hold.
 *   cancel:   replicas = original (replicas − adding), ISR ∩ original, leader re-elected if it
 *             was an adding replica; refused when no original replica is in sync, because that
 *             would be an unclean election (unless the topic allows unclean election).
 *
 * A new reassignment of a partition already being reassigned starts from its original replicas.
 */

/** The replicas a partition had before its current reassignment (all of them when none runs). */
export function originalReplicas(state: PartitionState): number[] {
  return state.replicas.filter((r) => !state.addingReplicas.includes(r));
}

export function isReassigning(state: PartitionState): boolean {
  return state.addingReplicas.length > 0 || state.removingReplicas.length > 0;
}

/**
 * Validates a target assignment the way Kafka's validateManualPartitionAssignment does
 * (INVALID_REPLICA_ASSIGNMENT for an empty list, duplicates or a broker that is not registered).
 */
export function validateTarget(target: readonly number[], isRegistered: (id: number) => boolean): void {
  if (target.length === 0) {
    throw new ApiError(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      "The manual partition assignment includes an empty replica list.",
    );
  }
  if (new Set(target).size !== target.length) {
    throw new ApiError(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      `The manual partition assignment includes duplicate replicas: [${target.join(", ")}].`,
    );
  }
  const unknown = target.filter((id) => !isRegistered(id));
  if (unknown.length > 0) {
    throw new ApiError(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      `The manual partition assignment includes broker ${unknown[0]}, but no such broker is registered.`,
    );
  }
}

/** The partition after starting (or, if nothing needs copying, completing) a reassignment to `target`. */
export function startReassignment(
  state: PartitionState,
  target: number[],
  isEligible: Eligibility,
): PartitionState | undefined {
  const original = originalReplicas(state);
  const adding = target.filter((r) => !original.includes(r));
  const removing = original.filter((r) => !target.includes(r));
  const reverted = revertedState(state, original, isEligible);
  const proposed: PartitionState = {
    ...reverted,
    replicas: [...target, ...removing],
    addingReplicas: adding,
    removingReplicas: removing,
  };
  const done = completedReassignment(proposed, isEligible);
  if (done !== undefined) return changed(state, { ...done, partitionEpoch: state.partitionEpoch });
  if (adding.length === 0 && removing.length === 0) {
    return changed(state, { ...proposed, addingReplicas: [], removingReplicas: [] });
  }
  return changed(state, proposed);
}

/** The partition after cancelling its reassignment; NO_REASSIGNMENT_IN_PROGRESS when none runs. */
export function cancelReassignment(state: PartitionState, unclean: boolean, isEligible: Eligibility): PartitionState {
  if (!isReassigning(state)) {
    throw new ApiError(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, "No partition reassignment is in progress.");
  }
  const original = originalReplicas(state);
  const reverted = revertedState(state, original, isEligible);
  if (reverted.isr.length === 0 || reverted.leader === NO_LEADER) {
    const fallback = unclean ? original.find(isEligible) : undefined;
    if (fallback === undefined) {
      throw new ApiError(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `Unable to revert the assignment of ${state.topicId}-${state.partition}: it would require an unclean leader election.`,
      );
    }
    return changed(state, { ...reverted, isr: [fallback], leader: fallback })!;
  }
  return changed(state, reverted)!;
}

/** `state` with its original replicas, the ISR cut to them and a leader among them. */
function revertedState(state: PartitionState, original: number[], isEligible: Eligibility): PartitionState {
  const isr = state.isr.filter((r) => original.includes(r));
  const base = { ...state, replicas: original, isr, addingReplicas: [], removingReplicas: [] };
  const leader = original.includes(state.leader) ? state.leader : electCleanLeader(base, isr, isEligible);
  return { ...base, leader };
}
