import { execFile } from "node:child_process";
import { promisify } from "node:util";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isGroupActionError } from "../admin";
import { startTestEmbeddedCluster, type TestCluster } from "../admin/testing/test-clusters";
import { listAudit, type AuditEntry } from "../db/audit-log";
import { setClusterReadOnly } from "../db/clusters";
import { registeredCluster } from "./clusters";
import { getConsoleContext } from "./context";
import {
  BASE,
  callRoute,
  reloadConsoleConfig,
  startTestConsole,
  type Handler,
  type JsonBody,
} from "./testing/route-harness";

/**
 * The consumer-group actions' route handlers, called as Next calls them, against an embedded
 * cluster seeded through kafkajs. Every applied action is checked in the cluster through kafkajs
 * (admin.fetchOffsets / describeGroups) and in the audit log; every refusal is a 4xx with a
 * clear message that changes nothing and records nothing.
 */

const CLUSTER = "emb";
const GROUP = "billing";
const T0 = Date.parse("2026-03-01T00:00:00Z");
/** Records per partition of "orders"; record i of every partition has timestamp T0 + i s. */
const RECORDS = 10;
const JOIN_TIMEOUT_MS = 20_000;
const execFileAsync = promisify(execFile);
/** kafka-python 2.0.2: argv = bootstrap, JSON [[group, topic, partition, offset]...]. */
const SEED_COMMITS_PY = `
import json, sys
from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata
by_group = {}
for g, t, p, o in json.loads(sys.argv[2]):
    by_group.setdefault(g, {})[TopicPartition(t, p)] = OffsetAndMetadata(o, "")
for g, offsets in by_group.items():
    consumer = KafkaConsumer(bootstrap_servers=sys.argv[1], group_id=g, enable_auto_commit=False)
    consumer.assign(list(offsets))
    consumer.commit(offsets)
    consumer.close(autocommit=False)
`;

describe("consumer group actions API", () => {
  let cluster: TestCluster;
  let testConsole: ReturnType<typeof startTestConsole>;
  let kafka: kafkajs.Kafka;
  let admin: kafkajs.Admin;
  let routes: Record<"offsets" | "restore" | "group" | "openapi", Record<string, Handler>>;

  async function call(
    route: keyof typeof routes,
    method: string,
    options: { group?: string; query?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ) {
    const group = options.group ?? GROUP;
    const suffix = route === "group" ? "" : route === "offsets" ? "/offsets" : "/offsets/restore";
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const answer = await callRoute(
      routes[route][method]!,
      `/api/clusters/${CLUSTER}/consumer-groups/${encodeURIComponent(group)}${suffix}${options.query ?? ""}`,
      { id: CLUSTER, group },
      { method, body, headers: { "content-type": "application/json", ...options.headers } },
    );
    return { status: answer.status, body: answer.body as JsonBody };
  }
  const reset = (body: unknown, group?: string) => call("offsets", "POST", { body, group });

  /** Committed offsets through kafkajs: "topic:partition" → offset, -1 when none. */
  async function committed(groupId = GROUP): Promise<Record<string, number>> {
    const answer = await admin.fetchOffsets({ groupId, topics: ["orders", "refunds"] });
    const out: Record<string, number> = {};
    for (const t of answer) for (const p of t.partitions) out[`${t.topic}:${p.partition}`] = Number(p.offset);
    return out;
  }

  async function auditEntries(): Promise<AuditEntry[]> {
    const { db } = await getConsoleContext();
    return (await listAudit(db, { clusterId: CLUSTER, limit: 100 })).entries;
  }

  /** Seeds commits as an application with assigned partitions would: kafka-python's commit outside the group. */
  async function seedCommits(commits: [group: string, topic: string, partition: number, offset: number][]) {
    await execFileAsync("/usr/bin/python3", [
      "-c",
      SEED_COMMITS_PY,
      cluster.bootstrapServers.join(","),
      JSON.stringify(commits),
    ]);
  }

  async function startConsumer(groupId: string): Promise<kafkajs.Consumer> {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: ["orders"] });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await expect
      .poll(async () => (await admin.describeGroups([groupId])).groups[0]?.state, { timeout: JOIN_TIMEOUT_MS })
      .toBe("Stable");
    return consumer;
  }

  beforeAll(async () => {
    cluster = await startTestEmbeddedCluster(2);
    kafka = new kafkajs.Kafka({ brokers: cluster.bootstrapServers, logLevel: kafkajs.logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: "orders", numPartitions: 3, replicationFactor: 1 },
        { topic: "refunds", numPartitions: 1, replicationFactor: 1 },
      ],
    });
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1, 2]) {
      await producer.send({
        topic: "orders",
        messages: Array.from({ length: RECORDS }, (_, i) => ({
          partition,
          value: `o${i}`,
          timestamp: String(T0 + i * 1000),
        })),
      });
    }
    await producer.send({ topic: "refunds", messages: [{ value: "r0" }, { value: "r1" }, { value: "r2" }] });
    await producer.disconnect();
    // billing: orders-0 at 2, orders-1 at 5, orders-2 never committed; refunds-0 at 1.
    await seedCommits([
      [GROUP, "orders", 0, 2],
      [GROUP, "orders", 1, 5],
      [GROUP, "refunds", 0, 1],
      ["fresh", "orders", 0, 4],
      ["live", "orders", 0, 1],
    ]);
    testConsole = startTestConsole(CLUSTER, cluster.bootstrapServers, "pier-group-actions-test-");
    routes = {
      offsets: await import("@/app/api/clusters/[id]/consumer-groups/[group]/offsets/route"),
      restore: await import("@/app/api/clusters/[id]/consumer-groups/[group]/offsets/restore/route"),
      group: await import("@/app/api/clusters/[id]/consumer-groups/[group]/route"),
      openapi: await import("@/app/api/openapi.json/route"),
    } as unknown as typeof routes;
  }, 60_000);

  afterAll(async () => {
    await admin?.disconnect();
    await testConsole?.close();
    await cluster?.stop();
  });

  it("previews a reset (current → new, clamped, re-read / skipped) without changing anything", async () => {
    const before = await committed();
    expect(before).toEqual({ "orders:0": 2, "orders:1": 5, "orders:2": -1, "refunds:0": 1 });
    const preview = await reset({ topic: "orders", to: "offset", offset: 8, dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.dryRun).toBe(true);
    const rows = preview.body.plan.rows.map((r: JsonBody) => [r.partition, r.currentOffset, r.newOffset, r.change]);
    expect(rows).toEqual([
      [0, 2, 8, 6],
      [1, 5, 8, 3],
      [2, null, 8, null],
    ]);
    expect(preview.body.plan.rows[2].note).toMatch(/no committed offset before/);
    expect(preview.body.plan.totals).toEqual({ partitions: 3, reread: 0, skipped: 9, newCommits: 1 });
    const clamped = await reset({ topic: "orders", partition: 1, to: "offset", offset: 1_000, dryRun: true });
    expect(clamped.body.plan.rows[0]).toMatchObject({ requestedOffset: 1_000, newOffset: RECORDS, clamped: "log_end" });
    expect(clamped.body.plan.rows[0].note).toMatch(/past the log end/);
    expect(clamped.body.plan).toMatchObject({ groupState: "Empty", members: 0, blocked: null });
    expect(await committed()).toEqual(before);
    expect(await auditEntries()).toEqual([]);
  });

  it("resets to earliest, latest, a timestamp, an offset and by a shift, each audited", async () => {
    const earliest = await reset({ to: "earliest" });
    expect(earliest.status).toBe(200);
    expect(await committed()).toEqual({ "orders:0": 0, "orders:1": 0, "orders:2": -1, "refunds:0": 0 });
    const [entry] = await auditEntries();
    expect(entry).toMatchObject({
      id: earliest.body.auditId,
      action: "group.offsets.reset",
      target: `group:${GROUP}`,
      outcome: "ok",
      parameters: { scope: { kind: "group" }, strategy: { to: "earliest" } },
      before: [
        { topic: "orders", partition: 0, offset: 2 },
        { topic: "orders", partition: 1, offset: 5 },
        { topic: "refunds", partition: 0, offset: 1 },
      ],
      after: [
        { topic: "orders", partition: 0, offset: 0 },
        { topic: "orders", partition: 1, offset: 0 },
        { topic: "refunds", partition: 0, offset: 0 },
      ],
    });

    expect((await reset({ topic: "orders", to: "latest" })).status).toBe(200);
    expect(await committed()).toMatchObject({ "orders:0": RECORDS, "orders:1": RECORDS, "orders:2": RECORDS });

    const iso = new Date(T0 + 4_500).toISOString();
    const byTime = await reset({ topic: "orders", partition: 1, to: "timestamp", timestamp: iso });
    expect(byTime.body.plan.rows[0]).toMatchObject({ currentOffset: RECORDS, newOffset: 5, change: -5 });
    expect(byTime.body.plan.totals.reread).toBe(5);
    const future = await reset({ topic: "orders", partition: 2, to: "timestamp", timestamp: T0 + 3_600_000 });
    expect(future.body.plan.rows[0].note).toMatch(/no record at or after that time/);

    expect((await reset({ topic: "orders", partition: 0, to: "offset", offset: 3 })).status).toBe(200);
    const shifted = await reset({ topic: "orders", to: "shift", shift: -2 });
    expect(shifted.body.plan.rows.map((r: JsonBody) => r.newOffset)).toEqual([1, 3, 8]);
    expect(await committed()).toMatchObject({ "orders:0": 1, "orders:1": 3, "orders:2": 8 });
    const ahead = await reset({ topic: "orders", partition: 2, to: "shift", shift: 50 });
    expect(ahead.body.plan.rows[0]).toMatchObject({ requestedOffset: 58, newOffset: RECORDS, clamped: "log_end" });
    expect(await committed()).toMatchObject({ "orders:2": RECORDS, "refunds:0": 0 });
    expect((await auditEntries()).map((e) => e.action)).toEqual(Array(7).fill("group.offsets.reset"));
  });

  it("restores the offsets before the latest reset, and undoes a restore the same way", async () => {
    const point = await call("restore", "GET");
    expect(point.body.restorePoint).toMatchObject({
      action: "group.offsets.reset",
      offsets: [{ topic: "orders", partition: 2, offset: 8 }],
    });
    const preview = await call("restore", "POST", { body: { dryRun: true } });
    expect(preview.body.plan.rows).toMatchObject([{ partition: 2, currentOffset: RECORDS, newOffset: 8, change: -2 }]);
    expect(await committed()).toMatchObject({ "orders:2": RECORDS });
    const restored = await call("restore", "POST", { body: {} });
    expect(restored.status).toBe(200);
    expect(await committed()).toMatchObject({ "orders:2": 8 });
    const [entry] = await auditEntries();
    expect(entry).toMatchObject({
      id: restored.body.auditId,
      action: "group.offsets.restore",
      parameters: { restorePointAuditId: point.body.restorePoint.auditId },
      before: [{ topic: "orders", partition: 2, offset: RECORDS }],
      after: [{ topic: "orders", partition: 2, offset: 8 }],
    });
    // The restore is the new restore point: restoring again puts the reset's offsets back.
    expect((await call("restore", "POST")).status).toBe(200);
    expect(await committed()).toMatchObject({ "orders:2": RECORDS });
  });

  it("restores 'no commit' by deleting the commit", async () => {
    const latest = await reset({ topic: "orders", to: "latest" }, "fresh");
    expect(latest.body.plan.totals.newCommits).toBe(2);
    expect(await committed("fresh")).toMatchObject({ "orders:0": RECORDS, "orders:1": RECORDS, "orders:2": RECORDS });
    const preview = await call("restore", "POST", { group: "fresh", body: { dryRun: true } });
    expect(preview.body.plan.rows.map((r: JsonBody) => r.action)).toEqual(["commit", "delete", "delete"]);
    expect((await call("restore", "POST", { group: "fresh" })).status).toBe(200);
    expect(await committed("fresh")).toMatchObject({ "orders:0": 4, "orders:1": -1, "orders:2": -1 });
  });

  it("answers bad input with a 4xx that says what is wrong, and changes nothing", async () => {
    const before = await committed();
    const audited = (await auditEntries()).length;
    const cases: [unknown, number, string, RegExp][] = [
      [{ to: "earliest", topic: "ghost" }, 404, "not_found", /no topic "ghost"/],
      [{ to: "earliest", topic: "orders", partition: 9 }, 404, "unknown_partition", /no partition 9 .*0 to 2/],
      [{ to: "timestamp", timestamp: "yesterday" }, 400, "invalid_input", /not a time/],
      [{ to: "timestamp", timestamp: -5 }, 400, "invalid_input", /not a time/],
      [{ to: "timestamp" }, 400, "invalid_input", /to=timestamp needs timestamp/],
      [{ to: "offset", offset: -1 }, 400, "invalid_input", /offset must be 0 or more/],
      [{ to: "offset", offset: "abc" }, 400, "invalid_input", /offset must be a number/],
      [{ to: "offset", offset: 1.5 }, 400, "invalid_input", /whole number/],
      [{ to: "shift", shift: 0 }, 400, "invalid_input", /non-zero/],
      [{ to: "sideways" }, 400, "invalid_input", /to must be one of/],
      [{ to: "earliest", partition: 0 }, 400, "invalid_input", /partition needs topic/],
      [{ to: "earliest", offset: 3 }, 400, "invalid_input", /offset goes only with to=offset/],
      [{ to: "earliest", extra: 1 }, 400, "invalid_input", /extra/],
    ];
    for (const [body, status, code, message] of cases) {
      const answer = await reset(body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error.code, JSON.stringify(body)).toBe(code);
      expect(answer.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await call("offsets", "POST", { raw: "{not json" })).body.error.code).toBe("invalid_input");
    const unknown = await reset({ to: "earliest" }, "no-such-group");
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(unknown.body.error.message).toMatch(/no consumer group "no-such-group"/);
    expect((await call("restore", "POST", { group: "no-such-group" })).body.error.code).toBe("no_restore_point");
    expect((await call("group", "DELETE", { group: "no-such-group", body: { confirm: "no-such-group" } })).status).toBe(
      404,
    );
    const mismatch = await call("group", "DELETE", { body: { confirm: "bill" } });
    expect(mismatch).toMatchObject({ status: 400, body: { error: { code: "confirmation_required" } } });
    expect(mismatch.body.error.message).toContain(`"confirm": "${GROUP}"`);
    expect((await call("group", "DELETE", { body: {} })).body.error.message).toMatch(/type the group id/);
    expect((await call("offsets", "DELETE")).status).toBe(400);
    const noOffsets = await call("offsets", "DELETE", { query: "?topic=ghost" });
    expect(noOffsets).toMatchObject({ status: 404, body: { error: { code: "no_offsets" } } });
    expect(noOffsets.body.error.message).toMatch(/no topic "ghost"/);
    expect(await committed()).toEqual(before);
    expect(await auditEntries()).toHaveLength(audited);
  });

  it("refuses while the group has active members (409, no change), and when a member joins mid-change", async () => {
    const consumer = await startConsumer("live");
    try {
      const audited = (await auditEntries()).length;
      const refused = await reset({ to: "earliest", topic: "orders" }, "live");
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe("group_active");
      expect(refused.body.error.message).toMatch(/"live" has 1 active member .*Stable.*Stop its consumers/);
      const preview = await reset({ to: "earliest", topic: "orders", dryRun: true }, "live");
      expect(preview.status).toBe(200);
      expect(preview.body.plan.blocked).toMatch(/1 active member/);
      const deletion = await call("group", "DELETE", { group: "live", body: { confirm: "live" } });
      expect(deletion).toMatchObject({ status: 409, body: { error: { code: "group_active" } } });
      expect(deletion.body.error.message).toMatch(/NON_EMPTY_GROUP/);
      expect(await auditEntries()).toHaveLength(audited);
      // Offsets of a topic the live group reads: Kafka refuses (GROUP_SUBSCRIBED_TO_TOPIC), the refusal is audited.
      const offsets = await call("offsets", "DELETE", { group: "live", query: "?topic=orders" });
      expect(offsets).toMatchObject({ status: 409, body: { error: { code: "group_active" } } });
      expect(offsets.body.error.message).toMatch(/GROUP_SUBSCRIBED_TO_TOPIC/);
      expect((await auditEntries())[0]).toMatchObject({ action: "group.offsets.delete", outcome: "error" });
      expect((await committed("live"))["orders:0"]).toBe(1);
    } finally {
      await consumer.disconnect();
    }

    // The race: planned while Empty, applied after a member joined; the coordinator refuses.
    await expect.poll(async () => (await admin.describeGroups(["live"])).groups[0]?.state).toBe("Empty");
    const actions = (await registeredCluster(CLUSTER))!.client.groupActions;
    const plan = await actions.planReset("live", { scope: { kind: "group" }, strategy: { to: "latest" } });
    expect(plan.blocked).toBeNull();
    const again = await startConsumer("live");
    try {
      const failure = await actions.apply(plan).catch((error: unknown) => error);
      expect(isGroupActionError(failure)).toBe(true);
      expect((failure as Error).message).toMatch(/A consumer joined the group "live" .*UNKNOWN_MEMBER_ID/);
      expect((await committed("live"))["orders:0"]).toBe(1);
    } finally {
      await again.disconnect();
    }
  }, 60_000);

  it("refuses every change in read-only mode (403) but still previews", async () => {
    const before = await committed();
    const audited = (await auditEntries()).length;
    const attempts = async () => [
      await reset({ to: "earliest" }),
      await call("restore", "POST"),
      await call("group", "DELETE", { body: { confirm: GROUP } }),
      await call("offsets", "DELETE", { query: "?topic=refunds" }),
    ];
    process.env.PIER_READ_ONLY = "1";
    reloadConsoleConfig();
    try {
      for (const answer of await attempts()) {
        expect(answer).toMatchObject({ status: 403, body: { error: { code: "read_only" } } });
        expect(answer.body.error.message).toMatch(/PIER_READ_ONLY=1/);
      }
      expect((await reset({ to: "earliest", dryRun: true })).status).toBe(200);
    } finally {
      process.env.PIER_READ_ONLY = "0";
      reloadConsoleConfig();
    }
    const { db } = await getConsoleContext();
    await setClusterReadOnly(db, CLUSTER, true);
    try {
      for (const answer of await attempts()) {
        expect(answer.status).toBe(403);
        expect(answer.body.error.message).toMatch(/marked read-only/);
      }
    } finally {
      await setClusterReadOnly(db, CLUSTER, false);
    }
    const cross = await call("offsets", "POST", {
      body: { to: "earliest" },
      headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
    });
    expect(cross).toMatchObject({ status: 403, body: { error: { code: "cross_origin" } } });
    expect(await committed()).toEqual(before);
    expect(await auditEntries()).toHaveLength(audited);
  });

  it("deletes a group's offsets of one topic, then the group, each audited", async () => {
    const offsets = await call("offsets", "DELETE", { query: "?topic=refunds" });
    expect(offsets.status).toBe(200);
    expect((await committed())["refunds:0"]).toBe(-1);
    expect((await auditEntries())[0]).toMatchObject({
      action: "group.offsets.delete",
      outcome: "ok",
      parameters: { topic: "refunds" },
      before: [{ topic: "refunds", partition: 0, offset: 0 }],
      after: [{ topic: "refunds", partition: 0, offset: null }],
    });
    const remaining = await committed();
    const deleted = await call("group", "DELETE", { body: { confirm: GROUP } });
    expect(deleted.status).toBe(200);
    expect((await admin.describeGroups([GROUP])).groups[0]?.state).toBe("Dead");
    expect(Object.values(await committed()).every((o) => o === -1)).toBe(true);
    const [entry] = await auditEntries();
    expect(entry).toMatchObject({
      id: deleted.body.auditId,
      action: "group.delete",
      target: `group:${GROUP}`,
      after: [],
    });
    expect(entry!.before).toEqual(
      ["orders:0", "orders:1", "orders:2"].map((k) => ({
        topic: "orders",
        partition: Number(k.split(":")[1]),
        offset: remaining[k],
      })),
    );
    expect((await reset({ to: "earliest" })).status).toBe(404);
  });

  it("documents every group action in /api/openapi.json", async () => {
    const response = await routes.openapi.GET!(new Request(`${BASE}/api/openapi.json`), {
      params: Promise.resolve({}),
    });
    const paths = ((await response.json()) as JsonBody).paths;
    const group = "/api/clusters/{id}/consumer-groups/{group}";
    expect(Object.keys(paths[group])).toEqual(expect.arrayContaining(["get", "delete"]));
    expect(Object.keys(paths[`${group}/offsets`])).toEqual(["post", "delete"]);
    expect(Object.keys(paths[`${group}/offsets/restore`])).toEqual(["get", "post"]);
    expect(paths[`${group}/offsets`].post.responses["409"].description).toMatch(/group_active/);
  });
});
