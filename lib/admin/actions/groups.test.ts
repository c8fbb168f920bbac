import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol";
import { isAdminError } from "../errors";
import { startReferenceCluster, type TestCluster } from "../testing/test-clusters";
import { ProtocolClient } from "../wire/protocol-client";
import { GroupActions } from "./groups";

/**
 * The group actions on a cluster that lacks part of Kafka's admin APIs: librdkafka's mock has
 * OffsetCommit and OffsetFetch but no DescribeGroups or DeleteGroups, and cannot answer an
 * OffsetFetch for "all topics". A reset must still plan and apply (the coordinator itself refuses
 * commits to an active group), and what the cluster cannot do is an explained "unsupported".
 */
const { Kafka, logLevel } = kafkajs;

describe("group actions on librdkafka's mock cluster", () => {
  let cluster: TestCluster;
  let wire: ProtocolClient;
  let admin: kafkajs.Admin;

  beforeAll(async () => {
    cluster = await startReferenceCluster(3);
    const kafka = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    // The mock auto-creates topics with 4 partitions on first use.
    await producer.send({
      topic: "events",
      messages: Array.from({ length: 12 }, (_, i) => ({ partition: i % 4, value: `e${i}` })),
    });
    await producer.disconnect();
    admin = kafka.admin();
    await admin.connect();
    wire = new ProtocolClient({
      id: "mock",
      bootstrapServers: cluster.bootstrapServers,
      securityProtocol: "PLAINTEXT",
    });
    // The group exists once it has offsets: partitions 0 and 1 committed at 1, as a plain admin commit.
    const connection = await wire.connectionTo(await wire.findCoordinator("readers"));
    const seeded = await connection.send(ApiKey.OffsetCommit, 2, {
      groupId: "readers",
      generationIdOrMemberEpoch: -1,
      memberId: "",
      retentionTimeMs: -1n,
      topics: [
        {
          name: "events",
          partitions: [0, 1].map((partitionIndex) => ({
            partitionIndex,
            committedOffset: 1n,
            committedMetadata: null,
          })),
        },
      ],
    });
    expect(seeded.topics[0]!.partitions.map((p) => p.errorCode)).toEqual([0, 0]);
  }, 60_000);

  afterAll(async () => {
    await admin?.disconnect();
    await wire?.close();
    await cluster?.stop();
  });

  const offsets = async (groupId: string) =>
    (await admin.fetchOffsets({ groupId, topics: ["events"] }))[0]!.partitions
      .sort((a, b) => a.partition - b.partition)
      .map((p) => Number(p.offset));

  it("plans and applies a reset without DescribeGroups, and explains what the cluster lacks", async () => {
    const actions = new GroupActions(wire);
    const first = await actions.planReset("readers", {
      scope: { kind: "topic", topic: "events" },
      strategy: { to: "offset", offset: 2 },
    });
    expect(first).toMatchObject({ groupState: "Unknown", blocked: null });
    expect(first.rows.map((r) => [r.partition, r.currentOffset, r.newOffset])).toEqual([
      [0, 1, 2],
      [1, 1, 2],
      [2, null, 2],
      [3, null, 2],
    ]);
    await actions.apply(first);
    expect(await offsets("readers")).toEqual([2, 2, 2, 2]);

    // The committed offsets are read back for the next plan ("all topics" is asked partition by partition).
    const shift = await actions.planReset("readers", { scope: { kind: "group" }, strategy: { to: "shift", by: 5 } });
    expect(shift.rows.map((r) => [r.currentOffset, r.newOffset, r.clamped])).toEqual(Array(4).fill([2, 3, "log_end"]));
    const applied = await actions.apply(shift);
    expect(applied.before.map((e) => e.offset)).toEqual([2, 2, 2, 2]);
    expect(await offsets("readers")).toEqual([3, 3, 3, 3]);

    const failure = await actions.deleteGroup("readers").catch((error: unknown) => error);
    expect(isAdminError(failure) && failure.code).toBe("unsupported");
    expect((failure as Error).message).toMatch(/does not support the Kafka API DeleteGroups/);
  }, 30_000);
});
