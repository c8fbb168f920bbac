import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { silentLogger } from "../broker/logger";
import { Controller } from "./controller";

const BROKERS = [0, 1, 2, 3].map((id) => ({ id, host: "127.0.0.1", port: 9092 + id, rack: null }));

describe("Controller: reassignments and leader elections", () => {
  let dir: string;
  let controller: Controller;
  const create = (name: string, replicas: number[][]) =>
    controller.createTopic(
      {
        name,
        numPartitions: -1,
        replicationFactor: -1,
        assignments: replicas.map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds })),
        configs: [],
      },
      false,
    );
  const partition = (name: string, index = 0) => controller.topic(name)!.partitions[index]!;
  /** The leader's AlterPartition with the partition's current epochs. */
  const setIsr = (name: string, newIsr: number[], index = 0) => {
    const p = partition(name, index);
    return controller.alterPartition(p.leader, p.topicId, index, {
      leaderEpoch: p.leaderEpoch,
      partitionEpoch: p.partitionEpoch,
      newIsr,
    });
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pier-reassignment-"));
    controller = Controller.open({ dataDir: dir, brokers: BROKERS, logger: silentLogger });
  });
  afterEach(() => {
    controller.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("moves replicas: target + removing while adding replicas catch up, then the target alone", () => {
    create("t", [[0, 1, 2]]);
    expect(controller.alterPartitionReassignment("t", 0, [3, 1, 2]).errorCode).toBe(ErrorCode.NONE);
    expect(partition("t")).toMatchObject({
      replicas: [3, 1, 2, 0],
      addingReplicas: [3],
      removingReplicas: [0],
      isr: [0, 1, 2],
      leader: 0,
    });
    expect(controller.listPartitionReassignments(null)).toEqual([{ name: "t", partitions: [partition("t")] }]);
    // The leader adds the caught-up replica to the ISR: the reassignment completes in the same change,
    // and the removed leader hands over to the first target replica in sync.
    const done = setIsr("t", [0, 1, 2, 3]);
    expect(done).toMatchObject({
      replicas: [3, 1, 2],
      isr: [1, 2, 3],
      leader: 3,
      addingReplicas: [],
      removingReplicas: [],
    });
    expect(done.leaderEpoch).toBe(1);
    expect(controller.listPartitionReassignments(null)).toEqual([]);
  });

  it("changes the replication factor: 1 → 3 needs catching up, 3 → 2 completes at once", () => {
    create("grow", [[0]]);
    controller.alterPartitionReassignment("grow", 0, [0, 1, 2]);
    expect(partition("grow")).toMatchObject({ replicas: [0, 1, 2], addingReplicas: [1, 2], removingReplicas: [] });
    setIsr("grow", [0, 1]);
    expect(partition("grow").addingReplicas).toEqual([1, 2]);
    setIsr("grow", [0, 1, 2]);
    expect(partition("grow")).toMatchObject({ replicas: [0, 1, 2], isr: [0, 1, 2], addingReplicas: [] });

    create("shrink", [[0, 1, 2]]);
    controller.alterPartitionReassignment("shrink", 0, [1, 2]);
    expect(partition("shrink")).toMatchObject({ replicas: [1, 2], isr: [1, 2], leader: 1, removingReplicas: [] });
    // Same replicas in another order: only the order (the preferred leader) changes.
    controller.alterPartitionReassignment("shrink", 0, [2, 1]);
    expect(partition("shrink")).toMatchObject({ replicas: [2, 1], leader: 1, addingReplicas: [] });
  });

  it("cancels back to the original replicas, and a new target starts from them", () => {
    create("t", [[0, 1]]);
    expect(controller.alterPartitionReassignment("t", 0, null).errorCode).toBe(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
    controller.alterPartitionReassignment("t", 0, [2, 3]);
    expect(partition("t")).toMatchObject({ replicas: [2, 3, 0, 1], addingReplicas: [2, 3], removingReplicas: [0, 1] });
    controller.alterPartitionReassignment("t", 0, [1, 2]);
    expect(partition("t")).toMatchObject({ replicas: [1, 2, 0], addingReplicas: [2], removingReplicas: [0] });
    expect(controller.alterPartitionReassignment("t", 0, null).errorCode).toBe(ErrorCode.NONE);
    // Kafka's revert keeps the current order minus the adding replicas: [1, 2, 0] − [2].
    expect(partition("t")).toMatchObject({ replicas: [1, 0], isr: [0, 1], leader: 0, addingReplicas: [] });
    controller.alterPartitionReassignment("t", 0, [2, 3]);
    controller.alterPartitionReassignment("t", 0, null);
    expect(partition("t")).toMatchObject({ replicas: [1, 0], removingReplicas: [] });
  });

  it("lets a replica being removed lead meanwhile, and moves leadership off it on completion", () => {
    create("t", [[0, 1]]);
    controller.alterPartitionReassignment("t", 0, [2, 3]);
    controller.fenceBroker(0);
    expect(partition("t")).toMatchObject({ leader: 1, isr: [1], replicas: [2, 3, 0, 1], removingReplicas: [0, 1] });
    setIsr("t", [1, 2]);
    expect(partition("t").addingReplicas).toEqual([2, 3]);
    const done = setIsr("t", [1, 2, 3]);
    expect(done).toMatchObject({ replicas: [2, 3], isr: [2, 3], leader: 2, removingReplicas: [] });
  });

  it("refuses bad targets and unknown partitions with Kafka's errors", () => {
    create("t", [[0, 1]]);
    const code = (replicas: number[] | null, topic = "t", index = 0) =>
      controller.alterPartitionReassignment(topic, index, replicas).errorCode;
    expect(code([])).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    expect(code([1, 1])).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    expect(code([1, 9])).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    expect(code([1], "nope")).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(code([1], "t", 5)).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(partition("t")).toMatchObject({ replicas: [0, 1], partitionEpoch: 0 });
  });

  it("elects preferred leaders and reports why not where it cannot", () => {
    create("t", [
      [0, 1],
      [1, 0],
      [2, 3],
    ]);
    controller.fenceBroker(0);
    controller.fenceBroker(2);
    expect(partition("t", 0).leader).toBe(1);
    const before = controller.electLeaders(0, [{ topic: "t", partitions: [0, 1, 2, 7] }]);
    expect(before.map((r) => [r.partition, r.errorCode])).toEqual([
      [0, ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE],
      [1, ErrorCode.ELECTION_NOT_NEEDED],
      [2, ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE],
      [7, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    controller.unfenceBroker(0);
    controller.unfenceBroker(2);
    setIsr("t", [1, 0], 0);
    setIsr("t", [3, 2], 2);
    // null = every partition; those needing no election are left out.
    const after = controller.electLeaders(0, null);
    expect(after.map((r) => [r.partition, r.errorCode])).toEqual([
      [0, ErrorCode.NONE],
      [2, ErrorCode.NONE],
    ]);
    expect(controller.topic("t")!.partitions.map((p) => p.leader)).toEqual([0, 1, 2]);
    expect(() => controller.electLeaders(5, null)).toThrow(/election type/);
  });

  it("elects unclean leaders only where no leader is left", () => {
    create("t", [[0, 1]]);
    setIsr("t", [0]);
    controller.fenceBroker(0);
    expect(partition("t").leader).toBe(-1);
    const results = controller.electLeaders(1, [{ topic: "t", partitions: [0] }]);
    expect(results[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(partition("t")).toMatchObject({ leader: 1, isr: [1] });
    expect(controller.electLeaders(1, [{ topic: "t", partitions: [0] }])[0]!.errorCode).toBe(
      ErrorCode.ELECTION_NOT_NEEDED,
    );
    controller.fenceBroker(1);
    expect(controller.electLeaders(1, [{ topic: "t", partitions: [0] }])[0]!.errorCode).toBe(
      ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE,
    );
  });

  it("rebalances leaders when a broker's imbalance exceeds leader.imbalance.per.broker.percentage", () => {
    create("t", [...Array.from({ length: 10 }, () => [0, 1]), [1, 0]]);
    controller.fenceBroker(0);
    controller.unfenceBroker(0);
    for (let i = 0; i < 10; i++) setIsr("t", [1, 0], i);
    const leaders = () => controller.topic("t")!.partitions.map((p) => p.leader);
    expect(leaders()).toEqual(Array(11).fill(1));
    // 1 of broker 0's 10 preferred partitions not led by it = 10%: not above the default 10%.
    controller.electLeaders(0, [{ topic: "t", partitions: [1, 2, 3, 4, 5, 6, 7, 8, 9] }]);
    expect(controller.rebalanceLeaders()).toEqual([]);
    controller.fenceBroker(0);
    controller.unfenceBroker(0);
    for (let i = 0; i < 10; i++) setIsr("t", [1, 0], i);
    expect(controller.rebalanceLeaders().map((t) => t.after.partition)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(leaders()).toEqual([...Array(10).fill(0), 1]);
  });
});
