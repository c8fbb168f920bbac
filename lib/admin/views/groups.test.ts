import { describe, expect, it } from "vitest";
import type { GroupSummary } from "../groups/group-types";
import { queryGroups } from "./groups";

const group = (
  groupId: string,
  state: string,
  totalLag: number | null,
  topics: string[],
  maxTimeLagMs: number | null = null,
): GroupSummary => ({
  groupId,
  state,
  protocolType: "consumer",
  protocol: "range",
  members: state === "Stable" ? 2 : 0,
  coordinator: 1,
  topics,
  partitions: topics.length,
  totalLag,
  maxTimeLagMs,
  timeLagPending: 0,
  flags: { noCommit: 0, belowLogStart: 0, negative: 0 },
});

describe("consumer group list queries", () => {
  const groups = [
    group("billing", "Stable", 10, ["orders"], 5000),
    group("audit", "Empty", null, ["logs"]),
    group("search", "Stable", 700, ["orders", "clicks"], 90_000),
  ];

  it("searches group ids and topics, filters by state, and counts states", () => {
    expect(queryGroups(groups, { q: "orders" }).rows.map((g) => g.groupId)).toEqual(["billing", "search"]);
    expect(queryGroups(groups, { state: "Empty" }).rows.map((g) => g.groupId)).toEqual(["audit"]);
    expect(queryGroups(groups, {}).states).toEqual({ Stable: 2, Empty: 1 });
  });

  it("sorts by lag and time lag with unknown values last", () => {
    expect(queryGroups(groups, { sort: "totalLag", order: "desc" }).rows.map((g) => g.groupId)).toEqual([
      "search",
      "billing",
      "audit",
    ]);
    expect(queryGroups(groups, { sort: "totalLag", order: "asc" }).rows.map((g) => g.groupId)).toEqual([
      "billing",
      "search",
      "audit",
    ]);
    expect(queryGroups(groups, { sort: "maxTimeLagMs", order: "desc" }).rows[0]?.groupId).toBe("search");
    expect(queryGroups(groups, { sort: "topics", order: "desc" }).rows[0]?.groupId).toBe("search");
  });
});
