import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { CONSUMER_OFFSETS_TOPIC, offsetsPartitionFor } from "../../groups";
import { ensureOffsetsTopic } from "../../groups/broker-groups";
import { RawKafkaClient } from "../test-support";
import { startGroupsTestCluster, type GroupsTestCluster } from "./test-support";

/** Exact wire behaviour of the group APIs, through Pier's own codec, on a 3-broker cluster. */
let t: GroupsTestCluster;
const clients: RawKafkaClient[] = [];

beforeAll(async () => {
  t = await startGroupsTestCluster({ brokers: 3, brokerConfig: { "offsets.topic.num.partitions": "6" } });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await t?.stop();
});

async function client(brokerId: number): Promise<RawKafkaClient> {
  const registration = t.cluster.controller.brokerList().find((b) => b.id === brokerId)!;
  const c = await RawKafkaClient.connect(registration.host, registration.port);
  clients.push(c);
  return c;
}

/** The broker leading the group's __consumer_offsets partition (the topic is created if need be). */
function coordinatorIdOf(groupId: string): number {
  ensureOffsetsTopic(t.cluster.controller);
  const partition = offsetsPartitionFor(groupId, 6);
  return t.cluster.controller.topic(CONSUMER_OFFSETS_TOPIC)!.partitions[partition]!.leader;
}

/** A group id whose coordinator is broker `id`. */
function groupOn(id: number, prefix: string): string {
  for (let i = 0; ; i++) if (coordinatorIdOf(`${prefix}-${i}`) === id) return `${prefix}-${i}`;
}

describe("coordinator placement on a 3-broker cluster", () => {
  it("creates __consumer_offsets on the first FindCoordinator: internal, compacted, offsets.topic.num.partitions", async () => {
    const c = await client(0);
    expect(t.cluster.controller.topic(CONSUMER_OFFSETS_TOPIC)).toBeUndefined();
    const found = await c.request(ApiKey.FindCoordinator, 1, { key: "first", keyType: 0 });
    expect(found).toMatchObject({ errorCode: 0, nodeId: coordinatorIdOf("first") });
    const metadata = await c.request(ApiKey.Metadata, 1, { topics: [{ name: CONSUMER_OFFSETS_TOPIC }] });
    expect(metadata.topics[0]).toMatchObject({ errorCode: 0, name: CONSUMER_OFFSETS_TOPIC, isInternal: true });
    expect(metadata.topics[0]!.partitions).toHaveLength(6);
    expect(new Set(metadata.topics[0]!.partitions.map((p) => p.leaderId))).toEqual(new Set([0, 1, 2]));
    const configs = await c.request(ApiKey.DescribeConfigs, 1, {
      resources: [{ resourceType: 2, resourceName: CONSUMER_OFFSETS_TOPIC, configurationKeys: ["cleanup.policy"] }],
    });
    expect(configs.results[0]!.configs).toMatchObject([{ name: "cleanup.policy", value: "compact" }]);
  });

  it("FindCoordinator (single and batched keys) names the leader of the group's partition", async () => {
    const groups = [groupOn(0, "a"), groupOn(1, "b"), groupOn(2, "c")];
    const c = await client(0);
    for (const groupId of groups) {
      const v2 = await c.request(ApiKey.FindCoordinator, 2, { key: groupId, keyType: 0 });
      expect(v2).toMatchObject({ errorCode: 0, nodeId: coordinatorIdOf(groupId) });
    }
    const v4 = await c.request(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: groups });
    expect(v4.coordinators.map((k) => [k.key, k.nodeId, k.errorCode])).toEqual(groups.map((g, i) => [g, i, 0]));
    const txn = await c.request(ApiKey.FindCoordinator, 1, { key: "tx", keyType: 1 });
    expect(txn.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it("answers NOT_COORDINATOR on other brokers, and serves the group on its coordinator", async () => {
    const groupId = groupOn(2, "placed");
    const wrong = await client(1);
    const join = {
      groupId,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      memberId: "",
      groupInstanceId: null,
      protocolType: "consumer",
      protocols: [{ name: "range", metadata: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }],
    };
    expect((await wrong.request(ApiKey.JoinGroup, 5, join)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect((await wrong.request(ApiKey.OffsetFetch, 3, { groupId, topics: null })).errorCode).toBe(
      ErrorCode.NOT_COORDINATOR,
    );
    const right = await client(2);
    const first = await right.request(ApiKey.JoinGroup, 5, join);
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const joined = await right.request(ApiKey.JoinGroup, 5, { ...join, memberId: first.memberId });
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, leader: first.memberId, protocolName: "range" });
    const groupsOf = async (id: number) =>
      (await (await client(id)).request(ApiKey.ListGroups, 2, {})).groups.map((g) => g.groupId);
    expect(await groupsOf(2)).toContain(groupId);
    expect(await groupsOf(0)).not.toContain(groupId);
  });
});

describe("group APIs across versions", () => {
  it("JoinGroup v0 (no rebalance timeout), SyncGroup v0, Heartbeat v0, LeaveGroup v0", async () => {
    const groupId = groupOn(0, "v0");
    const c = await client(0);
    const joined = await c.request(ApiKey.JoinGroup, 0, {
      groupId,
      sessionTimeoutMs: 10_000,
      memberId: "",
      protocolType: "consumer",
      protocols: [{ name: "range", metadata: Buffer.from("m") }],
    });
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, protocolName: "range" });
    expect(joined.members.map((m) => m.metadata.toString())).toEqual(["m"]);
    const sync = await c.request(ApiKey.SyncGroup, 0, {
      groupId,
      generationId: 1,
      memberId: joined.memberId,
      assignments: [{ memberId: joined.memberId, assignment: Buffer.from("a") }],
    });
    expect(sync).toMatchObject({ errorCode: 0 });
    expect(sync.assignment.toString()).toBe("a");
    expect(
      (await c.request(ApiKey.Heartbeat, 0, { groupId, generationId: 1, memberId: joined.memberId })).errorCode,
    ).toBe(0);
    expect(
      (await c.request(ApiKey.Heartbeat, 0, { groupId, generationId: 9, memberId: joined.memberId })).errorCode,
    ).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await c.request(ApiKey.LeaveGroup, 0, { groupId, memberId: "stranger" })).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    expect((await c.request(ApiKey.LeaveGroup, 0, { groupId, memberId: joined.memberId })).errorCode).toBe(0);
  });

  it("flexible versions: JoinGroup v9 static member, SyncGroup v5, DescribeGroups v5, ListGroups v5 filters, LeaveGroup v5 batch", async () => {
    const groupId = groupOn(1, "flex");
    const c = await client(1);
    const join = {
      groupId,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      memberId: "",
      groupInstanceId: "pod-1",
      protocolType: "consumer",
      protocols: [{ name: "cooperative-sticky", metadata: Buffer.from([1]) }],
      reason: null,
    };
    const joined = await c.request(ApiKey.JoinGroup, 9, join);
    expect(joined).toMatchObject({
      errorCode: 0,
      protocolType: "consumer",
      protocolName: "cooperative-sticky",
      skipAssignment: false,
    });
    expect(joined.members).toEqual([
      { memberId: joined.memberId, groupInstanceId: "pod-1", metadata: Buffer.from([1]) },
    ]);
    const badSync = await c.request(ApiKey.SyncGroup, 5, {
      groupId,
      generationId: 1,
      memberId: joined.memberId,
      groupInstanceId: "pod-1",
      protocolType: "consumer",
      protocolName: "range",
      assignments: [],
    });
    expect(badSync.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const sync = await c.request(ApiKey.SyncGroup, 5, {
      groupId,
      generationId: 1,
      memberId: joined.memberId,
      groupInstanceId: "pod-1",
      protocolType: "consumer",
      protocolName: "cooperative-sticky",
      assignments: [{ memberId: joined.memberId, assignment: Buffer.from([7]) }],
    });
    expect(sync).toMatchObject({ errorCode: 0, protocolType: "consumer", protocolName: "cooperative-sticky" });
    const described = await c.request(ApiKey.DescribeGroups, 5, {
      groups: [groupId],
      includeAuthorizedOperations: true,
    });
    expect(described.groups[0]).toMatchObject({
      errorCode: 0,
      groupState: "Stable",
      protocolData: "cooperative-sticky",
      authorizedOperations: 328,
    });
    expect(described.groups[0]!.members[0]).toMatchObject({
      groupInstanceId: "pod-1",
      clientId: "pier-test",
      clientHost: "/127.0.0.1",
    });
    const stable = await c.request(ApiKey.ListGroups, 5, { statesFilter: ["STABLE"], typesFilter: ["classic"] });
    expect(stable.groups).toContainEqual({
      groupId,
      protocolType: "consumer",
      groupState: "Stable",
      groupType: "classic",
    });
    expect(
      (await c.request(ApiKey.ListGroups, 4, { statesFilter: ["Empty"] })).groups.map((g) => g.groupId),
    ).not.toContain(groupId);
    // A new instance of pod-1 fences the old member id.
    const replaced = await c.request(ApiKey.JoinGroup, 9, join);
    expect(replaced.memberId).not.toBe(joined.memberId);
    const fenced = await c.request(ApiKey.Heartbeat, 4, {
      groupId,
      generationId: 1,
      memberId: joined.memberId,
      groupInstanceId: "pod-1",
    });
    expect(fenced.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    const left = await c.request(ApiKey.LeaveGroup, 5, {
      groupId,
      members: [
        { memberId: "", groupInstanceId: "pod-1", reason: "bye" },
        { memberId: "x", groupInstanceId: null, reason: null },
      ],
    });
    expect(left.errorCode).toBe(0);
    expect(left.members.map((m) => m.errorCode)).toEqual([0, ErrorCode.UNKNOWN_MEMBER_ID]);
  });

  it("OffsetCommit v2/v8, OffsetFetch v1/v8 (several groups), OffsetDelete and DeleteGroups", async () => {
    const groupId = groupOn(2, "offsets");
    const other = groupOn(2, "offsets-other");
    const c = await client(2);
    const admin = await client(0);
    await admin.request(ApiKey.CreateTopics, 3, {
      topics: [{ name: "wire", numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    const v2 = await c.request(ApiKey.OffsetCommit, 2, {
      groupId,
      generationIdOrMemberEpoch: -1,
      memberId: "",
      retentionTimeMs: -1n,
      topics: [
        {
          name: "wire",
          partitions: [
            { partitionIndex: 0, committedOffset: 5n, committedMetadata: "x" },
            { partitionIndex: 9, committedOffset: 1n, committedMetadata: null },
          ],
        },
      ],
    });
    expect(v2.topics[0]!.partitions.map((p) => p.errorCode)).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    const v8 = await c.request(ApiKey.OffsetCommit, 8, {
      groupId: other,
      generationIdOrMemberEpoch: -1,
      memberId: "",
      groupInstanceId: null,
      topics: [
        {
          name: "wire",
          partitions: [{ partitionIndex: 1, committedOffset: 8n, committedLeaderEpoch: 2, committedMetadata: "" }],
        },
      ],
    });
    expect(v8.topics[0]!.partitions[0]!.errorCode).toBe(0);
    const v1 = await c.request(ApiKey.OffsetFetch, 1, {
      groupId,
      topics: [{ name: "wire", partitionIndexes: [0, 1] }],
    });
    expect(v1.topics[0]!.partitions.map((p) => [p.committedOffset, p.metadata])).toEqual([
      [5n, "x"],
      [-1n, ""],
    ]);
    const multi = await c.request(ApiKey.OffsetFetch, 8, {
      groups: [
        { groupId, topics: null },
        { groupId: other, topics: [{ name: "wire", partitionIndexes: [1] }] },
      ],
      requireStable: false,
    });
    expect(
      multi.groups.map((g) => [
        g.groupId,
        g.errorCode,
        g.topics.flatMap((t) => t.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.committedLeaderEpoch])),
      ]),
    ).toEqual([
      [groupId, 0, [[0, 5n, -1]]],
      [other, 0, [[1, 8n, 2]]],
    ]);
    const deleted = await c.request(ApiKey.OffsetDelete, 0, {
      groupId,
      topics: [{ name: "wire", partitions: [{ partitionIndex: 0 }] }],
    });
    expect(deleted).toMatchObject({
      errorCode: 0,
      topics: [{ name: "wire", partitions: [{ partitionIndex: 0, errorCode: 0 }] }],
    });
    expect((await c.request(ApiKey.OffsetFetch, 3, { groupId, topics: null })).topics).toEqual([]);
    const groupsDeleted = await c.request(ApiKey.DeleteGroups, 1, { groupsNames: [other, "never-there-2"] });
    expect(groupsDeleted.results.map((r) => r.errorCode)).toEqual([
      0,
      coordinatorIdOf("never-there-2") === 2 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.NOT_COORDINATOR,
    ]);
  });

  it("advertises the group APIs with librdkafka 2.0.2's minimum versions", async () => {
    const c = await client(0);
    const versions = await c.request(ApiKey.ApiVersions, 2, {});
    const range = (key: number) => versions.apiKeys.find((k) => k.apiKey === key);
    for (const key of [
      ApiKey.FindCoordinator,
      ApiKey.JoinGroup,
      ApiKey.SyncGroup,
      ApiKey.Heartbeat,
      ApiKey.LeaveGroup,
      ApiKey.OffsetCommit,
      ApiKey.OffsetFetch,
    ]) {
      expect(range(key)?.minVersion).toBe(0);
    }
    expect(range(ApiKey.OffsetCommit)?.maxVersion).toBe(8);
    expect(range(ApiKey.OffsetDelete)).toMatchObject({ minVersion: 0, maxVersion: 0 });
  });
});
