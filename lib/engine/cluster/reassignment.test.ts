import fs from "node:fs";
import { Kafka, logLevel, type Admin, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import { RawKafkaClient } from "../server/test-support";
import {
  replicaDir,
  replicaValues,
  startMultiBrokerCluster,
  waitFor,
  type MultiBrokerCluster,
} from "./cluster-test-support";

/** Partition reassignment through kafkajs' admin client (and Pier's own frames for cancelling). */
describe("partition reassignment on a 3-broker cluster", () => {
  let t: MultiBrokerCluster;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    t = await startMultiBrokerCluster();
    const kafka = new Kafka({ clientId: "reassignment-test", brokers: t.brokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await t?.stop();
  });

  const state = (topic: string, partition = 0) => t.cluster.controller.topic(topic)!.partitions[partition]!;
  const createTopic = (topic: string, replicas: number[][]) =>
    admin.createTopics({
      topics: [{ topic, replicaAssignment: replicas.map((r, partition) => ({ partition, replicas: r })) }],
    });
  const reassign = (topic: string, replicas: number[], partition = 0) =>
    admin.alterPartitionReassignments({ topics: [{ topic, partitionAssignment: [{ partition, replicas }] }] });
  const produce = async (topic: string, from: number, count: number, size = 0) => {
    const pad = "x".repeat(size);
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: count }, (_, i) => ({ partition: 0, value: `m${from + i}${pad}` })),
    });
  };
  const values = (from: number, count: number) => Array.from({ length: count }, (_, i) => `m${from + i}`);
  /**
   * kafkajs' listPartitionReassignments, as it really answers: kafkajs 2.2.4 decodes each topic as
   * { name, partitions: [{ partition, ... }] }, not the { topic, partitionIndex } its typings declare.
   */
  const listed = async (topics?: Array<{ topic: string; partitions: number[] }>) => {
    const response = await admin.listPartitionReassignments(topics === undefined ? {} : { topics });
    return response.topics as unknown as Array<{
      name: string;
      partitions: Array<{
        partition: number;
        replicas: number[];
        addingReplicas: number[];
        removingReplicas: number[];
      }>;
    }>;
  };
  const completed = (topic: string) => async () => (await listed()).every((r) => r.name !== topic);

  it("moves replicas while a producer writes; every message ends up on the new replicas", async () => {
    await createTopic("moving", [[0, 1]]);
    let written = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await produce("moving", written, 100);
        written += 100;
      }
    })();
    await waitFor(() => written >= 1000, "the producer to get going");
    await reassign("moving", [2, 1]);
    await waitFor(completed("moving"), "the reassignment to complete");
    const atCompletion = written;
    await waitFor(() => written >= atCompletion + 500, "more writes after the move");
    writing = false;
    await writer;

    expect(state("moving")).toMatchObject({ replicas: [2, 1], leader: 2, addingReplicas: [], removingReplicas: [] });
    await waitFor(() => state("moving").isr.length === 2, "both new replicas in sync");
    await waitFor(() => !fs.existsSync(replicaDir(t, 0, "moving", 0)), "the removed replica's log to be deleted");
    expect(t.cluster.brokers[0]!.broker.replicas.get("moving", 0)).toBeUndefined();
    await waitFor(() => replicaValues(t.cluster, 1, "moving", 0).length === written, "broker 1 to have every message");
    for (const broker of [2, 1]) expect(replicaValues(t.cluster, broker, "moving", 0)).toEqual(values(0, written));
  });

  it("changes the replication factor from 1 to 3 and from 3 to 2", async () => {
    await createTopic("rf", [[0]]);
    await produce("rf", 0, 500);
    await reassign("rf", [0, 1, 2]);
    await waitFor(completed("rf"), "RF 1 → 3 to complete");
    expect(state("rf")).toMatchObject({ replicas: [0, 1, 2], isr: [0, 1, 2] });
    for (const broker of [0, 1, 2]) expect(replicaValues(t.cluster, broker, "rf", 0)).toEqual(values(0, 500));

    await reassign("rf", [1, 2]);
    expect(state("rf")).toMatchObject({ replicas: [1, 2], leader: 1 });
    await waitFor(() => !fs.existsSync(replicaDir(t, 0, "rf", 0)), "broker 0's replica to be deleted");
    await produce("rf", 500, 100);
    await waitFor(() => replicaValues(t.cluster, 2, "rf", 0).length === 600, "broker 2 to follow the new leader");
    for (const broker of [1, 2]) expect(replicaValues(t.cluster, broker, "rf", 0)).toEqual(values(0, 600));
  });

  it("lists a reassignment that cannot finish and cancels it back to the original replicas", async () => {
    await createTopic("stuck", [[0, 1]]);
    await produce("stuck", 0, 50);
    await t.cluster.stopBroker(2, { mode: "clean" });
    try {
      await reassign("stuck", [0, 2]);
      expect(await listed([{ topic: "stuck", partitions: [0] }])).toEqual([
        {
          name: "stuck",
          partitions: [{ partition: 0, replicas: [0, 2, 1], addingReplicas: [2], removingReplicas: [1] }],
        },
      ]);
      expect(await listed([{ topic: "stuck", partitions: [1] }])).toEqual([]);
      const [host, port] = t.brokers[1]!.split(":") as [string, string];
      const raw = await RawKafkaClient.connect(host, Number(port));
      const cancel = () =>
        raw.request(ApiKey.AlterPartitionReassignments, 0, {
          timeoutMs: 5000,
          topics: [{ name: "stuck", partitions: [{ partitionIndex: 0, replicas: null }] }],
        });
      expect((await cancel()).responses[0]!.partitions[0]).toMatchObject({ errorCode: ErrorCode.NONE });
      const again = await cancel();
      expect(again.responses[0]!.partitions[0]).toMatchObject({ errorCode: ErrorCode.NO_REASSIGNMENT_IN_PROGRESS });
      const bad = await raw.request(ApiKey.AlterPartitionReassignments, 0, {
        timeoutMs: 5000,
        topics: [{ name: "stuck", partitions: [{ partitionIndex: 0, replicas: [1, 1] }] }],
      });
      expect(bad.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
      raw.close();
      expect(state("stuck")).toMatchObject({ replicas: [0, 1], addingReplicas: [], removingReplicas: [] });
      expect(await listed()).toEqual([]);
    } finally {
      await t.cluster.startBroker(2);
    }
    expect(fs.existsSync(replicaDir(t, 2, "stuck", 0))).toBe(false);
    expect(replicaValues(t.cluster, 1, "stuck", 0)).toEqual(values(0, 50));
  });

  it("copies no faster than the replication throttle allows", async () => {
    // 6 MB to copy, throttled at 100 KB/s on both sides. Kafka's quota measures over at least
    // 10 one-second windows, so about 10 × 100 KB plus one fetch (replica.fetch.max.bytes, 1 MB)
    // may pass before the throttle holds the copy back.
    await createTopic("throttled", [[0]]);
    for (let i = 0; i < 6; i++) await produce("throttled", i * 100, 100, 10_000);
    const leaderBytes = t.cluster.brokers[0]!.broker.replicas.get("throttled", 0)!.log.sizeInBytes();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: 2,
          name: "throttled",
          configEntries: [
            { name: "leader.replication.throttled.replicas", value: "*" },
            { name: "follower.replication.throttled.replicas", value: "*" },
          ],
        },
        { type: 4, name: "0", configEntries: [{ name: "leader.replication.throttled.rate", value: "100000" }] },
        { type: 4, name: "1", configEntries: [{ name: "follower.replication.throttled.rate", value: "100000" }] },
      ],
    });
    await reassign("throttled", [0, 1]);
    const copied = () => t.cluster.brokers[1]!.broker.replicas.get("throttled", 0)?.log.sizeInBytes() ?? 0;
    // Wait until the copy stalls under the throttle (no growth for 500 ms), then check how far it got.
    let last = -1;
    await waitFor(async () => {
      const now = copied();
      const stalled = now === last && now > 0;
      last = now;
      await new Promise((r) => setTimeout(r, 500));
      return stalled;
    }, "the throttled copy to stall");
    expect(copied()).toBeLessThan(3_500_000);
    expect(copied()).toBeLessThan(leaderBytes);
    expect(state("throttled").addingReplicas).toEqual([1]);

    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        { type: 4, name: "0", configEntries: [] },
        { type: 4, name: "1", configEntries: [] },
      ],
    });
    await waitFor(completed("throttled"), "the copy to finish once unthrottled");
    expect(replicaValues(t.cluster, 1, "throttled", 0)).toHaveLength(600);
  });
});
