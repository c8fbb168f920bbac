import { describe, expect, it } from "vitest";
import { ok } from "../errors";
import type { ClusterSnapshot, PartitionState, TopicState } from "../types";
import { brokerList } from "./brokers";
import { clusterOverview } from "./overview";
import { queryTopics, topicDetail, topicRow } from "./topics";

function partition(
  partition: number,
  leader: number,
  replicas: number[],
  isr: number[],
  start = 0,
  end = 10,
): PartitionState {
  return {
    partition,
    leader,
    leaderEpoch: 0,
    replicas,
    isr,
    offlineReplicas: [],
    errorCode: 0,
    logStartOffset: start,
    logEndOffset: end,
    sizeBytes: 100,
  };
}

function snapshot(topics: TopicState[], brokers = [1, 2, 3]): ClusterSnapshot {
  return {
    clusterId: "c",
    controllerId: brokers[0] ?? null,
    brokers: brokers.map((id) => ({ id, host: "h", port: 9000 + id, rack: null })),
    topics,
    topicsByName: new Map(topics.map((t) => [t.name, t])),
    logDirs: ok(brokers.map((brokerId) => ({ brokerId, logDirs: [], totalReplicaBytes: brokerId * 1000 }))),
    offsetErrors: [],
    fetchedAtMs: 0,
    fetchMs: 0,
  };
}

const topic = (name: string, partitions: PartitionState[], isInternal = false): TopicState => ({
  name,
  isInternal,
  topicId: null,
  errorCode: 0,
  partitions,
});

describe("cluster overview", () => {
  it("counts partitions and explains each problem with the partitions involved", () => {
    const s = snapshot(
      [
        topic("orders", [
          partition(0, 1, [1, 2], [1, 2]),
          partition(1, 3, [2, 3], [2, 3]), // led by a non-preferred replica
          partition(2, 1, [1, 4], [1]), // broker 4 missing, under-replicated
          partition(3, -1, [4], []), // offline
        ]),
        topic("__consumer_offsets", [partition(0, 2, [2, 3], [2, 3])], true),
      ],
      [1, 2, 3],
    );
    const o = clusterOverview(s);
    expect(o.partitions).toEqual({ total: 5, offline: 1, underReplicated: 2, preferredLeaderPct: 60, nonPreferred: 1 });
    expect(o.brokers).toEqual({ online: 3, offline: 1, offlineIds: [4] });
    expect(o.topics).toEqual({ total: 2, internal: 1 });
    expect(o.totalSizeBytes).toBe(6000);
    expect(o.messages).toBe(50);
    const byId = new Map(o.problems.map((p) => [p.id, p]));
    expect(byId.get("offline_partitions")?.partitions).toEqual(["orders-3"]);
    expect(byId.get("under_replicated")?.detail).toContain("broker 4 (2)");
    expect(byId.get("preferred_leaders")?.partitions).toEqual(["orders-1"]);
    expect(byId.get("preferred_leaders")?.action).toMatch(/preferred leader election/i);
    expect(byId.has("no_controller")).toBe(false);
  });

  it("reports a healthy cluster as having no problems", () => {
    expect(clusterOverview(snapshot([topic("a", [partition(0, 1, [1, 2, 3], [1, 2, 3])])])).problems).toEqual([]);
  });
});

describe("brokers", () => {
  it("counts replicas and leaders per broker with skew from an even share", () => {
    const s = snapshot([
      topic("a", [partition(0, 1, [1, 2], [1, 2]), partition(1, 1, [1, 3], [1]), partition(2, 1, [1, 2], [1, 2])]),
    ]);
    const list = brokerList(s);
    const b1 = list.brokers.find((b) => b.id === 1)!;
    expect(b1).toMatchObject({
      partitions: 3,
      leaders: 3,
      leadersPct: 100,
      leaderSkewPct: 200,
      isController: true,
      diskBytes: 1000,
    });
    expect(list.brokers.find((b) => b.id === 3)).toMatchObject({
      partitions: 1,
      leaders: 0,
      outOfSyncReplicas: 1,
      leaderSkewPct: -100,
    });
  });
});

describe("topics", () => {
  const s = snapshot([
    topic("billing", [partition(0, 1, [1, 2], [1, 2], 0, 5)]),
    topic("audit", [partition(0, 2, [1, 2], [2], 0, 500), partition(1, 1, [1, 2], [1, 2], 0, 500)]),
    topic("__consumer_offsets", [partition(0, 1, [1], [1])], true),
    topic("zeta", [{ ...partition(0, 1, [1], [1]), logStartOffset: null, logEndOffset: null, sizeBytes: null }]),
  ]);
  const rows = s.topics
    .slice()
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((t) => topicRow(t, t.name === "audit" ? 2 : 0));

  it("filters, hides internal topics by default, sorts with unknowns last, and pages", () => {
    expect(queryTopics(rows, {}).rows.map((r) => r.name)).toEqual(["audit", "billing", "zeta"]);
    expect(queryTopics(rows, { internal: true }).total).toBe(4);
    expect(queryTopics(rows, { q: "BILL" }).rows.map((r) => r.name)).toEqual(["billing"]);
    expect(queryTopics(rows, { sort: "messages", order: "desc" }).rows.map((r) => r.name)).toEqual([
      "audit",
      "billing",
      "zeta",
    ]);
    expect(queryTopics(rows, { sort: "messages", order: "asc" }).rows.map((r) => r.name)).toEqual([
      "billing",
      "audit",
      "zeta",
    ]);
    expect(queryTopics(rows, { sort: "name", order: "desc" }).rows.map((r) => r.name)).toEqual([
      "zeta",
      "billing",
      "audit",
    ]);
    const page = queryTopics(rows, { pageSize: 2, page: 2 });
    expect(page).toMatchObject({ total: 3, page: 2, pages: 2 });
    expect(page.rows.map((r) => r.name)).toEqual(["zeta"]);
    expect(queryTopics(rows, { pageSize: 2, page: 99 }).page).toBe(2);
  });

  it("summarises a topic like CMAK: spread, skew, preferred and under-replicated", () => {
    const audit = s.topicsByName.get("audit")!;
    const detail = topicDetail(s, audit, 2);
    expect(detail.row).toMatchObject({
      partitions: 2,
      replicationFactor: 2,
      preferredPct: 50,
      underReplicated: 1,
      messages: 1000,
      consumerGroups: 2,
    });
    expect(detail.summary.brokersSpreadPct).toBe(66.7);
    expect(detail.partitions.map((p) => [p.preferredLeader, p.underReplicated])).toEqual([
      [false, true],
      [true, false],
    ]);
  });
});
