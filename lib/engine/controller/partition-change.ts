import type { PartitionState } from "./metadata-image";
import { NO_LEADER } from "./metadata-image";
import type { MetadataRecord } from "./metadata-records";

/**
 * Pure leader/ISR transitions of one partition (after Kafka's PartitionChangeBuilder and
 * PartitionReassignmentReplicas). Every function returns a new state and never mutates its input;
 * `changed` bumps partitionEpoch on any change and leaderEpoch when the leader changes, so a
 * broker can always tell a newer state from an older one.
 */

/** Who may lead: `isEligible(id)` is true for live brokers not in controlled shutdown. */
export type Eligibility = (brokerId: number) => boolean;

/** The metadata record that stores `state` (the full partition state, replayable on its own). */
export function partitionRecord(state: PartitionState): MetadataRecord {
  return { type: "Partition", ...state };
}

/**
 * A new partition: ISR = its live replicas, leader = the first live replica. With none live (only
 * reachable through a manual assignment, which the controller refuses) every replica is in sync —
 * the partition is empty — so whichever comes back first can lead.
 */
export function newPartitionState(
  topicId: string,
  partition: number,
  replicas: number[],
  isEligible: Eligibility,
): PartitionState {
  const live = replicas.filter(isEligible);
  return {
    topicId,
    partition,
    replicas,
    isr: live.length > 0 ? live : [...replicas],
    leader: live[0] ?? NO_LEADER,
    leaderEpoch: 0,
    partitionEpoch: 0,
    addingReplicas: [],
    removingReplicas: [],
  };
}

/**
 * `state` with `change` applied and its epochs bumped, or undefined when nothing differs (so an
 * idempotent request writes no record).
 */
export function changed(state: PartitionState, change: Partial<PartitionState>): PartitionState | undefined {
  const next: PartitionState = { ...state, ...change };
  const same =
    next.leader === state.leader &&
    sameList(next.isr, state.isr) &&
    sameList(next.replicas, state.replicas) &&
    sameList(next.addingReplicas, state.addingReplicas) &&
    sameList(next.removingReplicas, state.removingReplicas);
  if (same) return undefined;
  next.partitionEpoch = state.partitionEpoch + 1;
  next.leaderEpoch = next.leader !== state.leader ? state.leaderEpoch + 1 : state.leaderEpoch;
  return next;
}

/** The replicas a reassignment ends with: `replicas` without those being removed. */
export function targetReplicas(state: PartitionState): number[] {
  return state.replicas.filter((r) => !state.removingReplicas.includes(r));
}

/**
 * Kafka's clean election: the first replica, in replica order (so the preferred replica wins when
 * it can), that is in the ISR and eligible. During a reassignment a replica being removed may
 * still lead (as in Kafka); completing the reassignment moves leadership off it.
 */
export function electCleanLeader(state: PartitionState, isr: number[], isEligible: Eligibility): number {
  return state.replicas.find((r) => isr.includes(r) && isEligible(r)) ?? NO_LEADER;
}

/**
 * The partition after broker `brokerId` became ineligible (fenced or shutting down): it leaves the
 * ISR — unless it is the last member, which KRaft keeps so the partition can come back with it —
 * and, if it led, leadership moves to another eligible ISR member (bumping leaderEpoch), else to
 * any eligible replica when `unclean` (the ISR becomes that replica alone), else to NO_LEADER.
 * A partition already led by nobody is re-examined the same way.
 */
export function withoutBroker(
  state: PartitionState,
  brokerId: number,
  isEligible: Eligibility,
  unclean: boolean,
): PartitionState | undefined {
  const remaining = state.isr.filter((r) => r !== brokerId);
  let isr = remaining.length > 0 ? remaining : state.isr;
  let leader = state.leader;
  if (leader === brokerId || leader === NO_LEADER || !isEligible(leader)) {
    leader = electCleanLeader(state, isr, isEligible);
    if (leader === NO_LEADER && unclean) {
      leader = state.replicas.find(isEligible) ?? NO_LEADER;
      if (leader !== NO_LEADER) isr = [leader];
    }
  }
  return changed(state, { isr, leader });
}

/**
 * The partition after broker `brokerId` became eligible again: an offline partition whose ISR
 * holds it gets it as leader; with `unclean`, an offline partition it is a replica of gets it as
 * leader with an ISR of itself alone. It rejoins other ISRs only when their leader asks
 * (AlterPartition), once it has caught up.
 */
export function withBrokerBack(state: PartitionState, brokerId: number, unclean: boolean): PartitionState | undefined {
  if (state.leader !== NO_LEADER || !state.replicas.includes(brokerId)) return undefined;
  if (state.isr.includes(brokerId)) return changed(state, { leader: brokerId });
  if (unclean) return changed(state, { leader: brokerId, isr: [brokerId] });
  return undefined;
}

/**
 * Completes a reassignment once every adding replica is in `state`'s ISR (Kafka's
 * PartitionReassignmentReplicas.maybeCompleteReassignment): replicas become the target, the
 * removed replicas leave the ISR, and a leader being removed hands over to the first target
 * replica in the ISR. Returns undefined when the reassignment is not complete (or none runs, or
 * no target replica is in the ISR yet).
 */
export function completedReassignment(state: PartitionState, isEligible: Eligibility): PartitionState | undefined {
  if (state.addingReplicas.length === 0 && state.removingReplicas.length === 0) return undefined;
  if (!state.addingReplicas.every((r) => state.isr.includes(r))) return undefined;
  const target = targetReplicas(state);
  const isr = state.isr.filter((r) => target.includes(r));
  if (isr.length === 0) return undefined;
  let leader = state.leader;
  if (!target.includes(leader)) leader = target.find((r) => isr.includes(r) && isEligible(r)) ?? NO_LEADER;
  if (leader === NO_LEADER) return undefined;
  return changed(state, { replicas: target, isr, leader, addingReplicas: [], removingReplicas: [] });
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
