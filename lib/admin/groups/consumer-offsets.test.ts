import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaClusterClient } from "../cluster-client";
import { NotFoundError } from "../errors";
import { startTestEmbeddedCluster, type TestCluster } from "../testing/test-clusters";
import { ProtocolClient } from "../wire/protocol-client";

const { Kafka, logLevel } = kafkajs;

/**
 * The groups view fed by `__consumer_offsets`: offsets are committed through the engine's group
 * coordinator (kafkajs admin commits for empty groups, a group deletion, an OffsetDelete), which
 * writes them in Kafka's own key/value formats; the console's index reads them back incrementally.
 */
describe("consumer groups read from __consumer_offsets", () => {
  let cluster: TestCluster;
  let client: KafkaClusterClient;
  const OLD_TIMESTAMP_MS = Date.now() - 3_600_000;

  beforeAll(async () => {
    cluster = await startTestEmbeddedCluster(1);
    const kafka = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "orders", numPartitions: 3, replicationFactor: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    // orders: 4 records per partition, partition 0 at OLD+0, OLD+3, OLD+6, OLD+9.
    await producer.send({
      topic: "orders",
      messages: Array.from({ length: 12 }, (_, i) => ({
        partition: i % 3,
        value: `o${i}`,
        timestamp: String(OLD_TIMESTAMP_MS + i),
      })),
    });
    await producer.disconnect();
    const commit = (groupId: string, partitions: [number, number][]) =>
      admin.setOffsets({
        groupId,
        topic: "orders",
        partitions: partitions.map(([partition, offset]) => ({ partition, offset: String(offset) })),
      });
    await commit("billing", [[0, 0]]);
    await commit("billing", [
      [0, 1],
      [1, 4],
    ]); // a later commit wins
    await commit("audit", [[0, 10]]); // beyond the log end
    await commit("gone", [[0, 2]]);
    await admin.deleteGroups(["gone"]);
    await commit("dropped", [[1, 2]]);
    const wire = new ProtocolClient({
      id: "setup",
      bootstrapServers: cluster.bootstrapServers,
      securityProtocol: "PLAINTEXT",
    });
    await wire.offsetDelete(await wire.findCoordinator("dropped"), "dropped", "orders", [1]);
    await wire.close();
    await admin.disconnect();
    client = new KafkaClusterClient({
      id: "offsets",
      bootstrapServers: cluster.bootstrapServers,
      securityProtocol: "PLAINTEXT",
    });
  });

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  it("lists the groups with their lag, flags included", async () => {
    const { value } = await client.consumerGroups({});
    expect(value.source).toEqual({ kind: "consumer_offsets", caughtUp: true });
    expect(value.rows.map((g) => g.groupId)).toEqual(["audit", "billing"]);
    const [audit, billing] = value.rows;
    expect(billing).toMatchObject({
      totalLag: 3,
      topics: ["orders"],
      flags: { noCommit: 1, belowLogStart: 0, negative: 0 },
    });
    expect(audit).toMatchObject({ totalLag: -6, flags: { noCommit: 2, belowLogStart: 0, negative: 1 } });
  });

  it("answers which groups read a topic from the index", async () => {
    const { value } = await client.topic("orders");
    expect(value.consumers.status).toBe("ok");
    if (value.consumers.status !== "ok") return;
    expect(value.consumers.value.map((c) => [c.groupId, c.lag, c.partitions])).toEqual([
      ["audit", -6, 1],
      ["billing", 3, 2],
    ]);
    expect(value.row.consumerGroups).toBe(2);
  });

  it("details one group: lag per partition, no commit said, time lag from the first unconsumed record", async () => {
    const before = Date.now();
    const { value } = await client.consumerGroup("billing");
    expect(value.members.status).toBe("ok");
    if (value.members.status === "ok") expect(value.members.value).toEqual([]); // an empty group: no members
    expect(value.offsets.map((o) => [o.partition, o.committedOffset, o.logEndOffset, o.lag, o.flag])).toEqual([
      [0, 1, 4, 3, null],
      [1, 4, 4, 0, null],
      [2, null, 4, null, "no_commit"],
    ]);
    const p0 = value.offsets[0]!;
    // The first unconsumed record of partition 0 is offset 1, produced at OLD + 3.
    expect(p0.timeLagMs).toBeGreaterThanOrEqual(before - (OLD_TIMESTAMP_MS + 3));
    expect(p0.timeLagMs).toBeLessThanOrEqual(Date.now() - (OLD_TIMESTAMP_MS + 3));
    expect(value.offsets[1]!.timeLagMs).toBe(0);
    expect(value.summary.maxTimeLagMs).toBe(p0.timeLagMs);
  });

  it("names a group it does not know", async () => {
    await expect(client.consumerGroup("gone")).rejects.toBeInstanceOf(NotFoundError);
  });
});
