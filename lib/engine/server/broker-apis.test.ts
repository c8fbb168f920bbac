import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { ZERO_UUID } from "../../protocol/primitives/uuid";
import { ErrorCode } from "../../protocol/error-codes";
import { CompressionType } from "../../protocol/records/batch-header";
import { encodeRecordBatch, type BatchInput } from "../../protocol/records/record-batch";
import { startEmbeddedCluster } from "../cluster/embedded-cluster";
import { RawKafkaClient, startTestCluster, type TestCluster } from "./test-support";

/** n records of `size` bytes each. */
const values = (n: number, size = 10) => ({
  records: Array.from({ length: n }, (_, i) => ({ value: Buffer.from(`${i}`.padEnd(size, "x")) })),
});

/** Wire-level behaviour of the broker's APIs, through Pier's own protocol codec. */
describe("broker APIs over the wire", () => {
  let t: TestCluster;
  let c: RawKafkaClient;

  const createTopic = async (name: string, partitions = 1, configs: Array<{ name: string; value: string }> = []) => {
    const r = await c.request(ApiKey.CreateTopics, 5, {
      topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    expect(r.topics[0]!.errorCode).toBe(ErrorCode.NONE);
    return r.topics[0]!;
  };
  const produce = async (
    topic: string,
    batch: BatchInput,
    options: { acks?: number; version?: number; partition?: number; client?: RawKafkaClient } = {},
  ) => {
    const r = await (options.client ?? c).request(ApiKey.Produce, options.version ?? 8, {
      acks: options.acks ?? -1,
      timeoutMs: 5000,
      topicData: [
        { name: topic, partitionData: [{ index: options.partition ?? 0, records: encodeRecordBatch(batch) }] },
      ],
    });
    return r.responses[0]!.partitionResponses[0]!;
  };
  const fetch = (
    topic: string,
    fetchOffset: bigint,
    options: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; partitionMaxBytes?: number } = {},
  ) =>
    c.request(ApiKey.Fetch, 11, {
      replicaId: -1,
      maxWaitMs: options.maxWaitMs ?? 0,
      minBytes: options.minBytes ?? 1,
      maxBytes: options.maxBytes ?? 1 << 20,
      isolationLevel: 0,
      topics: [
        { topic, partitions: [{ partition: 0, fetchOffset, partitionMaxBytes: options.partitionMaxBytes ?? 1 << 20 }] },
      ],
    });

  beforeAll(async () => {
    t = await startTestCluster();
    c = await RawKafkaClient.connect(t.host, t.port);
  });
  afterAll(async () => {
    c?.close();
    await t?.stop();
  });

  it("CreateTopics v5 reports partitions, replication factor and effective configs", async () => {
    const created = await createTopic("created-v5", 4, [{ name: "retention.ms", value: "1000" }]);
    expect(created).toMatchObject({ numPartitions: 4, replicationFactor: 1 });
    expect(created.configs!.find((x) => x.name === "retention.ms")).toMatchObject({ value: "1000", configSource: 1 });
    const dry = await c.request(ApiKey.CreateTopics, 5, {
      topics: [
        {
          name: "dry-run",
          numPartitions: 1,
          replicationFactor: 1,
          assignments: [],
          configs: [{ name: "retention.ms", value: "1234" }],
        },
      ],
      timeoutMs: 1000,
      validateOnly: true,
    });
    expect(dry.topics[0]!.errorCode).toBe(ErrorCode.NONE);
    // The answer describes the topic as it would be: the requested value, as a topic override.
    expect(dry.topics[0]!.configs?.find((config) => config.name === "retention.ms")).toMatchObject({
      value: "1234",
      configSource: 1,
    });
    expect(dry.topics[0]!.configs?.find((config) => config.name === "cleanup.policy")?.value).toBe("delete");
    const metadata = await c.request(ApiKey.Metadata, 1, { topics: [{ name: "dry-run" }] });
    expect(metadata.topics[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it("a parked fetch wakes as soon as data arrives, and times out empty otherwise", async () => {
    await createTopic("long-poll");
    const started = Date.now();
    const empty = await fetch("long-poll", 0n, { maxWaitMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(empty.responses[0]!.partitions[0]!.records?.length ?? 0).toBe(0);
    const producer = await RawKafkaClient.connect(t.host, t.port);
    const waiting = fetch("long-poll", 0n, { maxWaitMs: 20_000 });
    const parkedAt = Date.now();
    setTimeout(() => void produce("long-poll", values(3), { client: producer }), 100);
    const woke = await waiting;
    expect(Date.now() - parkedAt).toBeLessThan(10_000);
    expect(woke.responses[0]!.partitions[0]!.highWatermark).toBe(3n);
    expect(woke.responses[0]!.partitions[0]!.records!.length).toBeGreaterThan(0);
    producer.close();
  });

  it("respects response and partition byte limits but always returns one whole batch", async () => {
    await createTopic("limits");
    for (let i = 0; i < 3; i++) await produce("limits", values(10, 100));
    const one = await fetch("limits", 0n, { maxBytes: 10, partitionMaxBytes: 10 });
    const first = one.responses[0]!.partitions[0]!.records!;
    expect(first.length).toBeGreaterThan(10);
    const all = await fetch("limits", 0n);
    expect(all.responses[0]!.partitions[0]!.records!.length).toBe(first.length * 3);
    const two = await fetch("limits", 0n, { maxBytes: first.length * 2 + 5 });
    expect(two.responses[0]!.partitions[0]!.records!.length).toBe(first.length * 2);
  });

  it("Fetch v13+ addresses topics by id (KIP-516)", async () => {
    await createTopic("by-id");
    await produce("by-id", values(3));
    const metadata = await c.request(ApiKey.Metadata, 12, {
      topics: [{ topicId: ZERO_UUID, name: "by-id" }],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    const topicId = metadata.topics[0]!.topicId;
    expect(topicId).not.toBe(ZERO_UUID);
    const unknownId = "ASNFZ4mrze8BI0VniavN7w";
    const response = await c.request(ApiKey.Fetch, 16, {
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      topics: [
        { topicId, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] },
        { topicId: unknownId, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] },
      ],
    });
    expect(
      response.responses.map((r) => [r.topicId, r.partitions[0]!.errorCode, r.partitions[0]!.highWatermark]),
    ).toEqual([
      [topicId, ErrorCode.NONE, 3n],
      [unknownId, ErrorCode.UNKNOWN_TOPIC_ID, -1n],
    ]);
    expect(response.responses[0]!.partitions[0]!.records!.length).toBeGreaterThan(0);
  });

  it("answers out-of-range and unknown-partition fetches with errors", async () => {
    await createTopic("ranges");
    await produce("ranges", values(2));
    const beyond = await fetch("ranges", 3n);
    expect(beyond.responses[0]!.partitions[0]).toMatchObject({
      errorCode: ErrorCode.OFFSET_OUT_OF_RANGE,
      highWatermark: -1n,
    });
    const atEnd = await fetch("ranges", 2n);
    expect(atEnd.responses[0]!.partitions[0]).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 2n });
    const unknown = await fetch("no-such-topic", 0n);
    expect(unknown.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it("ListOffsets: earliest, latest, by timestamp, max timestamp and v0's old-style offsets", async () => {
    await createTopic("list-offsets");
    const base = 1_700_000_000_000n;
    await produce("list-offsets", {
      records: [0, 1, 2].map((i) => ({ value: Buffer.from("a"), timestamp: base + BigInt(i) * 10n })),
    });
    await produce("list-offsets", { records: [{ value: Buffer.from("b"), timestamp: base + 5n }] });
    const ask = async (timestamp: bigint, version = 7) =>
      (
        await c.request(ApiKey.ListOffsets, version, {
          replicaId: -1,
          isolationLevel: 0,
          topics: [{ name: "list-offsets", partitions: [{ partitionIndex: 0, timestamp, maxNumOffsets: 1 }] }],
        })
      ).topics[0]!.partitions[0]!;
    expect(await ask(-2n)).toMatchObject({ offset: 0n, timestamp: -1n });
    expect(await ask(-1n)).toMatchObject({ offset: 4n });
    expect(await ask(base + 11n)).toMatchObject({ offset: 2n, timestamp: base + 20n });
    expect(await ask(base + 21n)).toMatchObject({ offset: -1n, timestamp: -1n });
    expect(await ask(-3n)).toMatchObject({ offset: 2n, timestamp: base + 20n });
    expect(await ask(-3n, 6)).toMatchObject({ errorCode: ErrorCode.UNSUPPORTED_VERSION });
    expect((await ask(-1n, 0)).oldStyleOffsets).toEqual([4n]);
    expect(await ask(-1n, 10)).toMatchObject({ errorCode: ErrorCode.NONE, offset: 4n, leaderEpoch: 0 });
  });

  it("OffsetForLeaderEpoch answers the epoch's end offset and fences stale epochs", async () => {
    await createTopic("epochs");
    await produce("epochs", values(4));
    const ask = async (leaderEpoch: number, currentLeaderEpoch = -1) =>
      (
        await c.request(ApiKey.OffsetForLeaderEpoch, 3, {
          replicaId: -1,
          topics: [{ topic: "epochs", partitions: [{ partition: 0, currentLeaderEpoch, leaderEpoch }] }],
        })
      ).topics[0]!.partitions[0]!;
    expect(await ask(0)).toMatchObject({ errorCode: ErrorCode.NONE, leaderEpoch: 0, endOffset: 4n });
    expect(await ask(0, 0)).toMatchObject({ errorCode: ErrorCode.NONE, endOffset: 4n });
    expect(await ask(0, 1)).toMatchObject({ errorCode: ErrorCode.UNKNOWN_LEADER_EPOCH });
    const unknown = await c.request(ApiKey.OffsetForLeaderEpoch, 3, {
      replicaId: -1,
      topics: [{ topic: "nope", partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] }],
    });
    expect(unknown.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it("DeleteRecords raises the log start offset and refuses offsets past the high watermark", async () => {
    await createTopic("purge");
    await produce("purge", values(5));
    const del = async (offset: bigint) =>
      (
        await c.request(ApiKey.DeleteRecords, 1, {
          topics: [{ name: "purge", partitions: [{ partitionIndex: 0, offset }] }],
          timeoutMs: 1000,
        })
      ).topics[0]!.partitions[0]!;
    expect(await del(3n)).toMatchObject({ errorCode: ErrorCode.NONE, lowWatermark: 3n });
    expect(await del(9n)).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE });
    expect(await del(-1n)).toMatchObject({ errorCode: ErrorCode.NONE, lowWatermark: 5n });
  });

  it("refuses client produce to internal topics, as Kafka does", async () => {
    // The first FindCoordinator creates __consumer_offsets (all 50 partitions led by this broker).
    for (let attempt = 0; attempt < 50; attempt++) {
      const found = await c.request(ApiKey.FindCoordinator, 3, { key: "g", keyType: 0 });
      if (found.errorCode === ErrorCode.NONE) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await produce("__consumer_offsets", values(1), { acks: 1 })).toMatchObject({
      errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION,
      errorMessage: "Cannot append to internal topic __consumer_offsets",
    });
  });

  it("refuses zstd before Produce v7, bad acks, future timestamps and too few in-sync replicas", async () => {
    await createTopic("refusals", 1, [{ name: "min.insync.replicas", value: "2" }]);
    expect(
      await produce("refusals", { ...values(1), compression: CompressionType.Zstd }, { version: 6, acks: 1 }),
    ).toMatchObject({ errorCode: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE });
    expect(await produce("refusals", values(1), { acks: 2 })).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUIRED_ACKS,
    });
    expect(await produce("refusals", values(1), { acks: -1 })).toMatchObject({
      errorCode: ErrorCode.NOT_ENOUGH_REPLICAS,
    });
    const future = BigInt(Date.now() + 2 * 3600_000);
    expect(
      await produce("refusals", { records: [{ value: Buffer.from("late"), timestamp: future }] }, { acks: 1 }),
    ).toMatchObject({
      errorCode: ErrorCode.INVALID_TIMESTAMP,
    });
    expect(
      await produce("refusals", { ...values(1), compression: CompressionType.Zstd }, { version: 7, acks: 1 }),
    ).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    const fetchAt = (version: number) =>
      c.request(ApiKey.Fetch, version, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        topics: [{ topic: "refusals", partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }],
      });
    expect((await fetchAt(9)).responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    expect((await fetchAt(10)).responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
  });

  it("idempotent produce: duplicates acknowledged once, gaps refused, state rebuilt after restart", async () => {
    await createTopic("idempotence");
    const init = await c.request(ApiKey.InitProducerId, 1, { transactionalId: null, transactionTimeoutMs: 60000 });
    expect(init.errorCode).toBe(ErrorCode.NONE);
    const batch = (baseSequence: number) => ({
      ...values(3),
      producerId: init.producerId,
      producerEpoch: init.producerEpoch,
      baseSequence,
    });
    expect(await produce("idempotence", batch(0))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    expect(await produce("idempotence", batch(3))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 3n });
    expect(await produce("idempotence", batch(0))).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    expect(await produce("idempotence", batch(9))).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect((await fetch("idempotence", 0n)).responses[0]!.partitions[0]!.highWatermark).toBe(6n);
    const producers = await c.request(ApiKey.DescribeProducers, 0, {
      topics: [{ name: "idempotence", partitionIndexes: [0, 9] }],
    });
    expect(producers.topics[0]!.partitions.map((p) => [p.partitionIndex, p.errorCode, p.activeProducers])).toEqual([
      [
        0,
        ErrorCode.NONE,
        [
          {
            producerId: init.producerId,
            producerEpoch: 0,
            lastSequence: 5,
            lastTimestamp: -1n,
            coordinatorEpoch: -1,
            currentTxnStartOffset: -1n,
          },
        ],
      ],
      [9, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, []],
    ]);

    const dataDir = path.join(t.dataDir, "restarted");
    fs.mkdirSync(dataDir);
    let cluster = await startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: 0, brokers: 1, dataDir });
    let client = await RawKafkaClient.connect("127.0.0.1", cluster.brokers[0]!.port);
    await client.request(ApiKey.CreateTopics, 4, {
      topics: [{ name: "idem", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 1000,
    });
    expect(await produce("idem", batch(0), { client })).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    client.close();
    await cluster.stop();
    cluster = await startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: 0, brokers: 1, dataDir });
    client = await RawKafkaClient.connect("127.0.0.1", cluster.brokers[0]!.port);
    expect(await produce("idem", batch(0), { client })).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 0n });
    expect(await produce("idem", batch(6), { client })).toMatchObject({
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
    expect(await produce("idem", batch(3), { client })).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 3n });
    client.close();
    await cluster.stop();
  });

  it("DescribeConfigs, IncrementalAlterConfigs with validation, and validate-only", async () => {
    await createTopic("incremental");
    const alter = (name: string, value: string | null, op = 0, validateOnly = false) =>
      c.request(ApiKey.IncrementalAlterConfigs, 1, {
        resources: [{ resourceType: 2, resourceName: "incremental", configs: [{ name, configOperation: op, value }] }],
        validateOnly,
      });
    expect((await alter("retention.ms", "-7")).responses[0]).toMatchObject({
      errorCode: ErrorCode.INVALID_CONFIG,
      errorMessage: expect.stringContaining("retention.ms"),
    });
    expect((await alter("retention.ms", "5000", 0, true)).responses[0]!.errorCode).toBe(ErrorCode.NONE);
    const describe = async () =>
      (
        await c.request(ApiKey.DescribeConfigs, 4, {
          resources: [{ resourceType: 2, resourceName: "incremental", configurationKeys: ["retention.ms"] }],
          includeSynonyms: true,
          includeDocumentation: true,
        })
      ).results[0]!.configs[0]!;
    expect(await describe()).toMatchObject({ value: "604800000", configSource: 5, configType: 5, isSensitive: false });
    expect((await alter("retention.ms", "5000")).responses[0]!.errorCode).toBe(ErrorCode.NONE);
    const after = await describe();
    expect(after).toMatchObject({ value: "5000", configSource: 1 });
    expect(after.synonyms.map((s) => [s.name, s.source])).toEqual([
      ["retention.ms", 1],
      ["log.retention.ms", 5],
    ]);
    const unknown = await c.request(ApiKey.DescribeConfigs, 4, {
      resources: [{ resourceType: 2, resourceName: "nope", configurationKeys: null }],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    expect(unknown.results[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    // Config changes reach the produce path at once, topic-level and cluster-wide.
    expect((await alter("min.insync.replicas", "2")).responses[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(await produce("incremental", values(1), { acks: -1 })).toMatchObject({
      errorCode: ErrorCode.NOT_ENOUGH_REPLICAS,
    });
    expect((await alter("min.insync.replicas", null, 1)).responses[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(await produce("incremental", values(1), { acks: -1 })).toMatchObject({ errorCode: ErrorCode.NONE });
    const clusterWide = (value: string | null, op: number) =>
      c.request(ApiKey.IncrementalAlterConfigs, 1, {
        resources: [
          {
            resourceType: 4,
            resourceName: "",
            configs: [{ name: "log.message.timestamp.type", configOperation: op, value }],
          },
        ],
        validateOnly: false,
      });
    expect((await clusterWide("LogAppendTime", 0)).responses[0]!.errorCode).toBe(ErrorCode.NONE);
    const appended = await produce(
      "incremental",
      { records: [{ value: Buffer.from("t"), timestamp: 1000n }] },
      { acks: 1 },
    );
    expect(appended.errorCode).toBe(ErrorCode.NONE);
    expect(appended.logAppendTimeMs).toBeGreaterThan(1000n);
    expect((await clusterWide(null, 1)).responses[0]!.errorCode).toBe(ErrorCode.NONE);
  });

  it("DescribeCluster and DescribeLogDirs report the broker and real partition sizes", async () => {
    const cluster = await c.request(ApiKey.DescribeCluster, 1, {
      includeClusterAuthorizedOperations: false,
      endpointType: 1,
    });
    expect(cluster).toMatchObject({
      errorCode: 0,
      clusterId: t.cluster.clusterId,
      controllerId: 0,
      brokers: [{ brokerId: 0, host: t.host, port: t.port }],
    });
    await createTopic("sized");
    await produce("sized", values(50, 200));
    const dirs = await c.request(ApiKey.DescribeLogDirs, 4, { topics: [{ topic: "sized", partitions: [0] }] });
    const result = dirs.results[0]!;
    const onDisk = fs
      .readdirSync(path.join(result.logDir, "sized-0"))
      .filter((f) => f.endsWith(".log"))
      .reduce((sum, f) => sum + fs.statSync(path.join(result.logDir, "sized-0", f)).size, 0);
    expect(result.topics).toEqual([
      {
        name: "sized",
        partitions: [{ partitionIndex: 0, partitionSize: BigInt(onDisk), offsetLag: 0n, isFutureKey: false }],
      },
    ]);
    expect(onDisk).toBeGreaterThan(50 * 200);
    expect(result.totalBytes).toBeGreaterThan(0n);
  });

  it("DeleteTopics removes the partition directories", async () => {
    await createTopic("to-delete", 2);
    const logDir = t.cluster.brokers[0]!.broker.logDir;
    expect(fs.existsSync(path.join(logDir, "to-delete-1"))).toBe(true);
    const r = await c.request(ApiKey.DeleteTopics, 4, { topicNames: ["to-delete", "never-existed"], timeoutMs: 1000 });
    expect(r.responses.map((x) => [x.name, x.errorCode])).toEqual([
      ["to-delete", ErrorCode.NONE],
      ["never-existed", ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    expect(fs.readdirSync(logDir).filter((d) => d.startsWith("to-delete"))).toEqual([]);
  });
});

describe("cluster behaviours", () => {
  it("auto-creates topics from Metadata only when auto.create.topics.enable is set", async () => {
    const on = await startTestCluster({ brokerConfig: { "auto.create.topics.enable": "true" } });
    const off = await startTestCluster();
    try {
      const a = await RawKafkaClient.connect(on.host, on.port);
      expect(
        (await a.request(ApiKey.Metadata, 4, { topics: [{ name: "auto" }], allowAutoTopicCreation: true })).topics[0]!
          .errorCode,
      ).toBe(ErrorCode.LEADER_NOT_AVAILABLE);
      const second = await a.request(ApiKey.Metadata, 4, { topics: [{ name: "auto" }], allowAutoTopicCreation: true });
      expect(second.topics[0]).toMatchObject({
        errorCode: ErrorCode.NONE,
        partitions: [{ partitionIndex: 0, leaderId: 0 }],
      });
      expect(
        (await a.request(ApiKey.Metadata, 4, { topics: [{ name: "not-auto" }], allowAutoTopicCreation: false }))
          .topics[0]!.errorCode,
      ).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      a.close();
      const b = await RawKafkaClient.connect(off.host, off.port);
      expect(
        (await b.request(ApiKey.Metadata, 4, { topics: [{ name: "auto" }], allowAutoTopicCreation: true })).topics[0]!
          .errorCode,
      ).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      b.close();
    } finally {
      await on.stop();
      await off.stop();
    }
  });

  it("three brokers: each publishes all with racks, leaders spread, and non-leaders refuse produce", async () => {
    const t = await startTestCluster({ brokers: 3, racks: ["rack-a", "rack-b", null] });
    try {
      const clients = await Promise.all(t.cluster.brokers.map((b) => RawKafkaClient.connect(b.host, b.port)));
      await clients[0]!.request(ApiKey.CreateTopics, 4, {
        topics: [{ name: "spread", numPartitions: 6, replicationFactor: 3, assignments: [], configs: [] }],
        timeoutMs: 1000,
      });
      const metadata = await clients[2]!.request(ApiKey.Metadata, 7, {
        topics: [{ name: "spread" }],
        allowAutoTopicCreation: false,
      });
      expect(metadata.brokers.map((b) => [b.nodeId, b.rack])).toEqual([
        [0, "rack-a"],
        [1, "rack-b"],
        [2, null],
      ]);
      const rackConfig = await clients[1]!.request(ApiKey.DescribeConfigs, 1, {
        resources: [{ resourceType: 4, resourceName: "1", configurationKeys: ["broker.rack", "broker.id"] }],
        includeSynonyms: false,
      });
      expect(rackConfig.results[0]!.configs.map((x) => [x.name, x.value, x.configSource])).toEqual([
        ["broker.id", "1", 4],
        ["broker.rack", "rack-b", 4],
      ]);
      const partitions = metadata.topics[0]!.partitions;
      expect(new Set(partitions.map((p) => p.leaderId))).toEqual(new Set([0, 1, 2]));
      for (const p of partitions) expect(new Set(p.replicaNodes)).toEqual(new Set([0, 1, 2]));
      const p0 = partitions.find((p) => p.partitionIndex === 0)!;
      const records = encodeRecordBatch(values(1));
      for (const [id, client] of clients.entries()) {
        const r = await client.request(ApiKey.Produce, 7, {
          acks: 1,
          timeoutMs: 1000,
          topicData: [{ name: "spread", partitionData: [{ index: 0, records: Buffer.from(records) }] }],
        });
        expect(r.responses[0]!.partitionResponses[0]!.errorCode).toBe(
          id === p0.leaderId ? ErrorCode.NONE : ErrorCode.NOT_LEADER_OR_FOLLOWER,
        );
      }
      // KIP-951: a non-leader names the leader and its endpoint (Produce v10+, Fetch v16).
      const follower = clients[(p0.leaderId + 1) % 3]!;
      const leader = t.cluster.brokers[p0.leaderId]!;
      const produced = await follower.request(ApiKey.Produce, 10, {
        acks: 1,
        timeoutMs: 1000,
        topicData: [{ name: "spread", partitionData: [{ index: 0, records: Buffer.from(records) }] }],
      });
      expect(produced.responses[0]!.partitionResponses[0]!.currentLeader).toEqual({
        leaderId: p0.leaderId,
        leaderEpoch: 0,
      });
      expect(produced.nodeEndpoints).toEqual([
        {
          nodeId: leader.id,
          host: leader.host,
          port: leader.port,
          rack: p0.leaderId === 2 ? null : `rack-${"ab"[p0.leaderId]}`,
        },
      ]);
      const fetched = await follower.request(ApiKey.Fetch, 16, {
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1000,
        isolationLevel: 0,
        topics: [
          {
            topicId: t.cluster.controller.topic("spread")!.topicId,
            partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1000 }],
          },
        ],
      });
      expect(fetched.responses[0]!.partitions[0]).toMatchObject({
        errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
        currentLeader: { leaderId: p0.leaderId, leaderEpoch: 0 },
      });
      expect(fetched.nodeEndpoints.map((n) => n.nodeId)).toEqual([p0.leaderId]);
      for (const client of clients) client.close();
    } finally {
      await t.stop();
    }
  });
});
