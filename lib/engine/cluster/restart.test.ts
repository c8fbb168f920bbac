import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { decodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { RawKafkaClient } from "../server/test-support";
import { exited, freePort, startEngineProcess } from "./engine-process";

describe("broker process restart", () => {
  const children: ChildProcess[] = [];
  let dataDir = "";

  afterEach(async () => {
    for (const child of children) {
      child.kill("SIGKILL");
      await exited(child);
    }
    children.length = 0;
    if (dataDir !== "") fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every acknowledged message at its offset after SIGKILL, and stops cleanly on SIGTERM", async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pier-restart-"));
    const kafkaPort = await freePort();
    const env = {
      PIER_HOST: "127.0.0.1",
      PIER_KAFKA_PORT: String(kafkaPort),
      PIER_BROKERS: "1",
      PIER_DATA_DIR: dataDir,
      PORT: String(kafkaPort === 65535 ? 1024 : kafkaPort + 1),
    };
    const { child: first } = await startEngineProcess(env);
    children.push(first);

    const kafka = new Kafka({
      clientId: "restart-test",
      brokers: [`127.0.0.1:${kafkaPort}`],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "durable", numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const acknowledged = new Map<string, string>();
    for (let round = 0; round < 20; round++) {
      const messages = Array.from({ length: 50 }, (_, i) => ({ partition: i % 2, value: `r${round}-m${i}` }));
      const results = await producer.send({ topic: "durable", acks: -1, messages });
      for (const r of results) {
        const values = messages.filter((m) => m.partition === r.partition).map((m) => m.value);
        values.forEach((v, i) => acknowledged.set(`${r.partition}:${BigInt(r.baseOffset!) + BigInt(i)}`, v));
      }
    }
    await producer.disconnect();
    expect(acknowledged.size).toBe(1000);

    first.kill("SIGKILL");
    await exited(first);
    const { child: second } = await startEngineProcess(env);
    children.push(second);

    const client = await RawKafkaClient.connect("127.0.0.1", kafkaPort);
    const stored = new Map<string, string>();
    for (const partition of [0, 1]) {
      const response = await client.request(ApiKey.Fetch, 11, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 24,
        isolationLevel: 0,
        topics: [{ topic: "durable", partitions: [{ partition, fetchOffset: 0n, partitionMaxBytes: 1 << 24 }] }],
      });
      const data = response.responses[0]!.partitions[0]!;
      expect(data.highWatermark).toBe(500n);
      for (const { pos } of iterateBatches(data.records!)) {
        const batch = decodeRecordBatch(data.records!, pos);
        for (const r of batch.records)
          stored.set(`${partition}:${batch.baseOffset + BigInt(r.offsetDelta)}`, r.value!.toString());
      }
    }
    client.close();
    expect(stored).toEqual(acknowledged);

    second.kill("SIGTERM");
    await exited(second);
    expect(second.exitCode).toBe(0);
  }, 60_000);
});
