import type { PartitionLog } from "../log";

/** The leader's answer to OffsetForLeaderEpoch: where `leaderEpoch` (the largest it knows ≤ ours) ends. */
export interface EpochEndOffset {
  leaderEpoch: number;
  endOffset: bigint;
}

/**
 * Where a follower cuts its log given the leader's answer for the follower's latest epoch
 * (Kafka's AbstractFetcherThread.getOffsetTruncationState, KIP-101/KIP-279):
 * - the leader knows no such epoch (-1): nothing to cut, fetching resolves the rest;
 * - the leader answered an epoch this log does not have: cut at the end of the largest local
 *   epoch below it and ask again (not completed);
 * - otherwise cut at the smaller of where the epoch ends here and on the leader.
 * Never beyond the log end offset.
 */
export function truncationOffset(log: PartitionLog, leader: EpochEndOffset): { offset: bigint; completed: boolean } {
  const end = log.logEndOffset;
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  if (leader.endOffset < 0n || leader.leaderEpoch < 0) return { offset: end, completed: true };
  const local = log.endOffsetForEpoch(leader.leaderEpoch);
  if (local === null) return { offset: min(leader.endOffset, end), completed: true };
  if (local.epoch !== leader.leaderEpoch) return { offset: min(local.endOffset, end), completed: false };
  return { offset: min(min(local.endOffset, leader.endOffset), end), completed: true };
}
