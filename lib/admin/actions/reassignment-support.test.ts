import { describe, expect, it } from "vitest";
import { partitionProgress, readingKey, summariseProgress, type OngoingPartition } from "./reassignment-progress";
import { throttlePlan } from "./reassignment-throttle";
import { validateAssignment } from "./reassignment-validate";

const ongoing: OngoingPartition[] = [
  { topic: "t", partition: 0, replicas: [1, 2, 0], addingReplicas: [1, 2], removingReplicas: [0], leader: 0 },
  { topic: "t", partition: 1, replicas: [2, 1], addingReplicas: [2], removingReplicas: [], leader: 1 },
];
const sizes = new Map([
  [
    "t\u00000",
    new Map([
      [0, 1_000],
      [1, 400],
      [2, 1_500],
    ]),
  ],
  ["t\u00001", new Map([[1, 2_000]])],
]);

describe("reassignment progress", () => {
  it("counts what each adding replica holds of its leader's size, clamped to it", () => {
    const [p0, p1] = partitionProgress(ongoing, sizes);
    expect(p0).toMatchObject({ leaderBytes: 1_000, copiedBytes: 400 + 1_000, totalBytes: 2_000 });
    expect(p0!.adding).toEqual([
      { brokerId: 1, bytes: 400 },
      { brokerId: 2, bytes: 1_500 },
    ]);
    // Broker 2 has no log for t-1 yet: nothing copied, still counted in the total.
    expect(p1).toMatchObject({
      leaderBytes: 2_000,
      copiedBytes: 0,
      totalBytes: 2_000,
      adding: [{ brokerId: 2, bytes: null }],
    });
  });

  it("derives the rate from readings of the same reassignment and the ETA from what remains", () => {
    const partitions = partitionProgress(ongoing, sizes);
    const key = readingKey(ongoing);
    const first = summariseProgress(partitions, { atMs: 10_000, copiedBytes: 400, key }, undefined);
    expect(first).toMatchObject({ copiedBytes: 1_400, totalBytes: 4_000, rateBytesPerSec: null, etaSeconds: null });
    const later = summariseProgress(
      partitions,
      { atMs: 12_000, copiedBytes: 1_400, key },
      { atMs: 10_000, copiedBytes: 400, key },
    );
    expect(later.rateBytesPerSec).toBe(500);
    expect(later.etaSeconds).toBeCloseTo(2_600 / 500);
    const otherPlan = summariseProgress(
      partitions,
      { atMs: 12_000, copiedBytes: 1_400, key },
      { atMs: 10_000, copiedBytes: 0, key: "x" },
    );
    expect(otherPlan.rateBytesPerSec).toBeNull();
    const shrunk = summariseProgress(
      partitions,
      { atMs: 12_000, copiedBytes: 100, key },
      { atMs: 10_000, copiedBytes: 400, key },
    );
    expect(shrunk.rateBytesPerSec).toBeNull();
  });
});

describe("throttlePlan", () => {
  it("throttles the current replicas as leaders and the adding ones as followers, per topic, as partition:broker", () => {
    const plan = throttlePlan([
      { topic: "a", partition: 0, current: [0, 1], proposed: [1, 2] },
      { topic: "a", partition: 3, current: [2], proposed: [2, 0] },
      { topic: "b", partition: 1, current: [1], proposed: [1] },
    ]);
    expect(plan.brokers).toEqual([0, 1, 2]);
    expect([...plan.topics]).toEqual([["a", { leader: "0:0,0:1,3:2", follower: "0:2,3:0" }]]);
  });

  it("has nothing to throttle when no replica is added (a reorder or a shrink)", () => {
    expect(throttlePlan([{ topic: "a", partition: 0, current: [0, 1], proposed: [1] }])).toEqual({
      brokers: [],
      topics: new Map(),
    });
  });
});

describe("validateAssignment", () => {
  const context = { brokerIds: [0, 1, 2], partitionsByTopic: new Map([["t", [0, 1]]]) };
  const check =
    (replicas: number[], topic = "t", partition = 0) =>
    () =>
      validateAssignment([{ topic, partition, replicas }], context);

  it("accepts distinct existing brokers up to the broker count", () => {
    expect(check([2, 0, 1])).not.toThrow();
  });

  it("names the partition and the problem", () => {
    expect(check([])).toThrow("t-0: the replica list is empty.");
    expect(check([1, 1])).toThrow("t-0: broker 1 is listed twice in [1, 1].");
    expect(check([0, 1, 2, 3])).toThrow("t-0: replication factor 4 is above the cluster's 3 broker(s).");
    expect(check([0, 5])).toThrow("t-0: there is no broker 5 in this cluster (brokers: 0, 1, 2).");
    expect(check([0], "u")).toThrow('There is no topic "u" in this cluster.');
    expect(check([0], "t", 7)).toThrow('Topic "t" has no partition 7.');
    expect(() =>
      validateAssignment(
        [
          { topic: "t", partition: 1, replicas: [0] },
          { topic: "t", partition: 1, replicas: [1] },
        ],
        context,
      ),
    ).toThrow("t-1 appears twice in the plan.");
  });
});
