import { ErrorCode } from "../../protocol/error-codes";
import { ApiError } from "./api-error";
import { NO_LEADER, type PartitionState } from "./metadata-image";
import { changed, electCleanLeader, type Eligibility } from "./partition-change";

/** ElectLeaders' ElectionType. */
export const ElectionType = { PREFERRED: 0, UNCLEAN: 1 } as const;
export type ElectionType = (typeof ElectionType)[keyof typeof ElectionType];

/**
 * One partition's leader election as ElectLeaders asks for it (Kafka's
 * ReplicationControlManager.electLeader): returns the new state, or throws ApiError with
 * ELECTION_NOT_NEEDED (preferred: the preferred replica already leads; unclean: there is a
 * leader), PREFERRED_LEADER_NOT_AVAILABLE (the preferred replica is not live or not in sync) or
 * ELIGIBLE_LEADERS_NOT_AVAILABLE (unclean: no live replica at all).
 *
 * The preferred replica is the first replica. An unclean election first tries a clean one
 * (an in-sync live replica) and only then any live replica, whose ISR is then itself alone.
 */
export function electLeader(state: PartitionState, type: ElectionType, isEligible: Eligibility): PartitionState {
  if (type === ElectionType.PREFERRED) {
    // replicas = target ++ removing, so the first replica is the preferred one of the target too.
    const preferred = state.replicas[0]!;
    if (state.leader === preferred) throw new ApiError(ErrorCode.ELECTION_NOT_NEEDED, "Leader election not needed.");
    if (!state.isr.includes(preferred) || !isEligible(preferred)) {
      throw new ApiError(
        ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
        `Failed to elect leader: the preferred replica ${preferred} is not in the ISR [${state.isr.join(", ")}] or is not live.`,
      );
    }
    return changed(state, { leader: preferred })!;
  }
  if (state.leader !== NO_LEADER && isEligible(state.leader)) {
    throw new ApiError(ErrorCode.ELECTION_NOT_NEEDED, "Leader election not needed: the partition has a leader.");
  }
  const clean = electCleanLeader(state, state.isr, isEligible);
  if (clean !== NO_LEADER) return changed(state, { leader: clean })!;
  const unclean = state.replicas.find(isEligible);
  if (unclean === undefined) {
    throw new ApiError(
      ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE,
      `Failed to elect leader: none of the replicas [${state.replicas.join(", ")}] is live.`,
    );
  }
  return changed(state, { leader: unclean, isr: [unclean] })!;
}

/**
 * Partitions the automatic preferred-leader rebalance moves (the ZooKeeper controller's
 * checkAndTriggerAutoLeaderRebalance, which honours leader.imbalance.per.broker.percentage; KRaft
 * balances every imbalanced partition): for each broker, the partitions it is preferred for but
 * does not lead; if they are more than `imbalancePercentage`% of the partitions it is preferred
 * for, those whose preferred replica is live and in sync get it back as leader.
 */
export function imbalancedPartitions<P extends { state: PartitionState }>(
  partitions: Iterable<P>,
  imbalancePercentage: number,
  isEligible: Eligibility,
): P[] {
  const byPreferred = new Map<number, { total: number; notLed: P[] }>();
  for (const p of partitions) {
    if (p.state.addingReplicas.length > 0 || p.state.removingReplicas.length > 0) continue;
    const preferred = p.state.replicas[0];
    if (preferred === undefined) continue;
    const entry = byPreferred.get(preferred) ?? { total: 0, notLed: [] };
    entry.total++;
    if (p.state.leader !== preferred) entry.notLed.push(p);
    byPreferred.set(preferred, entry);
  }
  const out: P[] = [];
  for (const [broker, { total, notLed }] of byPreferred) {
    if (!isEligible(broker) || notLed.length * 100 <= imbalancePercentage * total) continue;
    out.push(...notLed.filter((p) => p.state.isr.includes(broker)));
  }
  return out;
}
