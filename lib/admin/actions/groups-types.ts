/**
 * The consumer-group actions' vocabulary: what to reset (scope), where to (strategy), and the plan
 * a dry run shows and an apply commits. Offsets are JS numbers, as everywhere in lib/admin (see
 * types.ts); `null` means "no committed offset".
 */

/** Which partitions a reset touches. */
export type ResetScope =
  /** Every partition the group has a committed offset for. */
  | { kind: "group" }
  /** Every partition of one topic (a partition without a commit gets one). */
  | { kind: "topic"; topic: string }
  | { kind: "partition"; topic: string; partition: number };

/** Where each partition's offset goes (kafka-consumer-groups --reset-offsets' --to-* options). */
export type ResetStrategy =
  | { to: "earliest" }
  | { to: "latest" }
  /** The first record at or after this time (ms); the log end when there is none. */
  | { to: "timestamp"; timestampMs: number }
  | { to: "offset"; offset: number }
  /** The committed offset plus `by` (negative = back); partitions without a commit are left alone. */
  | { to: "shift"; by: number };

/** One partition's committed offset (null = none), the unit of `before`/`after` in the audit log. */
export interface CommittedOffsetEntry {
  topic: string;
  partition: number;
  offset: number | null;
}

/** Why the wanted offset was moved into [log start, log end], as Kafka's reset tool does. */
export type OffsetClamp = "log_start" | "log_end" | null;

/**
 * One row of a dry run: what happens to one partition.
 * - commit: `newOffset` will be committed;
 * - delete: the committed offset will be removed (a restore to "no commit");
 * - none: nothing happens to this partition (`note` says why).
 */
export interface OffsetPlanRow {
  topic: string;
  partition: number;
  currentOffset: number | null;
  /** The offset asked for before clamping (null for deletes and skipped rows). */
  requestedOffset: number | null;
  newOffset: number | null;
  /** null when the partition no longer exists (a restore of a deleted topic's offsets). */
  logStartOffset: number | null;
  logEndOffset: number | null;
  clamped: OffsetClamp;
  /**
   * newOffset − currentOffset: negative = that many records will be read again, positive = that
   * many skipped. null when either side has no offset.
   */
  change: number | null;
  action: "commit" | "delete" | "none";
  note: string | null;
}

export interface OffsetPlanTotals {
  /** Partitions whose offset changes. */
  partitions: number;
  /** Records that will be read again (sum of the negative changes, as a positive number). */
  reread: number;
  /** Records that will be skipped (sum of the positive changes). */
  skipped: number;
  /** Partitions with no commit before that get one (their change is not a number). */
  newCommits: number;
}

export interface OffsetPlan {
  groupId: string;
  /** Kafka's group state when the plan was made (Empty, Stable...), "Unknown" when not described. */
  groupState: string;
  members: number;
  /** Why the plan cannot be applied now (active members), null when it can. */
  blocked: string | null;
  rows: OffsetPlanRow[];
  totals: OffsetPlanTotals;
}

/** The outcome of an applied change, with what the audit log keeps. */
export interface AppliedOffsets {
  plan: OffsetPlan;
  before: CommittedOffsetEntry[];
  after: CommittedOffsetEntry[];
}
