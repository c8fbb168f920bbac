import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fetchMetadata,
  partitionOf,
  replicaValues,
  startMultiBrokerCluster,
  waitFor,
  type MultiBrokerCluster,
} from "./cluster-test-support";

const run = promisify(execFile);

/** Three brokers seen by kafkajs and kcat; stopping and starting brokers through the control interface. */
describe("a 3-broker embedded cluster", () => {
  let t: MultiBrokerCluster;
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    t = await startMultiBrokerCluster();
    kafka = new Kafka({ clientId: "multi-broker-test", brokers: t.brokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "spread", numPartitions: 6, replicationFactor: 3 }] });
  });
  afterAll(async () => {
    await admin?.disconnect();
    await t?.stop();
  });

  const leadersPerBroker = (leaders: number[]) => [0, 1, 2].map((id) => leaders.filter((l) => l === id).length);

  it("shows kafkajs three brokers with leaders and replicas spread evenly", async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.map((b) => b.nodeId).sort()).toEqual([0, 1, 2]);
    expect(cluster.controller).toBe(0);
    const [topic] = (await admin.fetchTopicMetadata({ topics: ["spread"] })).topics;
    expect(topic!.partitions).toHaveLength(6);
    for (const p of topic!.partitions) {
      expect([...p.replicas].sort()).toEqual([0, 1, 2]);
      expect([...p.isr].sort()).toEqual([0, 1, 2]);
      expect(p.leader).toBe(p.replicas[0]);
    }
    expect(leadersPerBroker(topic!.partitions.map((p) => p.leader))).toEqual([2, 2, 2]);
  });

  it("shows kcat (librdkafka) the same brokers and leaders", async () => {
    const { stdout } = await run("kcat", ["-b", t.bootstrap, "-L", "-J", "-t", "spread"], { timeout: 30_000 });
    const metadata = JSON.parse(stdout) as {
      brokers: Array<{ id: number }>;
      topics: Array<{ partitions: Array<{ partition: number; leader: number; isrs: Array<{ id: number }> }> }>;
    };
    expect(metadata.brokers.map((b) => b.id).sort()).toEqual([0, 1, 2]);
    const partitions = metadata.topics[0]!.partitions;
    expect(leadersPerBroker(partitions.map((p) => p.leader))).toEqual([2, 2, 2]);
    const image = t.cluster.controller.topic("spread")!;
    for (const p of partitions) {
      expect(p.leader).toBe(image.partitions[p.partition]!.leader);
      expect(p.isrs).toHaveLength(3);
    }
  });

  it("reports a stopped follower's partitions under-replicated, then whole again once it is back", async () => {
    const producer = kafka.producer();
    await producer.connect();
    const send = (from: number) =>
      producer.send({
        topic: "spread",
        acks: -1,
        messages: Array.from({ length: 60 }, (_, i) => ({ partition: i % 6, value: `m${from + i}` })),
      });
    await send(0);
    const leader0 = t.cluster.controller.topic("spread")!.partitions[0]!.leader;
    const follower = (leader0 + 1) % 3;
    const other = t.brokers[(leader0 + 2) % 3]!;

    const impact = t.cluster.stopImpact(follower);
    expect(impact.underReplicated.map((p) => p.partition).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(impact.leadersMoving).toHaveLength(2);
    expect(impact.offline).toEqual([]);

    await t.cluster.stopBroker(follower, { mode: "clean" });
    expect(t.cluster.brokerStates().find((b) => b.id === follower)).toMatchObject({ state: "stopped", live: false });
    const during = await fetchMetadata(other, ["spread"]);
    const live = [0, 1, 2].filter((id) => id !== follower);
    expect(during.brokers.map((b) => b.nodeId).sort()).toEqual(live);
    expect(during.controllerId).toBe(live[0]);
    const described = await admin.describeCluster();
    expect(described.brokers.map((b) => b.nodeId).sort()).toEqual(live);
    expect(described.controller).toBe(live[0]);
    for (let p = 0; p < 6; p++) {
      const state = partitionOf(during, "spread", p);
      expect(state.isrNodes).not.toContain(follower);
      expect(state.offlineReplicas).toEqual([follower]);
      expect(state.leaderId).not.toBe(follower);
      expect(state.isrNodes).toContain(state.leaderId);
    }
    // acks=all keeps working with two in-sync replicas (min.insync.replicas = 1).
    await send(60);

    await t.cluster.startBroker(follower);
    await waitFor(async () => {
      const after = await fetchMetadata(other, ["spread"]);
      return [0, 1, 2, 3, 4, 5].every((p) => partitionOf(after, "spread", p).isrNodes.length === 3);
    }, "the restarted follower to rejoin every ISR");
    const after = await fetchMetadata(other, ["spread"]);
    expect(after.brokers).toHaveLength(3);
    for (let p = 0; p < 6; p++) expect(partitionOf(after, "spread", p).offlineReplicas).toEqual([]);
    // Its log holds every message, including those written while it was down.
    const values = [0, 1, 2, 3, 4, 5].flatMap((p) => replicaValues(t.cluster, follower, "spread", p));
    expect(values.sort()).toEqual(Array.from({ length: 120 }, (_, i) => `m${i}`).sort());
    await producer.disconnect();
  });

  it("moves leadership off a crashed broker once its session expires, and lets it rejoin every ISR after a restart", async () => {
    const victim = t.cluster.controller.topic("spread")!.partitions[1]!.leader;
    const survivor = t.brokers[(victim + 1) % 3]!;
    const impact = t.cluster.stopImpact(victim);
    await t.cluster.stopBroker(victim, { mode: "crash" });
    expect(t.cluster.brokerStates().find((b) => b.id === victim)!.state).toBe("stopped");
    await waitFor(() => !t.cluster.controller.isBrokerLive(victim), "the controller to fence the crashed broker");
    const metadata = await fetchMetadata(survivor, ["spread"]);
    for (const move of impact.leadersMoving) {
      expect(partitionOf(metadata, "spread", move.partition).leaderId).toBe(move.newLeader);
    }
    await expect(t.cluster.stopBroker(victim, { mode: "crash" })).rejects.toThrow(/not running/);

    await t.cluster.startBroker(victim);
    await expect(t.cluster.startBroker(victim)).rejects.toThrow(/already running/);
    expect(t.cluster.brokerStates().map((b) => [b.id, b.state, b.live])).toEqual([
      [0, "running", true],
      [1, "running", true],
      [2, "running", true],
    ]);
    await waitFor(async () => {
      const m = await fetchMetadata(survivor, ["spread"]);
      return [0, 1, 2, 3, 4, 5].every((p) => partitionOf(m, "spread", p).isrNodes.length === 3);
    }, "the restarted broker to rejoin every ISR");
  });
});
