import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaClusterClient } from "./cluster-client";
import { NotFoundError, UnsupportedByClusterError } from "./errors";
import { ProtocolClient } from "./wire/protocol-client";
import { startTestEmbeddedCluster, type TestCluster } from "./testing/test-clusters";

const { Kafka, logLevel } = kafkajs;

/**
 * lib/admin against the embedded engine, seeded through kafkajs: every figure the console shows
 * is checked against what the test put there.
 */
describe("ClusterClient on the embedded cluster", () => {
  let cluster: TestCluster;
  let client: KafkaClusterClient;
  const OLD_TIMESTAMP_MS = Date.now() - 3_600_000;

  beforeAll(async () => {
    cluster = await startTestEmbeddedCluster(3);
    const kafka = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: "orders", numPartitions: 3, replicationFactor: 2 },
        { topic: "payments", numPartitions: 1, replicationFactor: 3 },
      ],
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: "orders",
      messages: Array.from({ length: 12 }, (_, i) => ({
        partition: i % 3,
        key: `k${i}`,
        value: `order ${i}`,
        timestamp: String(OLD_TIMESTAMP_MS + i),
      })),
    });
    await producer.disconnect();
    client = new KafkaClusterClient({
      id: "test",
      bootstrapServers: cluster.bootstrapServers,
      securityProtocol: "PLAINTEXT",
    });
  });

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  it("tests the connection", async () => {
    const result = await client.testConnection();
    expect(result).toMatchObject({ ok: true, brokers: 3 });
  });

  it("shows the overview figures of what was seeded", async () => {
    const { value, ageMs, refreshError } = await client.overview();
    expect(value.brokers).toEqual({ online: 3, offline: 0, offlineIds: [] });
    expect(value.topics).toEqual({ total: 2, internal: 0 });
    expect(value.partitions.total).toBe(4);
    expect(value.messages).toBe(12);
    expect(value.controllerId).not.toBeNull();
    expect(value.totalSizeBytes).toBeGreaterThan(0);
    expect(ageMs).toBeGreaterThanOrEqual(0);
    expect(refreshError).toBeNull();
  });

  it("lists brokers with their replicas and leaders", async () => {
    const { value } = await client.brokers();
    expect(value.brokers.map((b) => b.id)).toEqual([0, 1, 2]);
    expect(value.brokers.reduce((n, b) => n + b.partitions, 0)).toBe(3 * 2 + 1 * 3);
    expect(value.brokers.reduce((n, b) => n + b.leaders, 0)).toBe(4);
    expect(value.brokers.filter((b) => b.isController)).toHaveLength(1);
    expect(value.brokers.every((b) => b.diskBytes !== null)).toBe(true);
  });

  it("filters, sorts and pages topics on the server", async () => {
    const byMessages = (await client.topics({ sort: "messages", order: "desc" })).value;
    expect(byMessages.rows.map((r) => [r.name, r.messages, r.partitions, r.replicationFactor])).toEqual([
      ["orders", 12, 3, 2],
      ["payments", 0, 1, 3],
    ]);
    expect((await client.topics({ q: "pay" })).value.rows.map((r) => r.name)).toEqual(["payments"]);
    expect((await client.topics({ pageSize: 1, page: 2 })).value).toMatchObject({ total: 2, pages: 2, page: 2 });
  });

  it("details a topic's partitions and configs", async () => {
    const { value } = await client.topic("orders");
    expect(value.partitions.map((p) => [p.partition, p.logStartOffset, p.logEndOffset, p.replicas.length])).toEqual([
      [0, 0, 4, 2],
      [1, 0, 4, 2],
      [2, 0, 4, 2],
    ]);
    expect(value.summary.brokersSpreadPct).toBe(100);
    const configs = await client.topicConfigs("orders");
    expect(configs.status).toBe("ok");
    if (configs.status === "ok") expect(configs.value.find((c) => c.name === "cleanup.policy")?.value).toBe("delete");
  });

  it("shows one broker with configs and log dirs", async () => {
    const { value } = await client.broker(1);
    expect(value.broker.id).toBe(1);
    expect(value.configs.status === "ok" && value.configs.value.find((c) => c.name === "broker.id")?.value).toBe("1");
    expect(value.logDirs.status).toBe("ok");
  });

  it("closes idle connections and reconnects on the next read", async () => {
    await client.closeIdleConnections(0);
    expect(await client.testConnection()).toMatchObject({ ok: true });
    const { value } = await client.broker(2);
    expect(value.broker.id).toBe(2);
  });

  it("speaks the APIs kafkajs lacks, or says the cluster lacks them", async () => {
    const wire = new ProtocolClient({
      id: "wire",
      bootstrapServers: cluster.bootstrapServers,
      securityProtocol: "PLAINTEXT",
    });
    try {
      const TOPIC_RESOURCE = 2;
      const SET = 0;
      await wire.incrementalAlterConfigs(0, { resourceType: TOPIC_RESOURCE, resourceName: "payments" }, [
        { name: "retention.ms", configOperation: SET, value: "3600000" },
      ]);
      const configs = await client.topicConfigs("payments");
      expect(configs.status === "ok" && configs.value.find((c) => c.name === "retention.ms")).toMatchObject({
        value: "3600000",
        isDefault: false,
        source: "DYNAMIC_TOPIC_CONFIG",
      });
      // Not (yet) implemented by the engine: each must be a typed "unsupported", never a crash.
      for (const call of [
        () => wire.electLeaders(0, 0, [{ topic: "orders", partitions: [0] }]),
        () => wire.describeProducers(0, "orders", [0]),
      ]) {
        const failure = await call().then(
          () => undefined,
          (error: unknown) => error,
        );
        if (failure !== undefined) expect(failure).toBeInstanceOf(UnsupportedByClusterError);
      }
    } finally {
      await wire.close();
    }
  });

  it("names what it cannot find", async () => {
    await expect(client.topic("nope")).rejects.toThrow(new NotFoundError("topic", "nope"));
    await expect(client.broker(42)).rejects.toBeInstanceOf(NotFoundError);
  });
});
