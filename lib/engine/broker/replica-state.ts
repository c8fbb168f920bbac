/** Kafka's UnifiedLog.UnknownOffset: a follower whose position the leader has not learnt yet. */
export const UNKNOWN_OFFSET = -1n;

/**
 * What a leader knows about one follower replica (Kafka's Replica / ReplicaState), learnt from the
 * follower's Fetch requests: the fetch offset is the follower's log end offset.
 *
 * lastCaughtUpTimeMs is the last time the follower was known to have everything the leader had:
 * a fetch at or beyond the leader's log end offset proves it at the fetch time; a fetch at or
 * beyond the log end offset the leader had at the previous fetch proves it at the previous fetch's
 * time (Kafka's updateFetchStateOrThrow). ISR shrink compares it with replica.lag.time.max.ms.
 */
export class FollowerReplicaState {
  logEndOffset = UNKNOWN_OFFSET;
  logStartOffset = UNKNOWN_OFFSET;
  lastCaughtUpTimeMs = 0;
  private lastFetchLeaderLogEndOffset = UNKNOWN_OFFSET;
  private lastFetchTimeMs = 0;

  constructor(readonly brokerId: number) {}

  /** Records a Fetch from this follower at `fetchOffset` while the leader's log ended at `leaderEndOffset`. */
  updateFetchState(fetchOffset: bigint, logStartOffset: bigint, leaderEndOffset: bigint, nowMs: number): void {
    if (fetchOffset >= leaderEndOffset) this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, nowMs);
    else if (fetchOffset >= this.lastFetchLeaderLogEndOffset)
      this.lastCaughtUpTimeMs = Math.max(this.lastCaughtUpTimeMs, this.lastFetchTimeMs);
    this.logEndOffset = fetchOffset;
    this.logStartOffset = logStartOffset;
    this.lastFetchLeaderLogEndOffset = leaderEndOffset;
    this.lastFetchTimeMs = nowMs;
  }

  /**
   * On becoming leader (Kafka's resetReplicaState): the position is unknown until the follower
   * fetches; a follower already in the ISR is given the benefit of the doubt (caught up now), so a
   * new leader does not shrink the ISR before the followers have had a chance to fetch.
   */
  reset(inIsr: boolean, nowMs: number): void {
    this.logEndOffset = UNKNOWN_OFFSET;
    this.logStartOffset = UNKNOWN_OFFSET;
    this.lastFetchLeaderLogEndOffset = UNKNOWN_OFFSET;
    this.lastFetchTimeMs = 0;
    this.lastCaughtUpTimeMs = inIsr ? nowMs : 0;
  }

  /** Caught up now, in Kafka's sense: at the leader's end, or caught up within the lag limit. */
  isCaughtUp(leaderEndOffset: bigint, nowMs: number, replicaLagTimeMaxMs: number): boolean {
    return this.logEndOffset >= leaderEndOffset || nowMs - this.lastCaughtUpTimeMs <= replicaLagTimeMaxMs;
  }
}
