import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { decodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { GroupCoordinator } from "./group-coordinator";
import type { OffsetCommitParams } from "./offset-commits";
import { offsetsTopicLog } from "./offsets-topic-log";
import { decodeOffsetsTopicKey } from "./offsets-topic-records";
import { ManualScheduler } from "./scheduler";
import {
  assignment,
  flush,
  joinParams,
  startTestCoordinator,
  TestOffsetsTopic,
  type TestCoordinator,
} from "./test-support";

let env: TestCoordinator;

afterEach(() => {
  env?.coordinator.shutdown();
  env?.topic.closeAll();
});

function commit(overrides: Partial<OffsetCommitParams> & { offsets?: Array<[string, number, bigint]> } = {}) {
  const { offsets = [["t", 0, 10n]], ...rest } = overrides;
  const topics = new Map<string, OffsetCommitParams["topics"][number]>();
  for (const [name, partitionIndex, committedOffset] of offsets) {
    const topic = topics.get(name) ?? { name, partitions: [] };
    topic.partitions.push({
      partitionIndex,
      committedOffset,
      committedLeaderEpoch: -1,
      commitTimestamp: -1n,
      committedMetadata: "meta",
    });
    topics.set(name, topic);
  }
  return env.coordinator.commitOffsets({
    groupId: "g",
    generationId: -1,
    memberId: "",
    groupInstanceId: null,
    retentionTimeMs: -1n,
    topics: [...topics.values()],
    ...rest,
  });
}

function errors(result: ReturnType<typeof commit>): number[] {
  return result.flatMap((t) => t.partitions.map((p) => p.errorCode));
}

/** One member joined and synced (Stable, generation 1), consuming topic "t". */
async function stableGroupOfOne() {
  const join = env.coordinator.joinGroup(joinParams());
  env.scheduler.advance(100);
  const joined = await join;
  await env.coordinator.syncGroup({
    groupId: "g",
    generationId: 1,
    memberId: joined.memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [{ memberId: joined.memberId, assignment: assignment([{ topic: "t", partitions: [0, 1] }]) }],
  });
  return joined;
}

describe("OffsetCommit / OffsetFetch", () => {
  it("stores a simple commit (generation -1) for a group nobody is in, and fetches it back", async () => {
    env = await startTestCoordinator();
    expect(
      errors(
        commit({
          offsets: [
            ["t", 0, 10n],
            ["t", 1, 20n],
            ["u", 0, 5n],
          ],
        }),
      ),
    ).toEqual([0, 0, 0]);
    expect(env.coordinator.group("g")!.state).toBe("Empty");
    const some = env.coordinator.fetchOffsets("g", [{ name: "t", partitionIndexes: [1, 2] }]);
    expect(some.topics[0]!.partitions).toEqual([
      { partitionIndex: 1, committedOffset: 20n, committedLeaderEpoch: -1, metadata: "meta", errorCode: 0 },
      { partitionIndex: 2, committedOffset: -1n, committedLeaderEpoch: -1, metadata: "", errorCode: 0 },
    ]);
    const all = env.coordinator.fetchOffsets("g", null);
    expect(all.topics.map((t) => [t.name, t.partitions.map((p) => p.committedOffset)])).toEqual([
      ["t", [10n, 20n]],
      ["u", [5n]],
    ]);
    expect(env.coordinator.fetchOffsets("unknown-group", null).topics).toEqual([]);
    const unknown = env.coordinator.fetchOffsets("other", [{ name: "t", partitionIndexes: [0] }]);
    expect(unknown.topics[0]!.partitions[0]!.committedOffset).toBe(-1n);
  });

  it("checks membership and generation of commits to a group in use", async () => {
    env = await startTestCoordinator();
    const member = await stableGroupOfOne();
    expect(errors(commit())).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(errors(commit({ generationId: 1, memberId: "someone" }))).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(errors(commit({ generationId: 7, memberId: member.memberId }))).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    expect(errors(commit({ generationId: 1, memberId: member.memberId }))).toEqual([ErrorCode.NONE]);
    expect(errors(commit({ groupId: "fresh", generationId: 3, memberId: "m" }))).toEqual([
      ErrorCode.ILLEGAL_GENERATION,
    ]);
  });

  it("accepts commits while PreparingRebalance and refuses them while CompletingRebalance", async () => {
    env = await startTestCoordinator();
    const joins = [env.coordinator.joinGroup(joinParams()), env.coordinator.joinGroup(joinParams())];
    env.scheduler.advance(300);
    const [a, b] = await Promise.all(joins);
    // a rejoins with new metadata: a rebalance starts and waits for b.
    const rejoin = env.coordinator.joinGroup(
      joinParams({ memberId: a!.memberId, protocols: [{ name: "range", metadata: Buffer.from([1]) }] }),
    );
    expect(env.coordinator.group("g")!.state).toBe("PreparingRebalance");
    expect(errors(commit({ generationId: 1, memberId: b!.memberId }))).toEqual([ErrorCode.NONE]);
    const rejoinB = env.coordinator.joinGroup(joinParams({ memberId: b!.memberId }));
    await Promise.all([rejoin, rejoinB]);
    expect(env.coordinator.group("g")!.state).toBe("CompletingRebalance");
    expect(errors(commit({ generationId: 2, memberId: b!.memberId }))).toEqual([ErrorCode.REBALANCE_IN_PROGRESS]);
  });

  it("answers per partition: unknown topics and oversized metadata are refused, the rest stored", async () => {
    env = await startTestCoordinator();
    const result = env.coordinator.commitOffsets({
      groupId: "g",
      generationId: -1,
      memberId: "",
      groupInstanceId: null,
      retentionTimeMs: -1n,
      topics: [
        {
          name: "unknown-topic",
          partitions: [
            {
              partitionIndex: 0,
              committedOffset: 1n,
              committedLeaderEpoch: -1,
              commitTimestamp: -1n,
              committedMetadata: null,
            },
          ],
        },
        {
          name: "t",
          partitions: [
            {
              partitionIndex: 0,
              committedOffset: 1n,
              committedLeaderEpoch: 4,
              commitTimestamp: -1n,
              committedMetadata: null,
            },
            {
              partitionIndex: 1,
              committedOffset: 1n,
              committedLeaderEpoch: -1,
              commitTimestamp: -1n,
              committedMetadata: "x".repeat(5000),
            },
          ],
        },
      ],
    });
    expect(errors(result)).toEqual([
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.NONE,
      ErrorCode.OFFSET_METADATA_TOO_LARGE,
    ]);
    const fetched = env.coordinator.fetchOffsets("g", null);
    expect(fetched.topics).toEqual([
      {
        name: "t",
        partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: 4, metadata: "", errorCode: 0 }],
      },
    ]);
  });
});

describe("__consumer_offsets storage", () => {
  it("writes Kafka's records to the group's partition and replays them in a new coordinator", async () => {
    env = await startTestCoordinator();
    const member = await stableGroupOfOne();
    commit({
      generationId: 1,
      memberId: member.memberId,
      offsets: [
        ["t", 0, 7n],
        ["t", 1, 9n],
      ],
    });
    commit({ groupId: "simple", offsets: [["t", 0, 3n]] });
    const partition = env.coordinator.partitionFor("g");
    const log = env.topic.open(partition);
    const { records } = log.read(0n, 1 << 20);
    const keys = [...iterateBatches(records)].flatMap(({ pos }) =>
      decodeRecordBatch(records, pos).records.map((r) => decodeOffsetsTopicKey(r.key!)),
    );
    expect(keys.filter((k) => k.group === "g")).toEqual([
      { type: "group", group: "g" },
      { type: "offset", group: "g", topic: "t", partition: 0 },
      { type: "offset", group: "g", topic: "t", partition: 1 },
    ]);

    env.coordinator.shutdown();
    const scheduler = new ManualScheduler(env.scheduler.now());
    const restarted = await startTestCoordinator({ topic: env.topic, scheduler });
    env = restarted;
    const group = restarted.coordinator.group("g")!;
    expect(group.state).toBe("Stable");
    expect(group.generationId).toBe(1);
    expect(group.has(member.memberId)).toBe(true);
    expect(
      restarted.coordinator
        .describeGroup("g")
        .members[0]!.memberAssignment.equals(assignment([{ topic: "t", partitions: [0, 1] }])),
    ).toBe(true);
    expect(restarted.coordinator.fetchOffsets("g", null).topics[0]!.partitions.map((p) => p.committedOffset)).toEqual([
      7n,
      9n,
    ]);
    expect(restarted.coordinator.fetchOffsets("simple", null).topics[0]!.partitions[0]!.committedOffset).toBe(3n);
    // The loaded member must heartbeat within its session, or it is removed and the group empties.
    scheduler.advance(999);
    expect(restarted.coordinator.group("g")!.state).toBe("Stable");
    scheduler.advance(1);
    expect(restarted.coordinator.group("g")!.state).toBe("Empty");
    expect(restarted.coordinator.group("g")!.generationId).toBe(2);
  });

  it("answers NOT_COORDINATOR for groups on partitions it does not lead and LOAD_IN_PROGRESS while loading", async () => {
    const scheduler = new ManualScheduler();
    const topic = new TestOffsetsTopic(() => scheduler.now());
    const coordinator = new GroupCoordinator({
      log: offsetsTopicLog((p) => ({ log: topic.open(p), leaderEpoch: 0 })),
      config: { offsetsTopicNumPartitions: 4, groupMinSessionTimeoutMs: 100 },
      scheduler,
    });
    env = { coordinator, scheduler, topic };
    coordinator.startup();
    const p = coordinator.partitionFor("g");
    expect((await coordinator.joinGroup(joinParams())).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    const loading = coordinator.onElection(p);
    expect(coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: "m", groupInstanceId: null })).toBe(
      ErrorCode.NONE,
    );
    expect(coordinator.fetchOffsets("g", null).errorCode).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    await loading;
    expect(coordinator.fetchOffsets("g", null).errorCode).toBe(ErrorCode.NONE);
    coordinator.onResignation(p);
    expect(coordinator.describeGroup("g").errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  });

  it("answers a parked JoinGroup with NOT_COORDINATOR when the partition moves away", async () => {
    env = await startTestCoordinator();
    const join = env.coordinator.joinGroup(joinParams());
    env.coordinator.onResignation(env.coordinator.partitionFor("g"));
    expect((await join).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  });
});

describe("admin APIs", () => {
  it("lists groups with a case-insensitive state filter and describes them", async () => {
    env = await startTestCoordinator();
    const member = await stableGroupOfOne();
    commit({ groupId: "offsets-only" });
    expect(
      env.coordinator
        .listGroups()
        .groups.map((g) => [g.groupId, g.groupState, g.protocolType])
        .sort(),
    ).toEqual([
      ["g", "Stable", "consumer"],
      ["offsets-only", "Empty", ""],
    ]);
    expect(env.coordinator.listGroups(["stable"]).groups.map((g) => g.groupId)).toEqual(["g"]);
    expect(env.coordinator.listGroups([], ["consumer"]).groups).toEqual([]);
    const described = env.coordinator.describeGroup("g");
    expect(described).toMatchObject({
      errorCode: 0,
      groupState: "Stable",
      protocolType: "consumer",
      protocolData: "range",
    });
    expect(described.members[0]).toMatchObject({
      memberId: member.memberId,
      clientId: "client",
      clientHost: "/127.0.0.1",
    });
    expect(env.coordinator.describeGroup("nope")).toMatchObject({ errorCode: 0, groupState: "Dead", members: [] });
  });

  it("deletes only empty groups, with tombstones that survive a reload", async () => {
    env = await startTestCoordinator();
    await stableGroupOfOne();
    commit({ groupId: "idle", offsets: [["t", 0, 1n]] });
    expect(env.coordinator.deleteGroup("g")).toBe(ErrorCode.NON_EMPTY_GROUP);
    expect(env.coordinator.deleteGroup("nope")).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect(env.coordinator.deleteGroup("idle")).toBe(ErrorCode.NONE);
    expect(env.coordinator.fetchOffsets("idle", null).topics).toEqual([]);
    env.coordinator.shutdown();
    env = await startTestCoordinator({ topic: env.topic, scheduler: env.scheduler });
    expect(env.coordinator.group("idle")).toBeUndefined();
    expect(env.coordinator.group("g")).toBeDefined();
  });

  it("OffsetDelete keeps offsets of topics the group consumes", async () => {
    env = await startTestCoordinator();
    const member = await stableGroupOfOne();
    commit({
      generationId: 1,
      memberId: member.memberId,
      offsets: [
        ["t", 0, 1n],
        ["old", 0, 2n],
      ],
    });
    const result = env.coordinator.deleteOffsets("g", [
      { name: "t", partitions: [{ partitionIndex: 0 }] },
      { name: "old", partitions: [{ partitionIndex: 0 }] },
    ]);
    expect(result.errorCode).toBe(ErrorCode.NONE);
    expect(result.topics.map((t) => t.partitions[0]!.errorCode)).toEqual([
      ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC,
      ErrorCode.NONE,
    ]);
    expect(env.coordinator.fetchOffsets("g", null).topics.map((t) => t.name)).toEqual(["t"]);
    expect(env.coordinator.deleteOffsets("nope", []).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });

  it("expires the offsets of a group empty for offsets.retention and then forgets the group", async () => {
    env = await startTestCoordinator();
    const member = await stableGroupOfOne();
    commit({ generationId: 1, memberId: member.memberId });
    env.coordinator.leaveGroup("g", [{ memberId: member.memberId, groupInstanceId: null }]);
    await flush();
    expect(env.coordinator.group("g")!.state).toBe("Empty");
    env.scheduler.advance(50_000);
    expect(env.coordinator.fetchOffsets("g", null).topics).toHaveLength(1); // 60 s retention not reached
    env.scheduler.advance(20_000);
    expect(env.coordinator.group("g")).toBeUndefined();
    env.coordinator.shutdown();
    env = await startTestCoordinator({ topic: env.topic, scheduler: env.scheduler });
    expect(env.coordinator.group("g")).toBeUndefined();
  });
});
