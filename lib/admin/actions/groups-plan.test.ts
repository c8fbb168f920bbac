import { describe, expect, it } from "vitest";
import { buildPlan, clampOffset, planRow, targetOf } from "./groups-plan";

/** The reset arithmetic: clamping as kafka-consumer-groups does it, and the re-read / skipped counts. */
const bounds = { logStartOffset: 10, logEndOffset: 50 };

describe("offset reset plans", () => {
  it("clamps to [log start, log end] and says which side", () => {
    expect(clampOffset(5, bounds)).toEqual({ offset: 10, clamped: "log_start" });
    expect(clampOffset(51, bounds)).toEqual({ offset: 50, clamped: "log_end" });
    expect(clampOffset(10, bounds)).toEqual({ offset: 10, clamped: null });
    expect(clampOffset(50, bounds)).toEqual({ offset: 50, clamped: null });
  });

  it("sends each strategy where Kafka's reset tool does", () => {
    expect(targetOf({ to: "earliest" }, 30, bounds)).toEqual({ kind: "offset", offset: 10 });
    expect(targetOf({ to: "latest" }, 30, bounds)).toEqual({ kind: "offset", offset: 50 });
    expect(targetOf({ to: "offset", offset: 99 }, 30, bounds)).toEqual({ kind: "offset", offset: 99 });
    expect(targetOf({ to: "shift", by: -25 }, 30, bounds)).toEqual({ kind: "offset", offset: 5 });
    expect(targetOf({ to: "shift", by: 3 }, null, bounds)).toMatchObject({ kind: "skip" });
    expect(targetOf({ to: "timestamp", timestampMs: 1 }, 30, bounds, 42)).toEqual({ kind: "offset", offset: 42 });
    // No record that recent: the log end, with a note.
    expect(targetOf({ to: "timestamp", timestampMs: 1 }, 30, bounds, null)).toMatchObject({
      kind: "offset",
      offset: 50,
    });
  });

  it("counts records read again and skipped, and flags partitions without a commit", () => {
    const back = planRow({ topic: "t", partition: 0, current: 30, bounds, target: { kind: "offset", offset: 5 } });
    expect(back).toMatchObject({
      newOffset: 10,
      requestedOffset: 5,
      clamped: "log_start",
      change: -20,
      action: "commit",
    });
    expect(back.note).toMatch(/before the log start: moved to 10/);
    const fresh = planRow({ topic: "t", partition: 1, current: null, bounds, target: { kind: "offset", offset: 60 } });
    expect(fresh).toMatchObject({ newOffset: 50, clamped: "log_end", change: null });
    expect(fresh.note).toMatch(/no committed offset before/);
    const ahead = planRow({ topic: "t", partition: 2, current: 12, bounds, target: { kind: "offset", offset: 40 } });
    const same = planRow({ topic: "t", partition: 3, current: 40, bounds, target: { kind: "offset", offset: 40 } });
    const skipped = planRow({ topic: "t", partition: 4, current: null, bounds, target: { kind: "skip", note: "why" } });
    expect(skipped).toMatchObject({ action: "none", newOffset: null, note: "why" });
    const plan = buildPlan({ groupId: "g", groupState: "Empty", members: 0, blocked: null }, [
      { topic: "t", partition: 0, current: 30, bounds, target: { kind: "offset", offset: 5 } },
      { topic: "t", partition: 1, current: null, bounds, target: { kind: "offset", offset: 60 } },
      { topic: "t", partition: 2, current: 12, bounds, target: { kind: "offset", offset: 40 } },
      { topic: "t", partition: 3, current: 40, bounds, target: { kind: "offset", offset: 40 } },
      { topic: "t", partition: 4, current: null, bounds, target: { kind: "skip", note: "why" } },
    ]);
    expect(ahead.change).toBe(28);
    expect(same.change).toBe(0);
    expect(plan.totals).toEqual({ partitions: 3, reread: 20, skipped: 28, newCommits: 1 });
  });

  it("restores 'no commit' by deleting, and leaves partitions that no longer exist alone", () => {
    expect(planRow({ topic: "t", partition: 0, current: 7, bounds, target: { kind: "delete" } })).toMatchObject({
      action: "delete",
      newOffset: null,
      change: null,
    });
    expect(planRow({ topic: "t", partition: 0, current: null, bounds, target: { kind: "delete" } }).action).toBe(
      "none",
    );
    const gone = planRow({
      topic: "gone",
      partition: 0,
      current: null,
      bounds: null,
      target: { kind: "offset", offset: 3 },
    });
    expect(gone).toMatchObject({ action: "none", logStartOffset: null, note: expect.stringMatching(/does not exist/) });
  });
});
