import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { decodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { RawKafkaClient } from "../server/test-support";
import { fetchMetadata, partitionOf, waitFor, type MetadataResponse } from "./cluster-test-support";
import { exited, startEngineProcess } from "./engine-process";

const BROKERS = 3;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A base port p with p .. p+BROKERS (the brokers and the console's PORT) free right now. */
async function freePortRange(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const free = await Promise.all(Array.from({ length: BROKERS + 1 }, (_, i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error("no free port range");
}

/** Every record value of one partition, fetched from `address` (its leader) with Pier's own client. */
async function fetchValues(
  address: string,
  topic: string,
  partition: number,
): Promise<{ hw: bigint; values: string[] }> {
  const [host, port] = address.split(":") as [string, string];
  const client = await RawKafkaClient.connect(host, Number(port));
  try {
    const response = await client.request(ApiKey.Fetch, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 24,
      isolationLevel: 0,
      topics: [{ topic, partitions: [{ partition, fetchOffset: 0n, partitionMaxBytes: 1 << 24 }] }],
    });
    const data = response.responses[0]!.partitions[0]!;
    const values: string[] = [];
    for (const { pos } of iterateBatches(data.records ?? Buffer.alloc(0))) {
      for (const r of decodeRecordBatch(data.records!, pos).records) values.push(r.value!.toString());
    }
    return { hw: data.highWatermark, values };
  } finally {
    client.close();
  }
}

const summary = (m: MetadataResponse, topic: string) =>
  [0, 1, 2].map((p) => {
    const s = partitionOf(m, topic, p);
    return { partition: p, leader: s.leaderId, replicas: s.replicaNodes, epoch: s.leaderEpoch };
  });

describe("3-broker process restart", () => {
  let child: ChildProcess | undefined;
  let dataDir = "";

  afterEach(async () => {
    if (child !== undefined) {
      child.kill("SIGKILL");
      await exited(child);
    }
    if (dataDir !== "") fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps assignments, leaders and every acknowledged message of an RF 3 topic after SIGKILL", async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pier-cluster-restart-"));
    const kafkaPort = await freePortRange();
    const env = {
      PIER_HOST: "127.0.0.1",
      PIER_KAFKA_PORT: String(kafkaPort),
      PIER_BROKERS: String(BROKERS),
      PIER_DATA_DIR: dataDir,
      PORT: String(kafkaPort + BROKERS),
    };
    const brokers = Array.from({ length: BROKERS }, (_, i) => `127.0.0.1:${kafkaPort + i}`);
    ({ child } = await startEngineProcess(env));

    const kafka = new Kafka({ clientId: "cluster-restart-test", brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "durable3", numPartitions: 3, replicationFactor: 3 }] });
    // A reassignment that reorders partition 0's replicas, so the state is more than the initial placement.
    const before0 = (await admin.fetchTopicMetadata({ topics: ["durable3"] })).topics[0]!.partitions;
    const reordered = [...before0.find((p) => p.partitionId === 0)!.replicas].reverse();
    await admin.alterPartitionReassignments({
      topics: [{ topic: "durable3", partitionAssignment: [{ partition: 0, replicas: reordered }] }],
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const acknowledged: string[][] = [[], [], []];
    for (let round = 0; round < 10; round++) {
      const messages = Array.from({ length: 90 }, (_, i) => ({ partition: i % 3, value: `r${round}-m${i}` }));
      const results = await producer.send({ topic: "durable3", acks: -1, messages });
      for (const r of results)
        acknowledged[r.partition]!.push(...messages.filter((m) => m.partition === r.partition).map((m) => m.value));
    }
    await producer.disconnect();
    const before = await fetchMetadata(brokers[0]!, ["durable3"]);
    const topicId = before.topics[0]!.topicId;
    expect(partitionOf(before, "durable3", 0).replicaNodes).toEqual(reordered);

    child.kill("SIGKILL");
    await exited(child);
    ({ child } = await startEngineProcess(env));

    await waitFor(async () => {
      const m = await fetchMetadata(brokers[1]!, ["durable3"]);
      return [0, 1, 2].every((p) => partitionOf(m, "durable3", p).isrNodes.length === 3);
    }, "every replica back in sync");
    const after = await fetchMetadata(brokers[1]!, ["durable3"]);
    expect(after.brokers.map((b) => b.nodeId).sort()).toEqual([0, 1, 2]);
    expect(after.topics[0]!.topicId).toBe(topicId);
    expect(summary(after, "durable3")).toEqual(summary(before, "durable3"));
    for (const p of [0, 1, 2]) {
      const leader = brokers[partitionOf(after, "durable3", p).leaderId]!;
      // After a kill -9 the high watermark restarts from its last checkpoint and climbs back as the
      // followers fetch again (as in Kafka); acknowledged messages are readable once it has.
      await waitFor(
        async () => (await fetchValues(leader, "durable3", p)).hw === BigInt(acknowledged[p]!.length),
        `the high watermark of partition ${p} to reach every acknowledged message`,
      );
      expect((await fetchValues(leader, "durable3", p)).values).toEqual(acknowledged[p]);
    }
  }, 90_000);
});
