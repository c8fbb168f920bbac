import { describe, expect, it } from "vitest";
import { BYTES_BALANCE_TOLERANCE, planReassignment, type PlanBroker, type PlanPartition } from "./reassignment-plan";
import { prng } from "../../protocol/testing/prng";

const MB = 1_000_000;

function brokers(n: number, racks?: string[]): PlanBroker[] {
  return Array.from({ length: n }, (_, id) => ({ id, rack: racks ? racks[id]! : null }));
}

/** Round-robin assignment (Kafka's own placement without racks): balanced by construction. */
function roundRobin(topic: string, partitions: number, rf: number, n: number, sizeBytes = MB): PlanPartition[] {
  return Array.from({ length: partitions }, (_, p) => ({
    topic,
    partition: p,
    replicas: Array.from({ length: rf }, (_, r) => (p + r) % n),
    sizeBytes,
  }));
}

/** Proposed assignment of every partition (moves applied to the current one). */
function resulting(parts: PlanPartition[], plan: ReturnType<typeof planReassignment>): number[][] {
  const byKey = new Map(plan.moves.map((m) => [`${m.topic}/${m.partition}`, m.proposed]));
  return parts.map((p) => byKey.get(`${p.topic}/${p.partition}`) ?? [...p.replicas]);
}

function spread(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

describe("planReassignment", () => {
  it("leaves a balanced set of partitions alone (empty plan)", () => {
    const parts = [...roundRobin("a", 6, 2, 3), ...roundRobin("b", 3, 3, 3)];
    const plan = planReassignment({ brokers: brokers(3), partitions: parts });
    expect(plan.moves).toEqual([]);
    expect(plan.movedBytes).toBe(0);
    expect(plan.after).toEqual(plan.before);
  });

  it("spreads onto a new broker moving only the replicas it needs, counts and leaders within one", () => {
    const parts = roundRobin("orders", 12, 2, 3);
    const plan = planReassignment({ brokers: brokers(4), partitions: parts });
    // 24 replicas on 4 brokers = 6 each: broker 3 receives exactly 6, nothing else moves.
    expect(plan.movedReplicas).toBe(6);
    expect(plan.moves.every((m) => m.addingReplicas.length === 1 && m.addingReplicas[0] === 3)).toBe(true);
    expect(plan.after.map((l) => l.replicas)).toEqual([6, 6, 6, 6]);
    expect(spread(plan.after.map((l) => l.preferredLeaders))).toBeLessThanOrEqual(1);
    expect(plan.movedBytes).toBe(6 * MB);
  });

  it("drains a broker that is not among the targets", () => {
    const parts = roundRobin("t", 8, 2, 4);
    const plan = planReassignment({ brokers: brokers(3), partitions: parts });
    const after = resulting(parts, plan);
    expect(after.flat()).not.toContain(3);
    expect(after.every((r) => r.length === 2 && new Set(r).size === 2)).toBe(true);
    expect(plan.after.find((l) => l.brokerId === 3)).toEqual({
      brokerId: 3,
      replicas: 0,
      preferredLeaders: 0,
      bytes: 0,
    });
    // 4 replicas were on broker 3; at most those move, plus the few needed to even counts.
    expect(plan.movedReplicas).toBeGreaterThanOrEqual(4);
    expect(plan.movedReplicas).toBeLessThanOrEqual(5);
    expect(spread(plan.after.filter((l) => l.brokerId < 3).map((l) => l.replicas))).toBeLessThanOrEqual(1);
  });

  it("balances bytes when counts are even but sizes are not", () => {
    // Broker 0 and 1 each hold two replicas, but broker 0's are 100x larger.
    const parts: PlanPartition[] = [
      { topic: "big", partition: 0, replicas: [0], sizeBytes: 100 * MB },
      { topic: "big", partition: 1, replicas: [0], sizeBytes: 100 * MB },
      { topic: "small", partition: 0, replicas: [1], sizeBytes: MB },
      { topic: "small", partition: 1, replicas: [1], sizeBytes: MB },
    ];
    const plan = planReassignment({ brokers: brokers(2), partitions: parts });
    const bytes = plan.after.map((l) => l.bytes);
    expect(spread(bytes)).toBeLessThan(spread(plan.before.map((l) => l.bytes)));
    expect(bytes).toEqual([101 * MB, 101 * MB]);
    expect(plan.after.map((l) => l.replicas)).toEqual([2, 2]);
    // A swap of one big for one small replica is the least data that evens them.
    expect(plan.movedBytes).toBe(101 * MB);
  });

  it("on random clusters: counts within one, byte spread never wider, every list valid, a fixed point", () => {
    for (let seed = 1; seed <= 25; seed++) {
      const next = prng(seed);
      const n = 3 + Math.floor(next() * 4);
      const parts: PlanPartition[] = Array.from({ length: 20 + Math.floor(next() * 40) }, (_, p) => {
        const rf = 1 + Math.floor(next() * Math.min(3, n));
        const replicas: number[] = [];
        while (replicas.length < rf) {
          const b = Math.floor(next() * n);
          if (!replicas.includes(b)) replicas.push(b);
        }
        return { topic: `t${p % 3}`, partition: p, replicas, sizeBytes: Math.floor(next() * 10 * MB) };
      });
      const plan = planReassignment({ brokers: brokers(n), partitions: parts });
      const after = resulting(parts, plan);
      after.forEach((r, i) => {
        expect(r).toHaveLength(parts[i]!.replicas.length);
        expect(new Set(r).size).toBe(r.length);
        expect(r.every((b) => b >= 0 && b < n)).toBe(true);
      });
      expect(spread(plan.after.map((l) => l.replicas)), `seed ${seed}`).toBeLessThanOrEqual(1);
      expect(spread(plan.after.map((l) => l.bytes))).toBeLessThanOrEqual(spread(plan.before.map((l) => l.bytes)));
      // Planning again from the result changes nothing: the plan is a fixed point.
      const again = planReassignment({
        brokers: brokers(n),
        partitions: parts.map((p, i) => ({ ...p, replicas: after[i]! })),
      });
      expect(again.moves, `seed ${seed}`).toEqual([]);
    }
  });

  it("moves no more replicas than the overloaded brokers hold above an even share (equal sizes)", () => {
    for (let seed = 100; seed < 120; seed++) {
      const next = prng(seed);
      const n = 3 + Math.floor(next() * 3);
      const parts: PlanPartition[] = Array.from({ length: 30 }, (_, p) => {
        const first = Math.floor(next() * 2); // skewed towards brokers 0 and 1
        return { topic: "t", partition: p, replicas: [first, (first + 1) % n], sizeBytes: MB };
      });
      const plan = planReassignment({ brokers: brokers(n), partitions: parts });
      const ceilShare = Math.ceil(60 / n);
      const excess = plan.before.reduce((sum, l) => sum + Math.max(0, l.replicas - ceilShare), 0);
      const floorExcess = plan.before.reduce((sum, l) => sum + Math.max(0, l.replicas - Math.floor(60 / n)), 0);
      expect(plan.movedReplicas).toBeGreaterThanOrEqual(excess);
      expect(plan.movedReplicas, `seed ${seed}`).toBeLessThanOrEqual(floorExcess);
    }
  });

  it("keeps replicas of a partition on different racks", () => {
    const racks = ["a", "a", "b", "b", "c", "c"];
    // Every partition has all three replicas on rack a/b only (two on rack a).
    const parts: PlanPartition[] = Array.from({ length: 6 }, (_, p) => ({
      topic: "racked",
      partition: p,
      replicas: [0, 1, 2 + (p % 2)],
      sizeBytes: MB,
    }));
    const plan = planReassignment({ brokers: brokers(6, racks), partitions: parts });
    for (const replicas of resulting(parts, plan)) {
      expect(new Set(replicas.map((b) => racks[b])).size).toBe(3);
    }
    expect(spread(plan.after.map((l) => l.replicas))).toBeLessThanOrEqual(1);
  });

  it("spreads evenly over racks when there are more replicas than racks", () => {
    const racks = ["a", "a", "b", "b"];
    const parts: PlanPartition[] = [{ topic: "x", partition: 0, replicas: [0, 1, 2], sizeBytes: MB }];
    const plan = planReassignment({ brokers: brokers(4, racks), partitions: parts, replicationFactors: { x: 4 } });
    const [replicas] = resulting(parts, plan);
    expect(replicas).toHaveLength(4);
    expect(plan.moves[0]!.addingReplicas).toEqual([3]);
  });

  it("raises the replication factor by adding exactly the missing replicas", () => {
    const parts = roundRobin("rf", 6, 2, 3);
    const plan = planReassignment({
      brokers: brokers(3),
      partitions: parts,
      replicationFactors: { rf: 3 },
      rebalance: false,
    });
    expect(plan.moves).toHaveLength(6);
    for (const m of plan.moves) {
      expect(m.addingReplicas).toHaveLength(1);
      expect(m.removingReplicas).toEqual([]);
      expect(m.proposed.slice(0, 2)).toEqual(m.current); // kept replicas keep their order and leader
    }
    expect(plan.after.map((l) => l.replicas)).toEqual([6, 6, 6]);
  });

  it("lowers the replication factor removing the fewest replicas and keeping the preferred leader", () => {
    const parts = roundRobin("rf", 6, 3, 3);
    const plan = planReassignment({
      brokers: brokers(3),
      partitions: parts,
      replicationFactors: { rf: 1 },
      rebalance: false,
    });
    expect(plan.moves).toHaveLength(6);
    for (const m of plan.moves) {
      expect(m.proposed).toEqual([m.current[0]]);
      expect(m.addingReplicas).toEqual([]);
      expect(m.removingReplicas).toHaveLength(2);
    }
    expect(plan.movedBytes).toBe(0);
  });

  it("balances preferred leaders by reordering replicas without copying data", () => {
    const parts: PlanPartition[] = Array.from({ length: 6 }, (_, p) => ({
      topic: "lead",
      partition: p,
      replicas: [0, 1, 2],
      sizeBytes: MB,
    }));
    const plan = planReassignment({ brokers: brokers(3), partitions: parts });
    expect(plan.movedBytes).toBe(0);
    expect(plan.after.map((l) => l.preferredLeaders)).toEqual([2, 2, 2]);
    expect(plan.moves).toHaveLength(4);
  });

  it("balances the bytes each broker leads by swapping preferred leaders, copying nothing", () => {
    // Leader counts are even (2 and 2), but broker 0 leads both large partitions.
    const parts: PlanPartition[] = [
      { topic: "t", partition: 0, replicas: [0, 1], sizeBytes: 100 * MB },
      { topic: "t", partition: 1, replicas: [0, 1], sizeBytes: 100 * MB },
      { topic: "t", partition: 2, replicas: [1, 0], sizeBytes: MB },
      { topic: "t", partition: 3, replicas: [1, 0], sizeBytes: MB },
    ];
    const plan = planReassignment({ brokers: brokers(2), partitions: parts });
    expect(plan.movedBytes).toBe(0);
    expect(plan.moves).toHaveLength(2);
    const led = (broker: number) =>
      resulting(parts, plan).reduce((sum, r, i) => sum + (r[0] === broker ? parts[i]!.sizeBytes : 0), 0);
    expect([led(0), led(1)]).toEqual([101 * MB, 101 * MB]);
    expect(plan.after.map((l) => l.preferredLeaders)).toEqual([2, 2]);
  });

  it("refuses a replication factor above the broker count, duplicate brokers and no brokers", () => {
    const parts = roundRobin("t", 2, 2, 3);
    expect(() => planReassignment({ brokers: brokers(3), partitions: parts, replicationFactors: { t: 4 } })).toThrow(
      /Replication factor 4 .* 3 chosen broker/,
    );
    expect(() => planReassignment({ brokers: brokers(1), partitions: parts })).toThrow(/only 1 broker/);
    expect(() =>
      planReassignment({
        brokers: [
          { id: 1, rack: null },
          { id: 1, rack: null },
        ],
        partitions: parts,
      }),
    ).toThrow(/Broker 1 is listed twice/);
    expect(() => planReassignment({ brokers: [], partitions: parts })).toThrow(/at least one broker/);
  });

  it("tolerates a byte spread within the tolerance instead of moving data for it", () => {
    const parts: PlanPartition[] = [
      { topic: "t", partition: 0, replicas: [0], sizeBytes: 100 * MB },
      { topic: "t", partition: 1, replicas: [1], sizeBytes: (100 - 100 * BYTES_BALANCE_TOLERANCE * 0.5) * MB },
    ];
    expect(planReassignment({ brokers: brokers(2), partitions: parts }).moves).toEqual([]);
  });
});
