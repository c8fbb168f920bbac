import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { CONSUMER_OFFSETS_TOPIC } from "../../groups";
import { RawKafkaClient } from "../test-support";
import { startGroupsTestCluster, waitFor, type GroupsTestCluster } from "./test-support";

/** The coordinator follows the controller's metadata: it gains and loses __consumer_offsets partitions. */
let t: GroupsTestCluster;
let c: RawKafkaClient;

beforeAll(async () => {
  t = await startGroupsTestCluster();
  const broker = t.cluster.brokers[0]!;
  c = await RawKafkaClient.connect(broker.host, broker.port);
  await c.request(ApiKey.CreateTopics, 3, {
    topics: [{ name: "bound", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
});

afterAll(async () => {
  c?.close();
  await t?.stop();
});

const commit = (groupId: string) =>
  c.request(ApiKey.OffsetCommit, 2, {
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: "",
    retentionTimeMs: -1n,
    topics: [{ name: "bound", partitions: [{ partitionIndex: 0, committedOffset: 3n, committedMetadata: null }] }],
  });

describe("BrokerGroupCoordinator", () => {
  it("loads partitions as they appear and unloads them as they go", async () => {
    const coordinator = t.coordinators[0]!.coordinator;
    expect(coordinator.ownedPartitions()).toEqual([]);
    expect((await commit("bound-group")).topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NOT_COORDINATOR);

    expect((await c.request(ApiKey.FindCoordinator, 0, { key: "bound-group" })).errorCode).toBe(ErrorCode.NONE);
    await waitFor(
      () =>
        coordinator.ownedPartitions().length === 5 &&
        !coordinator.ownedPartitions().some((p) => coordinator.isLoading(p)),
    );
    expect((await commit("bound-group")).topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);

    t.cluster.controller.deleteTopic(t.cluster.controller.topic(CONSUMER_OFFSETS_TOPIC)!);
    expect(coordinator.ownedPartitions()).toEqual([]);
    expect((await c.request(ApiKey.OffsetFetch, 3, { groupId: "bound-group", topics: null })).errorCode).toBe(
      ErrorCode.NOT_COORDINATOR,
    );
  });
});
