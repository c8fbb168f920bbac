import { describe, expect, it } from "vitest";
import { partitionLag, totalLag } from "./lag";

describe("partition lag at the edges", () => {
  it("is log end minus committed in the normal case", () => {
    expect(partitionLag(40, 0, 100)).toEqual({ lag: 60, flag: null, nextOffset: 40 });
    expect(partitionLag(100, 0, 100)).toEqual({ lag: 0, flag: null, nextOffset: 100 });
  });

  it("says so when the group never committed", () => {
    expect(partitionLag(null, 0, 100)).toEqual({ lag: null, flag: "no_commit", nextOffset: null });
    expect(partitionLag(-1, 0, 100).flag).toBe("no_commit");
  });

  it("clamps a commit below the log start and flags it", () => {
    expect(partitionLag(10, 50, 100)).toEqual({ lag: 50, flag: "below_log_start", nextOffset: 50 });
  });

  it("shows negative lag instead of hiding it", () => {
    expect(partitionLag(120, 0, 100)).toEqual({ lag: -20, flag: "negative", nextOffset: 120 });
  });

  it("has no figure when the log end is unknown", () => {
    expect(partitionLag(5, null, null)).toEqual({ lag: null, flag: "unknown_log_end", nextOffset: 5 });
  });

  it("sums known lags, negatives included", () => {
    expect(totalLag([partitionLag(10, 0, 20), partitionLag(30, 0, 25), partitionLag(null, 0, 9)])).toBe(5);
    expect(totalLag([partitionLag(null, 0, 9)])).toBeNull();
  });
});
