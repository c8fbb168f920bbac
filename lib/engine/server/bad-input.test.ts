import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import { decodeResponse, encodeRequest } from "../../protocol/frames";
import { encodeRecordBatch } from "../../protocol/records/record-batch";
import { RawKafkaClient, startTestCluster, type TestCluster } from "./test-support";

const MAX_FRAME_BYTES = 64 * 1024;

function sized(body: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(body.length, 0);
  return Buffer.concat([prefix, body]);
}

describe("broker network layer with bad and unusual input", () => {
  let t: TestCluster;
  const connect = () => RawKafkaClient.connect(t.host, t.port);
  const expectServing = async () => {
    const client = await connect();
    const metadata = await client.request(ApiKey.Metadata, 1, { topics: null });
    expect(metadata.brokers.map((b) => b.port)).toEqual([t.port]);
    client.close();
  };

  beforeAll(async () => {
    t = await startTestCluster({ maxFrameBytes: MAX_FRAME_BYTES });
  });
  afterAll(async () => t.stop());

  it("closes a connection that sends garbage, and keeps serving others", async () => {
    const bystander = await connect();
    const bad = await connect();
    bad.writeRaw(sized(Buffer.from("this is not a kafka request at all")));
    await bad.closed;
    const metadata = await bystander.request(ApiKey.Metadata, 4, { topics: [], allowAutoTopicCreation: false });
    expect(metadata.topics).toEqual([]);
    bystander.close();
  });

  it("closes a connection whose frame is over the size limit without reading it", async () => {
    const bad = await connect();
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(MAX_FRAME_BYTES + 1, 0);
    bad.writeRaw(prefix);
    await bad.closed;
    await expectServing();
  });

  it("closes on a negative frame size", async () => {
    const bad = await connect();
    bad.writeRaw(Buffer.from([0x80, 0, 0, 0]));
    await bad.closed;
    await expectServing();
  });

  it("closes on a truncated request body", async () => {
    const frame = encodeRequest(
      { apiKey: ApiKey.CreateTopics, apiVersion: 4, correlationId: 9, clientId: "t" },
      {
        topics: [{ name: "truncated", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
        timeoutMs: 1000,
      },
    );
    const cut = frame.subarray(4, frame.length - 6);
    const bad = await connect();
    bad.writeRaw(sized(Buffer.from(cut)));
    await bad.closed;
    await expectServing();
    const check = await connect();
    const metadata = await check.request(ApiKey.Metadata, 1, { topics: [{ name: "truncated" }] });
    expect(metadata.topics[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    check.close();
  });

  it("closes on an unknown API key and on an unsupported version, as Kafka does", async () => {
    for (const [apiKey, apiVersion] of [
      [999, 0],
      [ApiKey.Metadata, 99],
      [ApiKey.JoinGroup, 0],
    ] as const) {
      const header = Buffer.alloc(10);
      header.writeInt16BE(apiKey, 0);
      header.writeInt16BE(apiVersion, 2);
      header.writeInt32BE(1, 4);
      header.writeInt16BE(-1, 8);
      const bad = await connect();
      bad.writeRaw(sized(header));
      await bad.closed;
    }
    await expectServing();
  });

  it("answers ApiVersions of an unknown version with a v0 UNSUPPORTED_VERSION listing the ranges", async () => {
    const client = await connect();
    const response = client.nextFrame();
    const header = Buffer.alloc(10);
    header.writeInt16BE(ApiKey.ApiVersions, 0);
    header.writeInt16BE(99, 2);
    header.writeInt32BE(77, 4);
    header.writeInt16BE(-1, 8);
    client.writeRaw(sized(Buffer.concat([header, Buffer.from([0, 0, 0])])));
    const decoded = decodeResponse(ApiKey.ApiVersions, 0, await response);
    expect(decoded.correlationId).toBe(77);
    expect(decoded.body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(decoded.body.apiKeys.find((k) => k.apiKey === ApiKey.ApiVersions)).toMatchObject({ minVersion: 0 });
    const ok = await client.request(ApiKey.ApiVersions, 3, {
      clientSoftwareName: "pier-test",
      clientSoftwareVersion: "1.0",
    });
    expect(ok.errorCode).toBe(ErrorCode.NONE);
    client.close();
  });

  it("advertises the versions librdkafka 2.0.2's feature checks need", async () => {
    const client = await connect();
    const { apiKeys } = await client.request(ApiKey.ApiVersions, 2, {});
    const range = (key: number) => apiKeys.find((k) => k.apiKey === key);
    expect(range(ApiKey.Produce)).toMatchObject({ minVersion: 0 });
    expect(range(ApiKey.Produce)!.maxVersion).toBeGreaterThanOrEqual(7);
    expect(range(ApiKey.Fetch)!.minVersion).toBeLessThanOrEqual(4);
    expect(range(ApiKey.Fetch)!.maxVersion).toBeGreaterThanOrEqual(10);
    expect(range(ApiKey.ListOffsets)!.minVersion).toBeLessThanOrEqual(1);
    expect(range(ApiKey.FindCoordinator)).toMatchObject({ minVersion: 0 });
    expect(range(ApiKey.InitProducerId)).toMatchObject({ minVersion: 0 });
    // BrokerBalancedConsumer: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup from v0,
    // OffsetCommit within 1..2, OffsetFetch at 1.
    for (const key of [
      ApiKey.JoinGroup,
      ApiKey.SyncGroup,
      ApiKey.Heartbeat,
      ApiKey.LeaveGroup,
      ApiKey.OffsetCommit,
      ApiKey.OffsetFetch,
    ]) {
      expect(range(key)).toMatchObject({ minVersion: 0 });
    }
    client.close();
  });

  it("answers pipelined requests in order and sends nothing for acks=0 produce", async () => {
    const admin = await connect();
    const created = await admin.request(ApiKey.CreateTopics, 4, {
      topics: [{ name: "pipelined", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 1000,
    });
    expect(created.topics[0]!.errorCode).toBe(ErrorCode.NONE);
    const records = encodeRecordBatch({ records: [{ value: Buffer.from("fire and forget") }] });
    const frames = [
      encodeRequest({ apiKey: ApiKey.Metadata, apiVersion: 1, correlationId: 1, clientId: "p" }, { topics: null }),
      encodeRequest(
        { apiKey: ApiKey.Produce, apiVersion: 7, correlationId: 2, clientId: "p" },
        { acks: 0, timeoutMs: 1000, topicData: [{ name: "pipelined", partitionData: [{ index: 0, records }] }] },
      ),
      encodeRequest(
        { apiKey: ApiKey.ListOffsets, apiVersion: 1, correlationId: 3, clientId: "p" },
        { replicaId: -1, topics: [{ name: "pipelined", partitions: [{ partitionIndex: 0, timestamp: -1n }] }] },
      ),
      encodeRequest({ apiKey: ApiKey.ApiVersions, apiVersion: 0, correlationId: 4, clientId: "p" }, {}),
    ];
    const client = await connect();
    const responses = [client.nextFrame(), client.nextFrame(), client.nextFrame()];
    client.writeRaw(Buffer.concat(frames));
    const [metadata, offsets, versions] = await Promise.all(responses);
    expect(decodeResponse(ApiKey.Metadata, 1, metadata!).correlationId).toBe(1);
    const listed = decodeResponse(ApiKey.ListOffsets, 1, offsets!);
    expect(listed.correlationId).toBe(3);
    expect(listed.body.topics[0]!.partitions[0]!.offset).toBe(1n);
    expect(decodeResponse(ApiKey.ApiVersions, 0, versions!).correlationId).toBe(4);
    client.close();
    admin.close();
  });

  it("closes connections idle for longer than connections.max.idle.ms", async () => {
    const idle = await startTestCluster({ idleTimeoutMs: 200 });
    try {
      const client = await RawKafkaClient.connect(idle.host, idle.port);
      await client.request(ApiKey.Metadata, 1, { topics: null });
      const started = Date.now();
      await client.closed;
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      await idle.stop();
    }
  });

  it("closes the connection when an acks=0 produce fails, as Kafka does", async () => {
    const client = await connect();
    const records = encodeRecordBatch({ records: [{ value: Buffer.from("lost") }] });
    client.writeRaw(
      encodeRequest(
        { apiKey: ApiKey.Produce, apiVersion: 7, correlationId: 1, clientId: "p" },
        { acks: 0, timeoutMs: 1000, topicData: [{ name: "no-such-topic", partitionData: [{ index: 0, records }] }] },
      ),
    );
    await client.closed;
    await expectServing();
  });

  it("refuses more connections than max.connections", async () => {
    const small = await startTestCluster({ maxConnections: 1 });
    try {
      const first = await RawKafkaClient.connect(small.host, small.port);
      const second = await RawKafkaClient.connect(small.host, small.port);
      await second.closed;
      const metadata = await first.request(ApiKey.Metadata, 1, { topics: null });
      expect(metadata.brokers).toHaveLength(1);
      first.close();
    } finally {
      await small.stop();
    }
  });
});
