import type { LogBounds } from "./groups-state";
import type { OffsetClamp, OffsetPlan, OffsetPlanRow, OffsetPlanTotals, ResetStrategy } from "./groups-types";

/**
 * The arithmetic of an offset reset, without I/O: where each partition's offset goes, clamped to
 * [log start, log end] as kafka-consumer-groups --reset-offsets clamps it (an offset outside the
 * log would make the consumer fall back to auto.offset.reset), and what that means in records
 * read again or skipped.
 */

/** What a plan does to one partition before clamping. */
export type Target =
  | { kind: "offset"; offset: number; note?: string }
  /** Remove the committed offset (a restore to "had no commit"). */
  | { kind: "delete" }
  /** Leave the partition alone, for the reason given. */
  | { kind: "skip"; note: string };

export interface PartitionInput {
  topic: string;
  partition: number;
  current: number | null;
  /** null when the partition does not exist (then the target must be a skip). */
  bounds: LogBounds | null;
  target: Target;
}

/** Where `strategy` sends one partition. `offsetForTime` is the ListOffsets answer for a timestamp reset. */
export function targetOf(
  strategy: ResetStrategy,
  current: number | null,
  bounds: LogBounds,
  offsetForTime?: number | null,
): Target {
  switch (strategy.to) {
    case "earliest":
      return { kind: "offset", offset: bounds.logStartOffset };
    case "latest":
      return { kind: "offset", offset: bounds.logEndOffset };
    case "offset":
      return { kind: "offset", offset: strategy.offset };
    case "timestamp":
      return offsetForTime === null || offsetForTime === undefined
        ? { kind: "offset", offset: bounds.logEndOffset, note: "no record at or after that time: the log end" }
        : { kind: "offset", offset: offsetForTime };
    case "shift":
      return current === null
        ? { kind: "skip", note: "no committed offset to shift from; left unchanged" }
        : { kind: "offset", offset: current + strategy.by };
  }
}

export function clampOffset(offset: number, bounds: LogBounds): { offset: number; clamped: OffsetClamp } {
  if (offset < bounds.logStartOffset) return { offset: bounds.logStartOffset, clamped: "log_start" };
  if (offset > bounds.logEndOffset) return { offset: bounds.logEndOffset, clamped: "log_end" };
  return { offset, clamped: null };
}

export function planRow(input: PartitionInput): OffsetPlanRow {
  const { topic, partition, current, bounds, target } = input;
  const base = {
    topic,
    partition,
    currentOffset: current,
    logStartOffset: bounds?.logStartOffset ?? null,
    logEndOffset: bounds?.logEndOffset ?? null,
  };
  if (target.kind === "skip" || bounds === null) {
    const note = target.kind === "skip" ? target.note : "the partition does not exist; left unchanged";
    return { ...base, requestedOffset: null, newOffset: current, clamped: null, change: null, action: "none", note };
  }
  if (target.kind === "delete") {
    const note = current === null ? "had no committed offset; stays without one" : "the committed offset is removed";
    return {
      ...base,
      requestedOffset: null,
      newOffset: null,
      clamped: null,
      change: null,
      action: current === null ? "none" : "delete",
      note,
    };
  }
  const { offset, clamped } = clampOffset(target.offset, bounds);
  const notes = [
    target.note,
    clamped === "log_start" ? `${target.offset} is before the log start: moved to ${offset}` : undefined,
    clamped === "log_end" ? `${target.offset} is past the log end: moved to ${offset}` : undefined,
    current === null ? "no committed offset before (the group would have used auto.offset.reset)" : undefined,
  ].filter((n): n is string => n !== undefined);
  return {
    ...base,
    requestedOffset: target.offset,
    newOffset: offset,
    clamped,
    change: current === null ? null : offset - current,
    action: "commit",
    note: notes.length > 0 ? notes.join("; ") : null,
  };
}

export function planTotals(rows: OffsetPlanRow[]): OffsetPlanTotals {
  const totals: OffsetPlanTotals = { partitions: 0, reread: 0, skipped: 0, newCommits: 0 };
  for (const row of rows) {
    if (row.action === "none") continue;
    if (row.action === "delete" || row.change === null || row.change !== 0) totals.partitions++;
    if (row.action === "commit" && row.currentOffset === null) totals.newCommits++;
    if (row.change !== null && row.change < 0) totals.reread -= row.change;
    if (row.change !== null && row.change > 0) totals.skipped += row.change;
  }
  return totals;
}

export function buildPlan(
  group: { groupId: string; groupState: string; members: number; blocked: string | null },
  inputs: PartitionInput[],
): OffsetPlan {
  const rows = inputs.map(planRow);
  return { ...group, rows, totals: planTotals(rows) };
}
