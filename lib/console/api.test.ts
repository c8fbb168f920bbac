import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmbeddedCluster, type TestCluster } from "../admin/testing/test-clusters";
import { callRoute, jsonInit, reloadConsoleConfig, startTestConsole, type Handler } from "./testing/route-harness";

/**
 * The REST API's route handlers, called as Next calls them, against a console context whose
 * database is a temporary directory and whose one cluster is an embedded engine seeded through
 * kafkajs.
 */
const call = (handler: Handler, url: string, params: Record<string, string> = {}, init?: RequestInit) =>
  callRoute(handler, url, params, init);
const json = jsonInit;

describe("REST API", () => {
  let cluster: TestCluster;
  let testConsole: ReturnType<typeof startTestConsole>;
  let routes: Record<string, Record<string, Handler>>;

  beforeAll(async () => {
    cluster = await startTestEmbeddedCluster(3);
    const kafka = new kafkajs.Kafka({ brokers: cluster.bootstrapServers, logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "orders", numPartitions: 2, replicationFactor: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "orders", messages: [{ value: "a" }, { value: "b" }, { value: "c" }] });
    await producer.disconnect();
    testConsole = startTestConsole("emb", cluster.bootstrapServers, "pier-api-test-");
    routes = {
      clusters: await import("@/app/api/clusters/route"),
      cluster: await import("@/app/api/clusters/[id]/route"),
      test: await import("@/app/api/clusters/[id]/connection-test/route"),
      overview: await import("@/app/api/clusters/[id]/overview/route"),
      brokers: await import("@/app/api/clusters/[id]/brokers/route"),
      broker: await import("@/app/api/clusters/[id]/brokers/[brokerId]/route"),
      topics: await import("@/app/api/clusters/[id]/topics/route"),
      topic: await import("@/app/api/clusters/[id]/topics/[topic]/route"),
      configs: await import("@/app/api/clusters/[id]/topics/[topic]/configs/route"),
      groups: await import("@/app/api/clusters/[id]/consumer-groups/route"),
      group: await import("@/app/api/clusters/[id]/consumer-groups/[group]/route"),
      openapi: await import("@/app/api/openapi.json/route"),
    } as unknown as Record<string, Record<string, Handler>>;
  });

  afterAll(async () => {
    await testConsole?.close();
    await cluster?.stop();
  });

  it("lists the registered clusters without secrets", async () => {
    const { status, body } = await call(routes.clusters!.GET!, "/api/clusters");
    expect(status).toBe(200);
    expect(body!.clusters.map((c: { id: string }) => c.id)).toEqual(["emb"]);
    expect(JSON.stringify(body)).not.toContain("saslPassword");
  });

  it("serves the overview, brokers and one broker", async () => {
    const overview = await call(routes.overview!.GET!, "/api/clusters/emb/overview", { id: "emb" });
    expect(overview.status).toBe(200);
    expect(overview.body!.value).toMatchObject({ topics: { total: 1 }, partitions: { total: 2 }, messages: 3 });
    expect(typeof overview.body!.fetchedAt).toBe("string");
    const brokers = await call(routes.brokers!.GET!, "/api/clusters/emb/brokers", { id: "emb" });
    expect(brokers.body!.value.brokers).toHaveLength(3);
    const broker = await call(routes.broker!.GET!, "/api/clusters/emb/brokers/1", { id: "emb", brokerId: "1" });
    expect(broker.body!.value.broker.id).toBe(1);
    expect((await call(routes.broker!.GET!, "", { id: "emb", brokerId: "x" })).status).toBe(400);
    const missing = await call(routes.broker!.GET!, "", { id: "emb", brokerId: "99" });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });

  it("validates topic list queries and answers pages", async () => {
    const page = await call(
      routes.topics!.GET!,
      "/api/clusters/emb/topics?q=ord&sort=messages&order=desc&page=1&pageSize=10",
      { id: "emb" },
    );
    expect(page.status).toBe(200);
    expect(page.body!.value).toMatchObject({ total: 1, rows: [{ name: "orders", messages: 3, partitions: 2 }] });
    for (const bad of ["sort=size", "page=0", "pageSize=100000", "internal=maybe", "typo=1"]) {
      const refused = await call(routes.topics!.GET!, `/api/clusters/emb/topics?${bad}`, { id: "emb" });
      expect(refused.status, bad).toBe(400);
      expect(refused.body!.error.code).toBe("invalid_input");
    }
  });

  it("details a topic and its configs; an unknown topic or cluster is a 404 that names it", async () => {
    const topic = await call(routes.topic!.GET!, "", { id: "emb", topic: "orders" });
    expect(topic.body!.value.partitions).toHaveLength(2);
    const configs = await call(routes.configs!.GET!, "", { id: "emb", topic: "orders" });
    expect(configs.body!.configs.status).toBe("ok");
    const unknown = await call(routes.topic!.GET!, "", { id: "emb", topic: "nope" });
    expect(unknown).toMatchObject({
      status: 404,
      body: { error: { code: "not_found", message: expect.stringContaining('"nope"') } },
    });
    expect((await call(routes.topic!.GET!, "", { id: "emb", topic: "bad name!" })).status).toBe(400);
    const noCluster = await call(routes.overview!.GET!, "", { id: "ghost" });
    expect(noCluster).toMatchObject({
      status: 404,
      body: { error: { message: 'There is no registered cluster "ghost".' } },
    });
  });

  it("answers the consumer group views with what the cluster supports", async () => {
    const groups = await call(routes.groups!.GET!, "/api/clusters/emb/consumer-groups?sort=totalLag&order=desc", {
      id: "emb",
    });
    expect(groups.status).toBe(200);
    expect(groups.body!.value.listing.status).toBe("ok"); // the embedded cluster has a group coordinator
    expect((await call(routes.groups!.GET!, "/api/clusters/emb/consumer-groups?sort=nope", { id: "emb" })).status).toBe(
      400,
    );
    expect((await call(routes.group!.GET!, "", { id: "emb", group: "nobody" })).status).toBe(404);
  });

  it("registers, edits, tests and removes an external cluster", async () => {
    const created = await call(
      routes.clusters!.POST!,
      "/api/clusters",
      {},
      json("POST", { name: "extra", bootstrapServers: "127.0.0.1:1" }),
    );
    expect(created.status).toBe(201);
    expect(created.body!.cluster).toMatchObject({ id: "extra", managedBy: "ui", bootstrapServers: ["127.0.0.1:1"] });
    expect(
      (await call(routes.clusters!.POST!, "", {}, json("POST", { name: "extra", bootstrapServers: "h:1" }))).status,
    ).toBe(409);
    expect(
      (await call(routes.clusters!.POST!, "", {}, json("POST", { name: "bad name", bootstrapServers: "h" }))).status,
    ).toBe(400);
    expect((await call(routes.clusters!.POST!, "", {}, { method: "POST", body: "{" })).status).toBe(400);
    const noUser = await call(
      routes.cluster!.PUT!,
      "",
      { id: "extra" },
      json("PUT", { name: "extra", bootstrapServers: "h:1", securityProtocol: "SASL_PLAINTEXT" }),
    );
    expect(noUser.body!.error.message).toMatch(/saslUsername/);
    const edited = await call(
      routes.cluster!.PUT!,
      "",
      { id: "extra" },
      json("PUT", {
        name: "extra",
        bootstrapServers: ["127.0.0.1:1"],
        securityProtocol: "SASL_PLAINTEXT",
        saslMechanism: "SCRAM-SHA-512",
        saslUsername: "u",
        saslPassword: "p",
      }),
    );
    expect(edited.body!.cluster.security).toMatchObject({
      saslMechanism: "SCRAM-SHA-512",
      saslUsername: "u",
      hasSaslPassword: true,
    });
    const overview = await call(routes.overview!.GET!, "", { id: "extra" });
    expect(overview).toMatchObject({ status: 502, body: { error: { code: "unreachable" } } });
    const test = await call(routes.test!.POST!, "", { id: "extra" }, { method: "POST" });
    expect(test.body!.result).toMatchObject({ ok: false, code: "unreachable" });
    const managed = await call(routes.cluster!.DELETE!, "", { id: "emb" }, { method: "DELETE" });
    expect(managed).toMatchObject({ status: 409, body: { error: { code: "managed_by_config" } } });
    expect((await call(routes.cluster!.DELETE!, "", { id: "extra" }, { method: "DELETE" })).status).toBe(204);
    expect((await call(routes.cluster!.GET!, "", { id: "extra" })).status).toBe(404);
  });

  it("refuses every change when PIER_READ_ONLY=1", async () => {
    process.env.PIER_READ_ONLY = "1";
    reloadConsoleConfig();
    try {
      const refused = await call(routes.clusters!.POST!, "", {}, json("POST", { name: "ro", bootstrapServers: "h:1" }));
      expect(refused).toMatchObject({ status: 403, body: { error: { code: "read_only" } } });
      expect((await call(routes.clusters!.GET!, "/api/clusters")).body!.clusters).toHaveLength(1);
    } finally {
      process.env.PIER_READ_ONLY = "0";
      reloadConsoleConfig();
    }
  });

  it("documents every route in /api/openapi.json", async () => {
    const { body } = await call(routes.openapi!.GET!, "/api/openapi.json");
    expect(Object.keys(body!.paths)).toEqual(
      expect.arrayContaining([
        "/api/clusters",
        "/api/clusters/{id}/overview",
        "/api/clusters/{id}/brokers",
        "/api/clusters/{id}/brokers/{brokerId}",
        "/api/clusters/{id}/topics",
        "/api/clusters/{id}/topics/{topic}",
        "/api/clusters/{id}/topics/{topic}/configs",
        "/api/clusters/{id}/consumer-groups",
        "/api/clusters/{id}/consumer-groups/{group}",
      ]),
    );
  });
});
