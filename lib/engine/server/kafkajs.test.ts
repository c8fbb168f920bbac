import {
  CompressionCodecs,
  CompressionTypes,
  ConfigResourceTypes,
  Kafka,
  logLevel,
  type Admin,
  type Producer,
} from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import { kafkajsCodecs } from "../../protocol/compression/kafkajs-codecs";
import { compressionOf } from "../../protocol/records/batch-header";
import { decodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { RawKafkaClient, startTestCluster, type TestCluster } from "./test-support";

interface Consumed {
  offset: bigint;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** Reads a partition from `from` to its high watermark with Pier's own codec (Fetch v11). */
async function consume(client: RawKafkaClient, topic: string, partition: number, from = 0n): Promise<Consumed[]> {
  const out: Consumed[] = [];
  let offset = from;
  for (;;) {
    const response = await client.request(ApiKey.Fetch, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 1,
      topics: [{ topic, partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: 1 << 20 }] }],
    });
    const data = response.responses[0]!.partitions[0]!;
    expect(data.errorCode).toBe(ErrorCode.NONE);
    const records = data.records ?? Buffer.alloc(0);
    if (records.length === 0) return out;
    for (const { pos } of iterateBatches(records)) {
      const batch = decodeRecordBatch(records, pos);
      for (const r of batch.records) {
        const recordOffset = batch.baseOffset + BigInt(r.offsetDelta);
        if (recordOffset < offset) continue;
        out.push({
          offset: recordOffset,
          key: r.key?.toString() ?? null,
          value: r.value?.toString() ?? null,
          headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value?.toString() ?? ""])),
        });
      }
      offset = batch.baseOffset + BigInt(batch.lastOffsetDelta) + 1n;
    }
    if (offset >= data.highWatermark) return out;
  }
}

describe("kafkajs against the broker", () => {
  let t: TestCluster;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let raw: RawKafkaClient;

  beforeAll(async () => {
    Object.assign(CompressionCodecs, kafkajsCodecs);
    t = await startTestCluster();
    kafka = new Kafka({
      clientId: "pier-kafkajs-test",
      brokers: [t.bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 3 },
    });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    raw = await RawKafkaClient.connect(t.host, t.port);
  });

  afterAll(async () => {
    raw?.close();
    await producer?.disconnect();
    await admin?.disconnect();
    await t?.stop();
  });

  it("creates, lists, describes and deletes topics", async () => {
    expect(
      await admin.createTopics({
        topics: [
          { topic: "admin-topic", numPartitions: 3, configEntries: [{ name: "retention.ms", value: "3600000" }] },
        ],
      }),
    ).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: "admin-topic" }] })).toBe(false);
    expect(await admin.listTopics()).toContain("admin-topic");
    const metadata = await admin.fetchTopicMetadata({ topics: ["admin-topic"] });
    expect(metadata.topics[0]!.partitions.map((p) => [p.partitionId, p.leader, p.replicas, p.isr]).sort()).toEqual([
      [0, 0, [0], [0]],
      [1, 0, [0], [0]],
      [2, 0, [0], [0]],
    ]);
    const cluster = await admin.describeCluster();
    expect(cluster).toMatchObject({ controller: 0, brokers: [{ nodeId: 0, host: t.host, port: t.port }] });
    expect(cluster.clusterId).toBe(t.cluster.clusterId);
    await admin.deleteTopics({ topics: ["admin-topic"] });
    expect(await admin.listTopics()).not.toContain("admin-topic");
  });

  it("rejects invalid topics with Kafka's errors", async () => {
    const failure = (topic: Parameters<Admin["createTopics"]>[0]["topics"][number]) =>
      admin.createTopics({ topics: [topic] }).then(
        () => undefined,
        (err: { errors?: Array<{ type: string; message: string }> }) => err.errors?.[0],
      );
    expect(await failure({ topic: "bad/name" })).toMatchObject({ type: "INVALID_TOPIC_EXCEPTION" });
    expect(
      await failure({ topic: "bad-config", configEntries: [{ name: "retention.ms", value: "forever" }] }),
    ).toMatchObject({ type: "INVALID_CONFIG" });
    expect(await failure({ topic: "too-replicated", replicationFactor: 3 })).toMatchObject({
      type: "INVALID_REPLICATION_FACTOR",
    });
    expect(await admin.listTopics()).not.toContain("bad-config");
  });

  it("describes and alters topic and broker configs", async () => {
    await admin.createTopics({
      topics: [{ topic: "configs-topic", configEntries: [{ name: "cleanup.policy", value: "compact" }] }],
    });
    const described = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: "configs-topic" }],
      includeSynonyms: true,
    });
    const entries = described.resources[0]!.configEntries;
    expect(entries.find((e) => e.configName === "cleanup.policy")).toMatchObject({
      configValue: "compact",
      isDefault: false,
      configSource: 1,
    });
    expect(entries.find((e) => e.configName === "segment.bytes")).toMatchObject({
      configValue: "1073741824",
      configSource: 5,
    });
    expect(entries.length).toBeGreaterThanOrEqual(20);
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: "configs-topic",
          configEntries: [{ name: "retention.ms", value: "1234" }],
        },
      ],
    });
    const after = await admin.describeConfigs({
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: "configs-topic", configNames: ["retention.ms", "cleanup.policy"] },
      ],
      includeSynonyms: false,
    });
    expect(Object.fromEntries(after.resources[0]!.configEntries.map((e) => [e.configName, e.configValue]))).toEqual({
      "retention.ms": "1234",
      "cleanup.policy": "delete",
    });
    await expect(
      admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: "configs-topic",
            configEntries: [{ name: "segment.ms", value: "-5" }],
          },
        ],
      }),
    ).rejects.toMatchObject({ type: "INVALID_CONFIG" });
    const broker = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.BROKER, name: "0" }],
      includeSynonyms: false,
    });
    expect(broker.resources[0]!.configEntries.find((e) => e.configName === "broker.id")).toMatchObject({
      configValue: "0",
      readOnly: true,
    });
  });

  it("adds partitions", async () => {
    await admin.createTopics({ topics: [{ topic: "grow", numPartitions: 1 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: "grow", count: 4 }] });
    const metadata = await admin.fetchTopicMetadata({ topics: ["grow"] });
    expect(metadata.topics[0]!.partitions).toHaveLength(4);
    await expect(admin.createPartitions({ topicPartitions: [{ topic: "grow", count: 2 }] })).rejects.toThrow();
  });

  it.each([
    ["none", CompressionTypes.None],
    ["gzip", CompressionTypes.GZIP],
    ["snappy", CompressionTypes.Snappy],
    ["lz4", CompressionTypes.LZ4],
    ["zstd", CompressionTypes.ZSTD],
  ])("round-trips keys, values and headers with %s compression", async (name, compression) => {
    const topic = `roundtrip-${name}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const messages = Array.from({ length: 200 }, (_, i) => ({
      key: `key-${i}`,
      value: `value-${i} ${"x".repeat(i % 50)}`,
      headers: { n: String(i), codec: name },
    }));
    const [first] = await producer.send({ topic, compression, acks: -1, messages: messages.slice(0, 100) });
    expect(first).toMatchObject({ errorCode: 0, baseOffset: "0" });
    await producer.send({ topic, compression, acks: 1, messages: messages.slice(100) });
    const consumed = await consume(raw, topic, 0);
    expect(consumed.map((c) => c.offset)).toEqual(messages.map((_, i) => BigInt(i)));
    const stored = await raw.request(ApiKey.Fetch, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      topics: [{ topic, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }],
    });
    const batches = [...iterateBatches(stored.responses[0]!.partitions[0]!.records!)];
    expect(batches.map((b) => compressionOf(b.header.attributes))).toEqual([compression, compression]);
    expect(consumed.map((c) => [c.key, c.value, c.headers])).toEqual(messages.map((m) => [m.key, m.value, m.headers]));
  });

  it("answers offsets, offsets by timestamp and deletes records", async () => {
    const topic = "offsets-topic";
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const before = Date.now();
    for (let i = 0; i < 5; i++)
      await producer.send({
        topic,
        messages: [{ partition: 0, value: `m${i}`, timestamp: String(before + i * 1000) }],
      });
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: "5", high: "5", low: "0" },
      { partition: 1, offset: "0", high: "0", low: "0" },
    ]);
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, before + 2500);
    expect(byTime.find((o) => o.partition === 0)).toEqual({ partition: 0, offset: "3" });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: "2" }] });
    const after = await admin.fetchTopicOffsets(topic);
    expect(after.find((o) => o.partition === 0)).toMatchObject({ low: "2", high: "5" });
    const consumed = await consume(raw, topic, 0, 2n);
    expect(consumed.map((c) => c.value)).toEqual(["m2", "m3", "m4"]);
    const outOfRange = await raw.request(ApiKey.Fetch, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1000,
      isolationLevel: 0,
      topics: [{ topic, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1000 }] }],
    });
    expect(outOfRange.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it("deduplicates an idempotent producer's batches", async () => {
    const topic = "idempotent-topic";
    await admin.createTopics({ topics: [{ topic }] });
    const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await idempotent.connect();
    try {
      for (let i = 0; i < 3; i++)
        await idempotent.send({ topic, acks: -1, messages: [{ value: `i${i}` }, { value: `j${i}` }] });
    } finally {
      await idempotent.disconnect();
    }
    expect((await consume(raw, topic, 0)).map((c) => c.value)).toEqual(["i0", "j0", "i1", "j1", "i2", "j2"]);
  });

  it("refuses produce to an unknown topic and to a missing partition", async () => {
    await expect(producer.send({ topic: "no-such-topic", messages: [{ value: "x" }] })).rejects.toThrow();
    const response = await raw.request(ApiKey.Produce, 7, {
      acks: 1,
      timeoutMs: 1000,
      topicData: [{ name: "no-such-topic", partitionData: [{ index: 0, records: null }] }],
    });
    expect(response.responses[0]!.partitionResponses[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});
