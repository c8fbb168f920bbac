import fs from "node:fs";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { REPLICATION_OFFSET_CHECKPOINT_FILE } from "../log";
import { RawKafkaClient, startTestCluster, type TestCluster } from "../server/test-support";
import { inSync, logBytes, replicaOn, waitFor } from "./test-support";

const BROKERS = [0, 1, 2];

describe("replication across three brokers in one process", () => {
  let test: TestCluster;
  let kafka: Kafka;

  beforeAll(async () => {
    test = await startTestCluster({ brokers: 3 });
    kafka = new Kafka({ brokers: test.cluster.bootstrapServers, logLevel: logLevel.NOTHING, clientId: "replication" });
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("an RF 3 topic produced with acks=-1 ends with byte-identical logs on all three brokers", async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: "rf3", numPartitions: 3, replicationFactor: 3 }],
      waitForLeaders: true,
    });
    const metadata = await admin.fetchTopicMetadata({ topics: ["rf3"] });
    const leaders = metadata.topics[0]!.partitions.map((p) => p.leader);
    expect(new Set(leaders).size).toBe(3); // one leader per broker
    for (const p of metadata.topics[0]!.partitions) expect([...p.isr].sort()).toEqual(BROKERS);

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const sent: string[] = [];
    for (let round = 0; round < 20; round++) {
      const messages = Array.from({ length: 50 }, (_, i) => ({
        key: `k${i % 7}`,
        value: `round ${round} message ${i}`,
      }));
      sent.push(...messages.map((m) => m.value));
      const results = await producer.send({ topic: "rf3", acks: -1, messages });
      for (const r of results) expect(r.errorCode).toBe(0);
    }
    await producer.disconnect();

    for (const partition of [0, 1, 2]) {
      await waitFor(`rf3-${partition} in sync`, () => inSync(test, BROKERS, "rf3", partition));
      const leaderBytes = logBytes(test, leaders[partition]!, "rf3", partition);
      expect(leaderBytes.length).toBeGreaterThan(0);
      for (const id of BROKERS) expect(logBytes(test, id, "rf3", partition).equals(leaderBytes)).toBe(true);
    }

    // What was acknowledged is what a consumer reads, from whichever leader.
    const offsets = await admin.fetchTopicOffsets("rf3");
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(sent.length);
    await admin.disconnect();
  });

  it("ISR and high watermark follow the followers: every replica in sync after catch-up", async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: "catchup", replicaAssignment: [{ partition: 0, replicas: [1, 2, 0] }] }],
      waitForLeaders: true,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: "catchup",
      acks: -1,
      messages: Array.from({ length: 500 }, (_, i) => ({ value: `v${i}` })),
    });
    await producer.disconnect();
    await waitFor("catchup in sync", () => inSync(test, BROKERS, "catchup", 0));
    const leader = replicaOn(test, 1, "catchup", 0)!;
    expect(leader.isLeader()).toBe(true);
    expect(leader.highWatermark).toBe(500n);
    for (const f of leader.followerStates()) expect(f.logEndOffset).toBe(500n);
    const md = await admin.fetchTopicMetadata({ topics: ["catchup"] });
    expect([...md.topics[0]!.partitions[0]!.isr].sort()).toEqual(BROKERS);
    await admin.disconnect();
  });

  it("DescribeLogDirs reports real sizes for follower replicas too", async () => {
    await waitFor("rf3-0 in sync", () => inSync(test, BROKERS, "rf3", 0));
    const sizes: bigint[] = [];
    for (const node of test.cluster.brokers) {
      const c = await RawKafkaClient.connect(node.host, node.port);
      const r = await c.request(ApiKey.DescribeLogDirs, 4, { topics: [{ topic: "rf3", partitions: [0] }] });
      c.close();
      sizes.push(r.results[0]!.topics[0]!.partitions[0]!.partitionSize);
    }
    expect(sizes[0]).toBeGreaterThan(0n);
    expect(new Set(sizes).size).toBe(1);
  });

  it("writes the high watermarks to replication-offset-checkpoint on a clean stop", async () => {
    await waitFor("catchup in sync", () => inSync(test, BROKERS, "catchup", 0));
    await test.cluster.stopBroker(2, { mode: "clean" });
    const file = path.join(test.dataDir, "broker-2", REPLICATION_OFFSET_CHECKPOINT_FILE);
    const lines = fs.readFileSync(file, "utf8").trim().split("\n");
    expect(lines[0]).toBe("0");
    expect(Number(lines[1])).toBe(lines.length - 2);
    expect(lines).toContain("catchup 0 500");
    await test.cluster.startBroker(2);
    await waitFor(
      "broker 2 back in the ISR",
      () => test.cluster.controller.topic("catchup")!.partitions[0]!.isr.length === 3,
    );
  });
});
