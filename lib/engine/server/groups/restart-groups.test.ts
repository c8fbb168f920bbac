import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, startEngineProcess } from "../../cluster/engine-process";
import { waitFor } from "./test-support";

// The stand-alone broker runs with Kafka's defaults: group.initial.rebalance.delay.ms = 3 s, 50
// __consumer_offsets partitions.

const TOPIC = "durable";

/** Starts the engine's own entry point (lib/engine/cli.ts) as one process with a single broker. */
function startCluster(dataDir: string, kafkaPort: number): Promise<{ child: ChildProcess; bootstrap: string }> {
  return startEngineProcess({
    PIER_HOST: "127.0.0.1",
    PIER_KAFKA_PORT: String(kafkaPort),
    PIER_BROKERS: "1",
    PIER_DATA_DIR: dataDir,
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("committed offsets across a SIGKILL", () => {
  const children: ChildProcess[] = [];
  let dataDir = "";

  afterEach(async () => {
    await Promise.all(children.map(killed));
    if (dataDir !== "") fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("are all there after the broker process is killed and restarted", async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pier-groups-restart-"));
    const kafkaPort = await freePort();
    const first = await startCluster(dataDir, kafkaPort);
    children.push(first.child);
    const kafka = new Kafka({
      clientId: "restart",
      brokers: [first.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: TOPIC,
      messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: String(i) })),
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: "durable-group", heartbeatInterval: 200, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    const offsetsOf = async (a: typeof admin, groupId: string) =>
      Object.fromEntries(
        (await a.fetchOffsets({ groupId, topics: [TOPIC] }))[0]!.partitions.map((p) => [p.partition, p.offset]),
      );
    await waitFor(() => seen === 30, 20_000, "30 messages");
    const deadline = Date.now() + 10_000;
    let committed = await offsetsOf(admin, "durable-group");
    while (Object.values(committed).some((o) => o !== "10") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      committed = await offsetsOf(admin, "durable-group");
    }
    expect(committed).toEqual({ 0: "10", 1: "10", 2: "10" });
    // A group nobody is in, committed by an admin (generation -1).
    await admin.setOffsets({ groupId: "durable-admin", topic: TOPIC, partitions: [{ partition: 1, offset: "4" }] });

    await killed(first.child); // crash: no clean shutdown, the consumer still in the group
    await consumer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});

    const second = await startCluster(dataDir, kafkaPort);
    children.push(second.child);
    const again = new Kafka({ clientId: "restart", brokers: [second.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await again.connect();
    expect(await offsetsOf(again, "durable-group")).toEqual({ 0: "10", 1: "10", 2: "10" });
    expect(await offsetsOf(again, "durable-admin")).toEqual({ 0: "-1", 1: "4", 2: "-1" });
    const { groups } = await again.describeGroups(["durable-group"]);
    expect(groups[0]).toMatchObject({ groupId: "durable-group", protocolType: "consumer" });
    await again.disconnect();
  });
});
