import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmbeddedCluster, type TestCluster } from "../admin/testing/test-clusters";
import {
  BASE,
  callRoute,
  jsonInit,
  reloadConsoleConfig,
  startTestConsole,
  type Handler,
  type JsonBody,
} from "./testing/route-harness";

/**
 * The topic actions' REST calls, called as Next calls the route handlers, against an embedded
 * cluster. Every change and every refusal is checked on the cluster itself through kafkajs (never
 * through the console), and in the audit log.
 */
const call = (handler: Handler, params: Record<string, string>, init?: RequestInit, query = "") =>
  callRoute(handler, `/api/x${query}`, params, init);
const json = jsonInit;

describe("topic actions API", () => {
  let cluster: TestCluster;
  let testConsole: ReturnType<typeof startTestConsole>;
  let admin: kafkajs.Admin;
  let kafka: kafkajs.Kafka;
  let routes: Record<string, Record<string, Handler>>;
  const C = { id: "emb" };
  const T = (topic: string) => ({ id: "emb", topic });

  const topicNames = async () => new Set(await admin.listTopics());
  const partitionCount = async (topic: string) =>
    (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;
  const override = async (topic: string, name: string) => {
    const answer = await admin.describeConfigs({
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
      includeSynonyms: false,
    });
    const entry = answer.resources[0]!.configEntries.find((c) => c.configName === name)!;
    return { value: entry.configValue, isDefault: entry.isDefault };
  };
  const audit = async (query: string) => (await call(routes.audit!.GET!, C, undefined, query)).body!;

  beforeAll(async () => {
    cluster = await startTestEmbeddedCluster(3);
    kafka = new kafkajs.Kafka({ brokers: cluster.bootstrapServers, logLevel: kafkajs.logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    testConsole = startTestConsole("emb", cluster.bootstrapServers, "pier-topic-actions-test-");
    routes = {
      cluster: await import("@/app/api/clusters/[id]/route"),
      topics: await import("@/app/api/clusters/[id]/topics/route"),
      topic: await import("@/app/api/clusters/[id]/topics/[topic]/route"),
      configs: await import("@/app/api/clusters/[id]/topics/[topic]/configs/route"),
      partitions: await import("@/app/api/clusters/[id]/topics/[topic]/partitions/route"),
      purge: await import("@/app/api/clusters/[id]/topics/[topic]/purge/route"),
      audit: await import("@/app/api/clusters/[id]/audit/route"),
      openapi: await import("@/app/api/openapi.json/route"),
    } as unknown as Record<string, Record<string, Handler>>;
  });

  afterAll(async () => {
    await admin?.disconnect();
    await testConsole?.close();
    await cluster?.stop();
  });

  it("previews a creation with validateOnly (effective configs, nothing created), then creates the topic", async () => {
    const spec = { name: "t-create", partitions: 3, replicationFactor: 2, configs: { "retention.ms": "3600000" } };
    const preview = await call(routes.topics!.POST!, C, json("POST", { ...spec, validateOnly: true }));
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ validateOnly: true, topic: { numPartitions: 3, replicationFactor: 2 } });
    const configs = preview.body!.topic.configs as { name: string; value: string }[];
    expect(configs.find((c) => c.name === "retention.ms")?.value).toBe("3600000");
    expect(configs.find((c) => c.name === "cleanup.policy")?.value).toBe("delete");
    expect((await topicNames()).has("t-create")).toBe(false);
    expect((await audit("?exactTarget=topic:t-create")).entries).toEqual([]);

    const created = await call(routes.topics!.POST!, C, json("POST", spec));
    expect(created.status).toBe(201);
    expect(typeof created.body!.auditId).toBe("number");
    const metadata = await admin.fetchTopicMetadata({ topics: ["t-create"] });
    expect(metadata.topics[0]!.partitions).toHaveLength(3);
    expect(metadata.topics[0]!.partitions.every((p) => p.replicas.length === 2)).toBe(true);
    expect(await override("t-create", "retention.ms")).toEqual({ value: "3600000", isDefault: false });
    const { entries } = await audit("?action=topic.create&exactTarget=topic:t-create");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      id: created.body!.auditId,
      action: "topic.create",
      target: "topic:t-create",
      outcome: "ok",
      actor: "anonymous",
      parameters: { partitions: 3, replicationFactor: 2, configs: { "retention.ms": "3600000" } },
      after: { partitions: 3, replicationFactor: 2 },
    });
  });

  it("refuses bad creations with a 4xx that says why, and creates nothing", async () => {
    await admin.createTopics({ topics: [{ topic: "t.coll", numPartitions: 1, replicationFactor: 1 }] });
    const cases: [unknown, number, string, RegExp][] = [
      [{ name: "t-bad-config", configs: { "retention.ms": "soon" } }, 400, "invalid_config", /retention\.ms/],
      [{ name: "t-bad-rf", partitions: 1, replicationFactor: 4 }, 400, "invalid_replication_factor", /3 broker/],
      [{ name: "t-create", partitions: 1, replicationFactor: 1 }, 409, "topic_already_exists", /already exists/],
      [
        { name: "t_coll", partitions: 1, replicationFactor: 1 },
        400,
        "invalid_topic_exception",
        /collides with.*t\.coll/,
      ],
      [{ name: "bad name!" }, 400, "invalid_input", /letters, digits/],
      [{ name: ".." }, 400, "invalid_input", /"\.\."/],
      [{ name: "t-bad-partitions", partitions: 0 }, 400, "invalid_input", /partitions/],
      [{ name: "t-typo", partitons: 3 }, 400, "invalid_input", /partitons/],
    ];
    for (const [body, status, code, message] of cases) {
      const answer = await call(routes.topics!.POST!, C, json("POST", body));
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body!.error.code, JSON.stringify(body)).toBe(code);
      expect(answer.body!.error.message).toMatch(message);
    }
    const names = await topicNames();
    for (const n of ["t-bad-config", "t-bad-rf", "t_coll", "t-bad-partitions", "t-typo"])
      expect(names.has(n)).toBe(false);
    expect(await partitionCount("t-create")).toBe(3);
    // Refusals by the cluster are on the record; malformed requests never reached it.
    const refused = await audit("?action=topic.create&outcome=error");
    expect(refused.entries.map((e: JsonBody) => e.target).sort()).toEqual([
      "topic:t-bad-config",
      "topic:t-bad-rf",
      "topic:t-create",
      "topic:t_coll",
    ]);
    expect(refused.entries.find((e: JsonBody) => e.target === "topic:t-bad-rf").error).toMatch(
      /INVALID_REPLICATION_FACTOR/,
    );
  });

  it("adds partitions, and refuses decreasing them or an unknown topic", async () => {
    const fewer = await call(routes.partitions!.POST!, T("t-create"), json("POST", { count: 2 }));
    expect(fewer.status).toBe(400);
    expect(fewer.body!.error).toMatchObject({ code: "invalid_partitions" });
    expect(fewer.body!.error.message).toMatch(/currently has 3 partitions.*only grow/);
    const preview = await call(routes.partitions!.POST!, T("t-create"), json("POST", { count: 5, validateOnly: true }));
    expect(preview.body).toMatchObject({ validateOnly: true, before: { partitions: 3 }, after: { partitions: 5 } });
    expect(await partitionCount("t-create")).toBe(3);
    const grown = await call(routes.partitions!.POST!, T("t-create"), json("POST", { count: 5 }));
    expect(grown.status).toBe(200);
    expect(await partitionCount("t-create")).toBe(5);
    const missing = await call(routes.partitions!.POST!, T("t-nowhere"), json("POST", { count: 5 }));
    expect(missing.status).toBe(404);
    expect(missing.body!.error.message).toMatch(/t-nowhere/);
    const { entries } = await audit("?action=topic.partitions.add&exactTarget=topic:t-create&outcome=ok");
    expect(entries[0]).toMatchObject({ before: { partitions: 3 }, after: { partitions: 5 }, parameters: { count: 5 } });
  });

  it("edits configs with a diff, validated by the broker; a bad value changes nothing", async () => {
    const preview = await call(
      routes.configs!.PATCH!,
      T("t-create"),
      json("PATCH", { set: { "retention.ms": "60000" }, validateOnly: true }),
    );
    expect(preview.status).toBe(200);
    expect(preview.body!.diff).toEqual([
      expect.objectContaining({
        name: "retention.ms",
        before: expect.objectContaining({ value: "3600000", isDefault: false }),
        after: { value: "60000", isDefault: false },
        change: "set",
      }),
    ]);
    expect((await override("t-create", "retention.ms")).value).toBe("3600000");

    const bad = await call(routes.configs!.PATCH!, T("t-create"), json("PATCH", { set: { "retention.ms": "-7" } }));
    expect(bad.status).toBe(400);
    expect(bad.body!.error.code).toBe("invalid_config");
    expect((await override("t-create", "retention.ms")).value).toBe("3600000");

    const edited = await call(
      routes.configs!.PATCH!,
      T("t-create"),
      json("PATCH", { set: { "max.message.bytes": "2000000" }, reset: ["retention.ms"] }),
    );
    expect(edited.status).toBe(200);
    expect(await override("t-create", "max.message.bytes")).toEqual({ value: "2000000", isDefault: false });
    expect((await override("t-create", "retention.ms")).isDefault).toBe(true);
    const { entries } = await audit("?action=topic.configs.alter&outcome=ok");
    expect(entries[0]).toMatchObject({
      before: { "retention.ms": "3600000", "max.message.bytes": null },
      after: { "retention.ms": null, "max.message.bytes": "2000000" },
    });
    const nothing = await call(routes.configs!.PATCH!, T("t-create"), json("PATCH", {}));
    expect(nothing.status).toBe(400);
  });

  it("purges records up to an offset, a timestamp or the end, after a dry run that counts them", async () => {
    await admin.createTopics({ topics: [{ topic: "t-purge", numPartitions: 2, replicationFactor: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    const t0 = Date.now() - 60_000;
    await producer.send({
      topic: "t-purge",
      messages: Array.from({ length: 20 }, (_, i) => ({
        partition: i % 2,
        value: `v${i}`,
        timestamp: String(t0 + i * 1000),
      })),
    });
    await producer.disconnect();
    const low = async () =>
      Object.fromEntries((await admin.fetchTopicOffsets("t-purge")).map((o) => [o.partition, Number(o.low)]));

    const dry = await call(
      routes.purge!.POST!,
      T("t-purge"),
      json("POST", { target: { type: "offset", offset: 4 }, partitions: [0], dryRun: true }),
    );
    expect(dry.status).toBe(200);
    expect(dry.body!.plan).toMatchObject({
      totalRecords: 4,
      partitions: [{ partition: 0, logStartOffset: 0, highWatermark: 10, deleteBefore: 4, records: 4 }],
    });
    expect(await low()).toEqual({ 0: 0, 1: 0 });

    const byOffset = await call(
      routes.purge!.POST!,
      T("t-purge"),
      json("POST", { target: { type: "offset", offset: 4 }, partitions: [0] }),
    );
    expect(byOffset.status).toBe(200);
    expect(byOffset.body!.purged).toEqual([
      { partition: 0, logStartOffsetBefore: 0, logStartOffsetAfter: 4, deleted: 4 },
    ]);
    expect(await low()).toEqual({ 0: 4, 1: 0 });

    // Partition 1 holds the odd records (t0+1s, t0+3s, ...): before t0+6.5s are offsets 0..2.
    const byTime = await call(
      routes.purge!.POST!,
      T("t-purge"),
      json("POST", { target: { type: "timestamp", timestampMs: t0 + 6_500 } }),
    );
    expect(byTime.status).toBe(200);
    expect(await low()).toEqual({ 0: 4, 1: 3 });

    const past = await call(
      routes.purge!.POST!,
      T("t-purge"),
      json("POST", { target: { type: "offset", offset: 11 } }),
    );
    expect(past.status).toBe(400);
    expect(past.body!.error.message).toMatch(/past the end of partition 0 .*high watermark is 10/);
    const noSuchPartition = await call(
      routes.purge!.POST!,
      T("t-purge"),
      json("POST", { target: { type: "end" }, partitions: [7] }),
    );
    expect(noSuchPartition.status).toBe(400);
    expect(await low()).toEqual({ 0: 4, 1: 3 });

    const all = await call(routes.purge!.POST!, T("t-purge"), json("POST", { target: { type: "end" } }));
    expect(all.status).toBe(200);
    expect(await low()).toEqual({ 0: 10, 1: 10 });
    const { entries } = await audit("?action=topic.purge&exactTarget=topic:t-purge&outcome=ok");
    expect(entries).toHaveLength(3);
    const refused = await audit("?action=topic.purge&exactTarget=topic:t-purge&outcome=error");
    expect(refused.entries.map((e: JsonBody) => e.error)).toEqual([
      expect.stringMatching(/no partition 7/),
      expect.stringMatching(/past the end/),
    ]);
    expect(entries[0]).toMatchObject({
      outcome: "ok",
      before: { logStartOffsets: { 0: 4, 1: 3 } },
      after: { logStartOffsets: { 0: 10, 1: 10 } },
    });
  });

  it("deletes a topic only with its name confirmed, and never an internal topic", async () => {
    const group = kafka.admin();
    await group.connect();
    await group.setOffsets({ groupId: "g-actions", topic: "t-purge", partitions: [{ partition: 0, offset: "5" }] });
    await group.disconnect();
    expect((await admin.listTopics()).includes("__consumer_offsets")).toBe(true);

    const unconfirmed = await call(routes.topic!.DELETE!, T("t-create"), json("DELETE", {}));
    expect(unconfirmed.status).toBe(400);
    const wrong = await call(routes.topic!.DELETE!, T("t-create"), json("DELETE", { confirm: "t-creat" }));
    expect(wrong.status).toBe(400);
    expect(wrong.body!.error.code).toBe("confirmation_mismatch");
    const internal = await call(
      routes.topic!.DELETE!,
      T("__consumer_offsets"),
      json("DELETE", { confirm: "__consumer_offsets" }),
    );
    expect(internal.status).toBe(403);
    expect(internal.body!.error.code).toBe("internal_topic");
    for (const [route, body] of [
      [routes.purge!.POST!, { target: { type: "end" } }],
      [routes.partitions!.POST!, { count: 100 }],
    ] as const) {
      const refused = await call(route, T("__consumer_offsets"), json("POST", body));
      expect(refused.status).toBe(403);
      expect(refused.body!.error.code).toBe("internal_topic");
    }
    expect((await topicNames()).has("t-create")).toBe(true);
    expect((await topicNames()).has("__consumer_offsets")).toBe(true);

    const deleted = await call(routes.topic!.DELETE!, T("t-create"), json("DELETE", { confirm: "t-create" }));
    expect(deleted.status).toBe(200);
    expect((await topicNames()).has("t-create")).toBe(false);
    const { entries } = await audit("?action=topic.delete&exactTarget=topic:t-create");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: "ok", before: { partitions: 5, replicationFactor: 2 } });
    const again = await call(routes.topic!.DELETE!, T("t-create"), json("DELETE", { confirm: "t-create" }));
    expect(again.status).toBe(404);
  });

  it("refuses every action under PIER_READ_ONLY=1 and on a read-only cluster, changing nothing", async () => {
    const attempts = async () => [
      await call(routes.topics!.POST!, C, json("POST", { name: "t-ro", partitions: 1, replicationFactor: 1 })),
      await call(routes.topic!.DELETE!, T("t-purge"), json("DELETE", { confirm: "t-purge" })),
      await call(routes.partitions!.POST!, T("t-purge"), json("POST", { count: 4 })),
      await call(routes.configs!.PATCH!, T("t-purge"), json("PATCH", { set: { "retention.ms": "1000" } })),
      await call(routes.purge!.POST!, T("t-purge"), json("POST", { target: { type: "end" } })),
    ];
    const unchanged = async () => {
      const names = await topicNames();
      expect(names.has("t-ro")).toBe(false);
      expect(names.has("t-purge")).toBe(true);
      expect(await partitionCount("t-purge")).toBe(2);
      expect((await override("t-purge", "retention.ms")).isDefault).toBe(true);
    };
    const auditBefore = (await audit("?limit=500")).entries.length;

    process.env.PIER_READ_ONLY = "1";
    reloadConsoleConfig();
    try {
      for (const answer of await attempts()) {
        expect(answer.status).toBe(403);
        expect(answer.body!.error).toMatchObject({
          code: "read_only",
          message: expect.stringMatching(/PIER_READ_ONLY=1/),
        });
      }
      const flag = await call(routes.cluster!.PATCH!, C, json("PATCH", { readOnly: false }));
      expect(flag.status).toBe(403);
    } finally {
      process.env.PIER_READ_ONLY = "0";
      reloadConsoleConfig();
    }
    await unchanged();

    const on = await call(routes.cluster!.PATCH!, C, json("PATCH", { readOnly: true }));
    expect(on.status).toBe(200);
    expect(on.body!.cluster.readOnly).toBe(true);
    for (const answer of await attempts()) {
      expect(answer.status).toBe(403);
      expect(answer.body!.error).toMatchObject({
        code: "read_only",
        message: expect.stringMatching(/marked read-only/),
      });
    }
    await unchanged();
    const off = await call(routes.cluster!.PATCH!, C, json("PATCH", { readOnly: false }));
    expect(off.body!.cluster.readOnly).toBe(false);
    expect((await call(routes.cluster!.PATCH!, C, json("PATCH", { readOnly: "yes" }))).status).toBe(400);
    const entries = (await audit("?limit=500")).entries as JsonBody[];
    expect(entries).toHaveLength(auditBefore + 2);
    expect(entries[0]).toMatchObject({
      action: "cluster.read_only.set",
      before: { readOnly: true },
      after: { readOnly: false },
    });
  });

  it("refuses cross-site calls (CSRF) and changes nothing", async () => {
    const create = { name: "t-csrf", partitions: 1, replicationFactor: 1 };
    const crossSite: Record<string, string>[] = [{ origin: "http://evil.example" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of crossSite) {
      const answer = await call(routes.topics!.POST!, C, json("POST", create, headers));
      expect(answer.status).toBe(403);
      expect(answer.body!.error.code).toBe("cross_origin");
      const purge = await call(routes.purge!.POST!, T("t-purge"), json("POST", { target: { type: "end" } }, headers));
      expect(purge.status).toBe(403);
      const flag = await call(routes.cluster!.PATCH!, C, json("PATCH", { readOnly: true }, headers));
      expect(flag.status).toBe(403);
    }
    expect((await topicNames()).has("t-csrf")).toBe(false);
    const sameOrigin = await call(
      routes.topics!.POST!,
      C,
      json("POST", create, { origin: BASE, "sec-fetch-site": "same-origin" }),
    );
    expect(sameOrigin.status).toBe(201);
    expect((await topicNames()).has("t-csrf")).toBe(true);
  });

  it("pages and filters the audit log, and documents every action in OpenAPI", async () => {
    const first = await audit("?limit=2");
    expect(first.entries).toHaveLength(2);
    const next = await audit(`?limit=2&before=${first.nextBeforeId}`);
    expect(next.entries[0].id).toBeLessThan(first.entries[1].id);
    const topicOnly = await audit("?action=topic.");
    expect(topicOnly.entries.every((e: JsonBody) => e.action.startsWith("topic."))).toBe(true);
    const since = await audit(`?since=${Date.now() + 60_000}`);
    expect(since.entries).toEqual([]);
    for (const bad of ["?limit=0", "?outcome=maybe", "?typo=1", "?action=DROP TABLE"]) {
      expect((await call(routes.audit!.GET!, C, undefined, bad)).status, bad).toBe(400);
    }
    const doc = (await call(routes.openapi!.GET!, {})).body!;
    expect(Object.keys(doc.paths["/api/clusters/{id}/topics"]).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/clusters/{id}/topics/{topic}"]).sort()).toEqual(["delete", "get"]);
    expect(Object.keys(doc.paths["/api/clusters/{id}/topics/{topic}/configs"]).sort()).toEqual(["get", "patch"]);
    expect(doc.paths["/api/clusters/{id}/topics/{topic}/partitions"].post).toBeDefined();
    expect(doc.paths["/api/clusters/{id}/topics/{topic}/purge"].post).toBeDefined();
    expect(doc.paths["/api/clusters/{id}/audit"].get).toBeDefined();
    expect(doc.paths["/api/clusters/{id}"].patch).toBeDefined();
  });
});
