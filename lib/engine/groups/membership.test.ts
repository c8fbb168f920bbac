import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import type { JoinGroupResult } from "./member-metadata";
import {
  assignment,
  flush,
  joinParams,
  startTestCoordinator,
  subscription,
  type TestCoordinator,
} from "./test-support";

let env: TestCoordinator;

afterEach(() => {
  env?.coordinator.shutdown();
  env?.topic.closeAll();
});

/** Joins a new dynamic member through the v4+ handshake; returns the parked JoinGroup. */
async function handshake(
  memberClientId: string,
  overrides = {},
): Promise<{ memberId: string; join: Promise<JoinGroupResult> }> {
  const first = await env.coordinator.joinGroup(
    joinParams({ clientId: memberClientId, requireKnownMemberId: true, ...overrides }),
  );
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  expect(first.memberId.startsWith(`${memberClientId}-`)).toBe(true);
  const join = env.coordinator.joinGroup(
    joinParams({ clientId: memberClientId, memberId: first.memberId, requireKnownMemberId: true, ...overrides }),
  );
  return { memberId: first.memberId, join };
}

/** Two members joined and synced: a Stable group at generation 1. */
async function stableGroupOfTwo() {
  const a = await handshake("a");
  const b = await handshake("b");
  // Initial rebalance delay (100 ms), extended once because b joined during it.
  env.scheduler.advance(200);
  const [ja, jb] = await Promise.all([a.join, b.join]);
  const leader = ja.leader === ja.memberId ? ja : jb;
  const follower = leader === ja ? jb : ja;
  const syncFollower = env.coordinator.syncGroup({
    groupId: "g",
    generationId: follower.generationId,
    memberId: follower.memberId,
    groupInstanceId: null,
    protocolType: "consumer",
    protocolName: "range",
    assignments: [],
  });
  const syncLeader = env.coordinator.syncGroup({
    groupId: "g",
    generationId: leader.generationId,
    memberId: leader.memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [
      { memberId: leader.memberId, assignment: assignment([{ topic: "t", partitions: [0] }]) },
      { memberId: follower.memberId, assignment: assignment([{ topic: "t", partitions: [1] }]) },
    ],
  });
  const [sl, sf] = await Promise.all([syncLeader, syncFollower]);
  return { leader, follower, sl, sf };
}

describe("JoinGroup / SyncGroup", () => {
  it("forms a group: MEMBER_ID_REQUIRED handshake, initial delay, leader gets the members, everyone its assignment", async () => {
    env = await startTestCoordinator();
    const a = await handshake("a");
    const b = await handshake("b");
    expect(env.coordinator.group("g")!.state).toBe("PreparingRebalance");
    let answered = false;
    void a.join.then(() => (answered = true));
    env.scheduler.advance(99);
    await flush();
    expect(answered).toBe(false); // the initial delay holds the join phase open
    const { leader, follower, sl, sf } = await stableGroupOfTwo2();
    expect(leader.generationId).toBe(1);
    expect(follower.generationId).toBe(1);
    expect(leader.protocolName).toBe("range");
    expect(leader.members.map((m) => m.memberId).sort()).toEqual([a.memberId, b.memberId].sort());
    expect(follower.members).toEqual([]);
    expect(follower.leader).toBe(leader.memberId);
    expect(sl.errorCode).toBe(ErrorCode.NONE);
    expect(sf.errorCode).toBe(ErrorCode.NONE);
    expect(sf.assignment.equals(assignment([{ topic: "t", partitions: [1] }]))).toBe(true);
    expect(env.coordinator.group("g")!.state).toBe("Stable");

    async function stableGroupOfTwo2() {
      env.scheduler.advance(101); // b joined during the delay: it was extended once
      const [ja, jb] = await Promise.all([a.join, b.join]);
      const leader = ja.leader === ja.memberId ? ja : jb;
      const follower = leader === ja ? jb : ja;
      const syncFollower = env.coordinator.syncGroup({
        groupId: "g",
        generationId: 1,
        memberId: follower.memberId,
        groupInstanceId: null,
        protocolType: "consumer",
        protocolName: "range",
        assignments: [],
      });
      await flush();
      expect(env.coordinator.group("g")!.state).toBe("CompletingRebalance"); // follower parked until the leader syncs
      const syncLeader = env.coordinator.syncGroup({
        groupId: "g",
        generationId: 1,
        memberId: leader.memberId,
        groupInstanceId: null,
        protocolType: null,
        protocolName: null,
        assignments: [{ memberId: follower.memberId, assignment: assignment([{ topic: "t", partitions: [1] }]) }],
      });
      const [sl, sf] = await Promise.all([syncLeader, syncFollower]);
      return { leader, follower, sl, sf };
    }
  });

  it("picks the protocol most members prefer among those all of them support", async () => {
    env = await startTestCoordinator();
    const sub = subscription(["t"]);
    const joins = [
      env.coordinator.joinGroup(
        joinParams({
          protocols: [
            { name: "range", metadata: sub },
            { name: "roundrobin", metadata: sub },
          ],
        }),
      ),
      env.coordinator.joinGroup(
        joinParams({
          protocols: [
            { name: "roundrobin", metadata: sub },
            { name: "range", metadata: sub },
          ],
        }),
      ),
      env.coordinator.joinGroup(
        joinParams({
          protocols: [
            { name: "roundrobin", metadata: sub },
            { name: "sticky", metadata: sub },
            { name: "range", metadata: sub },
          ],
        }),
      ),
    ];
    env.scheduler.advance(300);
    const results = await Promise.all(joins);
    expect(new Set(results.map((r) => r.protocolName))).toEqual(new Set(["roundrobin"]));
    const rejected = await env.coordinator.joinGroup(joinParams({ protocols: [{ name: "sticky", metadata: sub }] }));
    expect(rejected.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const otherType = await env.coordinator.joinGroup(joinParams({ protocolType: "connect" }));
    expect(otherType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it("validates session timeouts, group ids and member ids as Kafka does", async () => {
    env = await startTestCoordinator();
    expect((await env.coordinator.joinGroup(joinParams({ sessionTimeoutMs: 50 }))).errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
    expect((await env.coordinator.joinGroup(joinParams({ groupId: "" }))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await env.coordinator.joinGroup(joinParams({ memberId: "nobody" }))).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    const sync = await env.coordinator.syncGroup({
      groupId: "g",
      generationId: 0,
      memberId: "nobody",
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    });
    expect(sync.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("answers a follower's rejoin with unchanged metadata in Stable without a rebalance", async () => {
    env = await startTestCoordinator();
    const { follower } = await stableGroupOfTwo();
    const again = await env.coordinator.joinGroup(joinParams({ clientId: "b", memberId: follower.memberId }));
    expect(again).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, members: [] });
    expect(env.coordinator.group("g")!.state).toBe("Stable");
  });

  it("rebalances when the leader rejoins, keeping the generation until the join phase ends", async () => {
    env = await startTestCoordinator();
    const { leader, follower } = await stableGroupOfTwo();
    const rejoinLeader = env.coordinator.joinGroup(joinParams({ clientId: "a", memberId: leader.memberId }));
    expect(env.coordinator.group("g")!.state).toBe("PreparingRebalance");
    const hb = { groupId: "g", generationId: 1, memberId: follower.memberId, groupInstanceId: null };
    expect(env.coordinator.heartbeat(hb)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoinFollower = env.coordinator.joinGroup(joinParams({ clientId: "b", memberId: follower.memberId }));
    const [l, f] = await Promise.all([rejoinLeader, rejoinFollower]); // all rejoined: completes without waiting
    expect(l.generationId).toBe(2);
    expect(f.generationId).toBe(2);
    expect(env.coordinator.heartbeat({ ...hb, generationId: 2 })).toBe(ErrorCode.NONE); // CompletingRebalance
    expect(env.coordinator.heartbeat(hb)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });
});

describe("session and rebalance timeouts", () => {
  it("removes a member that stops heartbeating after its session timeout; the other rebalances alone", async () => {
    env = await startTestCoordinator();
    const { leader, follower } = await stableGroupOfTwo();
    const hbLeader = { groupId: "g", generationId: 1, memberId: leader.memberId, groupInstanceId: null };
    for (let i = 0; i < 2; i++) {
      env.scheduler.advance(400);
      expect(env.coordinator.heartbeat(hbLeader)).toBe(ErrorCode.NONE);
    }
    expect(env.coordinator.group("g")!.has(follower.memberId)).toBe(true);
    env.scheduler.advance(400);
    // The follower has been silent for 1200 ms > its 1000 ms session: gone, group rebalancing.
    expect(env.coordinator.group("g")!.has(follower.memberId)).toBe(false);
    expect(env.coordinator.heartbeat(hbLeader)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoin = await env.coordinator.joinGroup(joinParams({ clientId: "a", memberId: leader.memberId }));
    expect(rejoin).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leader: leader.memberId });
    expect(rejoin.members.map((m) => m.memberId)).toEqual([leader.memberId]);
    const hbFollower = { groupId: "g", generationId: 1, memberId: follower.memberId, groupInstanceId: null };
    expect(env.coordinator.heartbeat(hbFollower)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("drops members that do not rejoin within the rebalance timeout", async () => {
    env = await startTestCoordinator();
    const { leader, follower } = await stableGroupOfTwo();
    const rejoin = env.coordinator.joinGroup(joinParams({ clientId: "a", memberId: leader.memberId }));
    // The follower keeps heartbeating (REBALANCE_IN_PROGRESS) but never rejoins.
    for (let t = 0; t < 5_000; t += 500) {
      env.scheduler.advance(500);
      env.coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: follower.memberId, groupInstanceId: null });
    }
    const result = await rejoin;
    expect(result.generationId).toBe(2);
    expect(result.members.map((m) => m.memberId)).toEqual([leader.memberId]);
  });

  it("drops members that never send SyncGroup and starts over", async () => {
    env = await startTestCoordinator();
    const a = await handshake("a");
    const b = await handshake("b");
    env.scheduler.advance(200);
    const [ja, jb] = await Promise.all([a.join, b.join]);
    const leader = ja.leader === ja.memberId ? ja : jb;
    const follower = leader === ja ? jb : ja;
    await env.coordinator.syncGroup({
      groupId: "g",
      generationId: 1,
      memberId: leader.memberId,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    });
    expect(env.coordinator.group("g")!.state).toBe("Stable");
    // Both keep heartbeating, but the follower never syncs: it is dropped at the rebalance timeout (5 s).
    for (let t = 0; t < 5_000; t += 500) {
      expect(env.coordinator.group("g")!.has(follower.memberId)).toBe(true);
      env.scheduler.advance(500);
      for (const m of [leader, follower]) {
        env.coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: m.memberId, groupInstanceId: null });
      }
    }
    expect(env.coordinator.group("g")!.has(follower.memberId)).toBe(false);
    expect(env.coordinator.group("g")!.state).toBe("PreparingRebalance");
  });

  it("expires a MEMBER_ID_REQUIRED member id that never comes back", async () => {
    env = await startTestCoordinator();
    const first = await env.coordinator.joinGroup(joinParams({ requireKnownMemberId: true }));
    expect(env.coordinator.group("g")!.pendingMembers.has(first.memberId)).toBe(true);
    env.scheduler.advance(1_000);
    expect(env.coordinator.group("g")?.pendingMembers.has(first.memberId) ?? false).toBe(false);
  });
});

describe("LeaveGroup and static membership", () => {
  it("a leaving member's partitions move: the rest rebalance at once", async () => {
    env = await startTestCoordinator();
    const { leader, follower } = await stableGroupOfTwo();
    const left = env.coordinator.leaveGroup("g", [
      { memberId: follower.memberId, groupInstanceId: null },
      { memberId: "ghost", groupInstanceId: null },
    ]);
    expect(left.errorCode).toBe(ErrorCode.NONE);
    expect(left.members.map((m) => m.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(
      env.coordinator.heartbeat({ groupId: "g", generationId: 1, memberId: leader.memberId, groupInstanceId: null }),
    ).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const unknownGroup = env.coordinator.leaveGroup("nope", [{ memberId: "x", groupInstanceId: null }]);
    expect(unknownGroup.members[0]!.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("a static member that restarts takes over its membership; the old id is fenced", async () => {
    env = await startTestCoordinator();
    const join1 = env.coordinator.joinGroup(joinParams({ groupInstanceId: "instance-1", clientId: "c" }));
    env.scheduler.advance(100);
    const first = await join1;
    expect(first.memberId.startsWith("instance-1-")).toBe(true);
    await env.coordinator.syncGroup({
      groupId: "g",
      generationId: 1,
      memberId: first.memberId,
      groupInstanceId: "instance-1",
      protocolType: null,
      protocolName: null,
      assignments: [{ memberId: first.memberId, assignment: assignment([{ topic: "t", partitions: [0, 1] }]) }],
    });
    const second = await env.coordinator.joinGroup(joinParams({ groupInstanceId: "instance-1", clientId: "c" }));
    expect(second.errorCode).toBe(ErrorCode.NONE);
    expect(second.memberId).not.toBe(first.memberId);
    expect(second.generationId).toBe(1); // no rebalance
    expect(env.coordinator.group("g")!.state).toBe("Stable");
    const oldHb = { groupId: "g", generationId: 1, memberId: first.memberId, groupInstanceId: "instance-1" };
    expect(env.coordinator.heartbeat(oldHb)).toBe(ErrorCode.FENCED_INSTANCE_ID);
    const sync = await env.coordinator.syncGroup({
      ...oldHb,
      memberId: second.memberId,
      protocolType: null,
      protocolName: null,
      assignments: [],
    });
    expect(sync.assignment.equals(assignment([{ topic: "t", partitions: [0, 1] }]))).toBe(true);
    const leave = env.coordinator.leaveGroup("g", [{ memberId: "", groupInstanceId: "instance-1" }]);
    expect(leave.members[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(env.coordinator.group("g")!.members.size).toBe(0);
  });
});
