/**
 * Consumer lag of one partition, right at the edges:
 *
 * - no commit: the group never committed here; the consumer starts from auto.offset.reset, so
 *   there is no lag figure (null), only the flag.
 * - committed below the log start: retention (or DeleteRecords) removed records the group never
 *   read; the consumer will jump to the reset position. The lag counts only what still exists
 *   (logEnd − logStart), and the flag says records were lost to this group.
 * - committed above the log end: negative lag. It happens when a topic is deleted and recreated,
 *   an unclean leader election truncated the log, or offsets were copied from another cluster
 *   (MirrorMaker 2 migrations). It is shown as negative, never hidden as 0.
 */
export type LagFlag = "no_commit" | "below_log_start" | "negative" | "unknown_log_end" | null;

export interface PartitionLag {
  /** logEnd − committed (clamped as above); null when there is nothing to measure. */
  lag: number | null;
  flag: LagFlag;
  /** The offset the consumer will read next (committed, or log start when clamped). */
  nextOffset: number | null;
}

export function partitionLag(committed: number | null, logStart: number | null, logEnd: number | null): PartitionLag {
  if (committed === null || committed < 0) return { lag: null, flag: "no_commit", nextOffset: null };
  if (logEnd === null) return { lag: null, flag: "unknown_log_end", nextOffset: committed };
  if (logStart !== null && committed < logStart) {
    return { lag: logEnd - logStart, flag: "below_log_start", nextOffset: logStart };
  }
  if (committed > logEnd) return { lag: logEnd - committed, flag: "negative", nextOffset: committed };
  return { lag: logEnd - committed, flag: null, nextOffset: committed };
}

export const LAG_FLAG_EXPLANATIONS: Record<Exclude<LagFlag, null>, string> = {
  no_commit:
    "No committed offset: the group has not committed here, so its consumers start from auto.offset.reset (earliest or latest).",
  below_log_start:
    "The committed offset is below the log start: retention or record deletion removed records this group never read. Consumers will reset to auto.offset.reset; lag counts only the records that still exist.",
  negative:
    "The committed offset is beyond the log end (negative lag): the topic was recreated, an unclean leader election truncated the log, or offsets were copied from another cluster. The consumer will get OFFSET_OUT_OF_RANGE and reset.",
  unknown_log_end: "The log end offset is unknown: the partition's leader did not answer ListOffsets.",
};

/** Sum of the lags that are known; null when none is. Negative lags count as they are. */
export function totalLag(lags: readonly PartitionLag[]): number | null {
  let total: number | null = null;
  for (const l of lags) if (l.lag !== null) total = (total ?? 0) + l.lag;
  return total;
}
