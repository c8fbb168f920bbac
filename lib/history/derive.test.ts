import { describe, expect, it } from "vitest";
import type { HistoryPoint } from "../db/lag-history-query";
import { catchUpEstimate, counterRates, lagTrend } from "./derive";

/** A raw point at second `s` with lag `lag` and committed offset `committed`. */
const point = (s: number, lag: number, committed: number): HistoryPoint => ({
  atMs: s * 1000,
  lastAtMs: s * 1000,
  samples: 1,
  min: lag,
  max: lag,
  avg: lag,
  last: lag,
  counter: committed,
  timeLag: null,
});

/** Every 30 s: `produce` records appended, `consume` committed, from a backlog of `lag0`. */
function steady(n: number, lag0: number, produce: number, consume: number): HistoryPoint[] {
  return Array.from({ length: n }, (_, i) => point(i * 30, lag0 + i * (produce - consume), i * consume));
}

describe("derived lag series", () => {
  it("estimates the time to catch up as lag / (consume rate − produce rate)", () => {
    const estimate = catchUpEstimate(steady(8, 6_000, 300, 900)); // gains 20 records/s, lag ends at 1,800
    expect(estimate).toEqual({ kind: "catching_up", seconds: 90, consumeRate: 30, produceRate: 10 });
    expect(lagTrend(steady(8, 6_000, 300, 900))).toBe("shrinking");
  });

  it("says when a group is not catching up, is caught up, or cannot be judged", () => {
    expect(catchUpEstimate(steady(5, 100, 900, 600))).toMatchObject({ kind: "not_catching_up", consumeRate: 20 });
    expect(lagTrend(steady(5, 100, 900, 600))).toBe("growing");
    expect(catchUpEstimate([point(0, 10, 0), point(30, 0, 10)])).toEqual({ kind: "caught_up" });
    expect(catchUpEstimate([point(0, 10, 0)]).kind).toBe("unknown");
    expect(lagTrend(steady(5, 500, 600, 600))).toBe("stable");
  });

  it("turns counters into rates, with none across a gap or a counter that went back", () => {
    const points = [point(0, 0, 100), point(10, 0, 200), point(20, 0, 150), point(30, 0, 450)];
    expect(counterRates(points, new Set([3])).map((r) => r.perSecond)).toEqual([10, null, null]);
  });
});
