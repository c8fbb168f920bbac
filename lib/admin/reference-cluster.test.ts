import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaClusterClient } from "./cluster-client";
import { AdminError } from "./errors";
import { ApiKey } from "../protocol";
import { ProtocolClient } from "./wire/protocol-client";
import { startReferenceCluster, type TestCluster } from "./testing/test-clusters";

const { Kafka, logLevel } = kafkajs;

/** A plain OffsetCommit (generation -1: no member), as `kafka-consumer-groups --reset-offsets` sends. */
async function commitOffsets(bootstrap: string[], groupId: string, topic: string, offsets: [number, bigint][]) {
  const wire = new ProtocolClient({ id: "seed", bootstrapServers: bootstrap, securityProtocol: "PLAINTEXT" });
  try {
    const connection = await wire.connectionTo(await wire.findCoordinator(groupId));
    const answer = await connection.send(ApiKey.OffsetCommit, 2, {
      groupId,
      generationIdOrMemberEpoch: -1,
      memberId: "",
      retentionTimeMs: -1n,
      topics: [
        {
          name: topic,
          partitions: offsets.map(([partitionIndex, committedOffset]) => ({
            partitionIndex,
            committedOffset,
            committedMetadata: null,
          })),
        },
      ],
    });
    expect(answer.topics.flatMap((t) => t.partitions.map((p) => p.errorCode))).toEqual(offsets.map(() => 0));
  } finally {
    await wire.close();
  }
}

/**
 * lib/admin against librdkafka's mock cluster, which implements only part of Kafka's admin APIs
 * (no ListGroups, DescribeGroups, DescribeConfigs or DescribeLogDirs; ListOffsets v4+ answers that
 * do not decode): every gap must come out as a typed, explained result, never a crash.
 */
describe("ClusterClient on a cluster that lacks admin APIs (librdkafka mock)", () => {
  let cluster: TestCluster;
  let client: KafkaClusterClient;

  beforeAll(async () => {
    cluster = await startReferenceCluster(3);
    const kafka = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    // The mock auto-creates topics with 4 partitions on first use.
    await producer.send({
      topic: "events",
      messages: Array.from({ length: 8 }, (_, i) => ({ partition: i % 4, value: `e${i}` })),
    });
    await producer.disconnect();
    await commitOffsets(cluster.bootstrapServers, "reader", "events", [
      [0, 1n],
      [1, 9n],
    ]);
    client = new KafkaClusterClient({
      id: "mock",
      bootstrapServers: cluster.bootstrapServers,
      securityProtocol: "PLAINTEXT",
    });
  });

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  it("reads metadata and offsets, and explains the missing disk usage", async () => {
    const { value } = await client.overview();
    expect(value.brokers.online).toBe(3);
    expect(value.partitions.total).toBe(4);
    expect(value.messages).toBe(8);
    expect(value.totalSizeBytes).toBeNull();
    expect(value.sizeUnavailableReason).toMatch(/DescribeLogDirs/);
    const brokers = (await client.brokers()).value;
    expect(brokers.diskUnavailableReason).toMatch(/DescribeLogDirs/);
  });

  it("says configs and the group list are unsupported instead of failing", async () => {
    const configs = await client.topicConfigs("events");
    expect(configs).toMatchObject({ status: "unsupported", api: "DescribeConfigs" });
    const groups = (await client.consumerGroups({})).value;
    expect(groups.listing).toMatchObject({ status: "unsupported", api: "ListGroups" });
    const topic = (await client.topic("events")).value;
    expect(topic.consumers).toMatchObject({ status: "unsupported", api: "ListGroups" });
  });

  it("still details a known group through OffsetFetch, negative lag included", async () => {
    const { value } = await client.consumerGroup("reader");
    expect(value.members).toMatchObject({ status: "unsupported", api: "DescribeGroups" });
    expect(value.offsets.map((o) => [o.partition, o.committedOffset, o.logEndOffset, o.lag, o.flag])).toEqual([
      [0, 1, 2, 1, null],
      [1, 9, 2, -7, "negative"],
      [2, null, 2, null, "no_commit"],
      [3, null, 2, null, "no_commit"],
    ]);
    expect(value.offsets[0]!.timeLagMs).toBeGreaterThanOrEqual(0);
    expect(value.summary.totalLag).toBe(-6);
  });
});

describe("ClusterClient on an unreachable cluster", () => {
  const client = new KafkaClusterClient({
    id: "down",
    bootstrapServers: ["127.0.0.1:1"],
    securityProtocol: "PLAINTEXT",
  });
  afterAll(() => client.close());

  it("fails with a typed error that says why", async () => {
    const failure = await client.overview().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AdminError);
    expect(failure).toMatchObject({
      code: "unreachable",
      message: expect.stringMatching(/127\.0\.0\.1:1: connection refused/),
    });
    expect(await client.testConnection()).toMatchObject({ ok: false, code: "unreachable" });
  });
});
