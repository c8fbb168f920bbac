import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../server/test-support";
import { inSync, replicaOn, waitFor } from "./test-support";

const LAG_MS = 300;

/**
 * ISR maintenance by the leader: a live follower that stops fetching leaves the ISR after
 * replica.lag.time.max.ms once it falls behind (an idle partition keeps it), and rejoins once it
 * has caught up. The session timeout is long so that only the leader's lag check acts.
 */
describe("ISR shrink and expand on the leader", () => {
  let test: TestCluster;
  let kafka: Kafka;

  beforeAll(async () => {
    test = await startTestCluster({
      brokers: 3,
      brokerConfig: { "replica.lag.time.max.ms": String(LAG_MS), "broker.session.timeout.ms": "600000" },
    });
    kafka = new Kafka({ brokers: test.cluster.bootstrapServers, logLevel: logLevel.NOTHING, clientId: "isr" });
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("shrinks a lagging follower out after replica.lag.time.max.ms and takes it back once caught up", async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: "lagging", replicaAssignment: [{ partition: 0, replicas: [0, 1, 2] }] },
        { topic: "idle", replicaAssignment: [{ partition: 0, replicas: [0, 1, 2] }] },
      ],
      waitForLeaders: true,
    });
    const producer = kafka.producer();
    await producer.connect();
    for (const topic of ["lagging", "idle"]) await producer.send({ topic, acks: -1, messages: [{ value: "first" }] });
    await waitFor("both in sync", () => inSync(test, [0, 1, 2], "lagging", 0) && inSync(test, [0, 1, 2], "idle", 0));
    const isr = (topic: string) => [...test.cluster.controller.topic(topic)!.partitions[0]!.isr].sort();

    await test.cluster.stopBroker(2, { mode: "crash" });
    const stoppedAt = Date.now();
    await producer.send({ topic: "lagging", acks: 1, messages: [{ value: "second" }] });
    await waitFor("ISR of lagging shrinks", () => isr("lagging").length === 2, 10_000);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(LAG_MS);
    expect(isr("lagging")).toEqual([0, 1]);
    // The high watermark now follows the smaller ISR, so acks=-1 completes again.
    const leader = replicaOn(test, 0, "lagging", 0)!;
    await waitFor("high watermark past the second record", () => leader.highWatermark === 2n);
    await producer.send({ topic: "lagging", acks: -1, messages: [{ value: "third" }] });
    // Broker 2 had everything of "idle": caught up, it stays in that ISR.
    expect(isr("idle")).toEqual([0, 1, 2]);

    await test.cluster.startBroker(2);
    await waitFor("broker 2 rejoins the ISR", () => isr("lagging").length === 3 && isr("idle").length === 3, 15_000);
    await waitFor("in sync", () => inSync(test, [0, 1, 2], "lagging", 0));
    expect(replicaOn(test, 2, "lagging", 0)!.log.logEndOffset).toBe(3n);
    await producer.disconnect();
    await admin.disconnect();
  });
});
