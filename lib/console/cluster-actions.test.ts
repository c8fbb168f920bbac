import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmbeddedCluster, type TestCluster } from "../admin/testing/test-clusters";
import { listAudit } from "../db/audit-log";
import { setClusterReadOnly } from "../db/clusters";
import { getConsoleContext } from "./context";
import { callRoute, jsonInit, startTestConsole, type Handler, type JsonBody } from "./testing/route-harness";

/**
 * The REST calls of reassignments, preferred leader elections and broker stop/start, called as
 * Next calls the route handlers, against a 3-broker embedded cluster registered as an external
 * cluster. Every change and every refusal is checked on the cluster itself through kafkajs and in
 * the audit log: a refusal is a 4xx with a message, and changes nothing.
 */

const CLUSTER = "emb";
/** How long a test waits for the cluster to finish a reassignment or move a leader. */
const SETTLE_MS = 20_000;

const call = (handler: Handler, params: Record<string, string>, init?: RequestInit, query = "") =>
  callRoute(handler, `/api/x${query}`, params, init);
const post = (body: unknown): RequestInit => jsonInit("POST", body);

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("cluster actions API", () => {
  let cluster: TestCluster;
  let testConsole: ReturnType<typeof startTestConsole>;
  let kafka: kafkajs.Kafka;
  let admin: kafkajs.Admin;
  let routes: Record<string, Record<string, Handler>>;
  const C = { id: CLUSTER };

  const replicasOf = async (topic: string) =>
    (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.sort(
      (a, b) => a.partitionId - b.partitionId,
    ).map((p) => ({ replicas: p.replicas, leader: p.leader }));
  const audit = async (action: string) => {
    const { db } = await getConsoleContext();
    return (await listAudit(db, { clusterId: CLUSTER, action, limit: 50 })).entries;
  };
  const brokerConfig = async (broker: number, name: string) => {
    const answer = await admin.describeConfigs({
      resources: [{ type: kafkajs.ConfigResourceTypes.BROKER, name: String(broker), configNames: [name] }],
      includeSynonyms: false,
    });
    const entry = answer.resources[0]!.configEntries.find((c) => c.configName === name);
    return entry && !entry.isDefault ? entry.configValue : null;
  };
  const topicConfig = async (topic: string, name: string) => {
    const answer = await admin.describeConfigs({
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
      includeSynonyms: false,
    });
    const entry = answer.resources[0]!.configEntries.find((c) => c.configName === name);
    return entry && !entry.isDefault ? entry.configValue : null;
  };
  const produce = async (topic: string, partitions: number, recordsPerPartition: number, bytes: number) => {
    const producer = kafka.producer();
    await producer.connect();
    // Batches well under the broker's message.max.bytes (1 MB).
    const perBatch = Math.max(1, Math.floor(500_000 / bytes));
    for (let partition = 0; partition < partitions; partition++) {
      for (let first = 0; first < recordsPerPartition; first += perBatch) {
        const count = Math.min(perBatch, recordsPerPartition - first);
        await producer.send({
          topic,
          messages: Array.from({ length: count }, (_, i) => ({ partition, value: `${first + i}`.padEnd(bytes, "x") })),
        });
      }
    }
    await producer.disconnect();
  };

  beforeAll(async () => {
    cluster = await startTestEmbeddedCluster(3);
    kafka = new kafkajs.Kafka({ brokers: cluster.bootstrapServers, logLevel: kafkajs.logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: "ra-rf", numPartitions: 3, replicationFactor: 1 },
        { topic: "ra-order", numPartitions: 1, replicationFactor: 2 },
        { topic: "ra-slow", numPartitions: 1, replicationFactor: 1 },
      ],
    });
    await produce("ra-rf", 3, 50, 1_000);
    await produce("ra-slow", 1, 400, 5_000);
    testConsole = startTestConsole(CLUSTER, cluster.bootstrapServers, "pier-cluster-actions-test-");
    routes = {
      reassignments: await import("@/app/api/clusters/[id]/reassignments/route"),
      elections: await import("@/app/api/clusters/[id]/leader-elections/route"),
      stop: await import("@/app/api/clusters/[id]/brokers/[brokerId]/stop/route"),
      start: await import("@/app/api/clusters/[id]/brokers/[brokerId]/start/route"),
      control: await import("@/app/api/clusters/[id]/brokers/control/route"),
      openapi: await import("@/app/api/openapi.json/route"),
    } as unknown as Record<string, Record<string, Handler>>;
  });

  afterAll(async () => {
    await admin?.disconnect();
    await testConsole?.close();
    await cluster?.stop();
  });

  it("refuses bad plans and bad executions with a 4xx naming the problem, and changes nothing", async () => {
    const before = await replicasOf("ra-rf");
    const cases: [unknown, number, string, RegExp][] = [
      [{ action: "generate", topics: ["nope"], brokers: [0, 1, 2] }, 404, "not_found", /no topic "nope"/],
      [{ action: "generate", topics: ["ra-rf"], brokers: [0, 7] }, 404, "not_found", /no live broker 7/],
      [
        { action: "generate", topics: ["ra-rf"], brokers: [0, 1, 2], replicationFactor: 4 },
        400,
        "invalid_input",
        /Replication factor 4 .* 3 chosen broker/,
      ],
      [{ action: "generate", topics: ["ra-rf"], brokers: [0, 0, 1] }, 400, "invalid_input", /Broker 0 is listed twice/],
      [
        { action: "execute", partitions: [{ topic: "ra-rf", partition: 0, replicas: [0, 1, 2, 3] }] },
        400,
        "invalid_input",
        /ra-rf-0: replication factor 4 is above the cluster's 3 broker/,
      ],
      [
        { action: "execute", partitions: [{ topic: "ra-rf", partition: 0, replicas: [1, 1] }] },
        400,
        "invalid_input",
        /broker 1 is listed twice/,
      ],
      [
        { action: "execute", partitions: [{ topic: "ra-rf", partition: 0, replicas: [0, 9] }] },
        400,
        "invalid_input",
        /no broker 9/,
      ],
      [
        { action: "execute", partitions: [{ topic: "ghost", partition: 0, replicas: [0] }] },
        404,
        "not_found",
        /no topic "ghost"/,
      ],
      [
        { action: "execute", partitions: [{ topic: "ra-rf", partition: 5, replicas: [0] }] },
        404,
        "not_found",
        /no partition 5/,
      ],
      [{ action: "execute", partitions: [] }, 400, "invalid_input", /plan is empty/],
      [{ action: "shuffle" }, 400, "invalid_input", /action/],
      [{ action: "cancel" }, 409, "no_reassignment", /No reassignment is in progress/],
    ];
    for (const [body, status, code, message] of cases) {
      const answer = await call(routes.reassignments!.POST!, C, post(body));
      expect({ body, status: answer.status, code: answer.body?.error?.code }).toEqual({ body, status, code });
      expect(answer.body!.error.message).toMatch(message);
    }
    expect(await replicasOf("ra-rf")).toEqual(before);
    expect(await admin.listPartitionReassignments({})).toEqual({ topics: [] });
    expect(await audit("reassignment.")).toEqual([]);
  });

  it("raises a replication factor through a throttled reassignment, then removes the throttle once it finished", async () => {
    const generated = await call(
      routes.reassignments!.POST!,
      C,
      post({ action: "generate", topics: ["ra-rf"], brokers: [0, 1, 2], replicationFactor: 2, rebalance: false }),
    );
    expect(generated.status).toBe(200);
    const moves = generated.body!.plan.moves as { topic: string; partition: number; proposed: number[] }[];
    expect(moves).toHaveLength(3);
    expect(generated.body!.plan.movedBytes).toBeGreaterThan(3 * 50 * 1_000);
    const partitions = moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.proposed }));
    const executed = await call(
      routes.reassignments!.POST!,
      C,
      post({ action: "execute", partitions, throttleBytesPerSec: 10_000_000 }),
    );
    expect(executed.status).toBe(202);
    expect(executed.body!.result.throttle).toMatchObject({ bytesPerSec: 10_000_000, topics: ["ra-rf"] });
    const throttledBrokers = executed.body!.result.throttle.brokers as number[];
    expect(await brokerConfig(throttledBrokers[0]!, "leader.replication.throttled.rate")).toBe("10000000");

    const [entry] = await audit("reassignment.execute");
    expect(entry).toMatchObject({
      target: "topic:ra-rf",
      outcome: "ok",
      parameters: { throttleBytesPerSec: 10_000_000 },
    });
    expect((entry!.after as JsonBody).assignments.map((a: JsonBody) => a.replicas)).toEqual(
      moves.map((m) => m.proposed),
    );

    // During the copy Metadata already lists the target replicas; done = none left in progress.
    await until(
      "the reassignment to finish",
      () => admin.listPartitionReassignments({}),
      (listed) => listed.topics.length === 0,
    );
    expect((await replicasOf("ra-rf")).map((p) => p.replicas)).toEqual(moves.map((m) => m.proposed));
    const status = await until(
      "the console to see it finished",
      async () => (await call(routes.reassignments!.GET!, C)).body!,
      (b) => b.ongoing === false && b.throttle === null,
    );
    expect(status.progress).toMatchObject({ partitions: [], copiedBytes: 0, totalBytes: 0 });
    for (const broker of throttledBrokers) {
      expect(await brokerConfig(broker, "leader.replication.throttled.rate")).toBeNull();
      expect(await brokerConfig(broker, "follower.replication.throttled.rate")).toBeNull();
    }
    expect(await topicConfig("ra-rf", "leader.replication.throttled.replicas")).toBeNull();
    expect(await audit("reassignment.throttle.remove")).toHaveLength(1);
  });

  it("cancels a reassignment in progress: the partition keeps its original replicas", async () => {
    const original = (await replicasOf("ra-slow"))[0]!.replicas;
    const target = [original[0]!, (original[0]! + 1) % 3];
    // 2 MB at 1 KB/s cannot finish before the cancel.
    const executed = await call(
      routes.reassignments!.POST!,
      C,
      post({
        action: "execute",
        partitions: [{ topic: "ra-slow", partition: 0, replicas: target }],
        throttleBytesPerSec: 1_024,
      }),
    );
    expect(executed.status).toBe(202);
    const listed = await admin.listPartitionReassignments({});
    expect(listed.topics).toEqual([
      { name: "ra-slow", partitions: [expect.objectContaining({ partition: 0, addingReplicas: [target[1]] })] },
    ]);
    const progress = (await call(routes.reassignments!.GET!, C)).body!;
    expect(progress.ongoing).toBe(true);
    expect(progress.progress.partitions[0]).toMatchObject({ topic: "ra-slow", addingReplicas: [target[1]] });
    expect(progress.progress.totalBytes).toBeGreaterThan(2_000_000);

    const cancelled = await call(routes.reassignments!.POST!, C, post({ action: "cancel" }));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body!.result).toMatchObject({ throttleRemoved: true });
    expect(await admin.listPartitionReassignments({})).toEqual({ topics: [] });
    expect((await replicasOf("ra-slow"))[0]!.replicas).toEqual(original);
    expect(await topicConfig("ra-slow", "follower.replication.throttled.replicas")).toBeNull();
    const [entry] = await audit("reassignment.cancel");
    expect(entry).toMatchObject({ outcome: "ok", after: { assignments: [{ topic: "ra-slow", replicas: original }] } });
  });

  it("previews and runs a preferred leader election, moving leadership back to the preferred replica", async () => {
    const { replicas, leader } = (await replicasOf("ra-order"))[0]!;
    expect(leader).toBe(replicas[0]);
    // Reordering the replicas makes the other one preferred without moving data or the leader.
    const reordered = [replicas[1]!, replicas[0]!];
    const executed = await call(
      routes.reassignments!.POST!,
      C,
      post({ action: "execute", partitions: [{ topic: "ra-order", partition: 0, replicas: reordered }] }),
    );
    expect(executed.status).toBe(202);
    await until(
      "the new order",
      () => replicasOf("ra-order"),
      (ps) => ps[0]!.replicas[0] === reordered[0],
    );

    const preview = await call(routes.elections!.GET!, C, undefined, "?topic=ra-order");
    expect(preview.status).toBe(200);
    expect(preview.body!.preview).toEqual({
      partitions: 1,
      candidates: [
        {
          topic: "ra-order",
          partition: 0,
          leader,
          preferredLeader: reordered[0],
          preferredInIsr: true,
          preferredLive: true,
        },
      ],
    });
    const elected = await call(routes.elections!.POST!, C, post({ type: "preferred", topic: "ra-order" }));
    expect(elected.status).toBe(200);
    expect(elected.body).toMatchObject({ elected: 1, failed: 0 });
    expect((await replicasOf("ra-order"))[0]!.leader).toBe(reordered[0]);
    const [entry] = await audit("leader-election.preferred");
    expect(entry).toMatchObject({
      target: "topic:ra-order",
      before: { leaders: [{ topic: "ra-order", partition: 0, leader }] },
      after: { leaders: [{ topic: "ra-order", partition: 0, leader: reordered[0] }] },
    });

    const again = await call(routes.elections!.GET!, C, undefined, "?partitions=ra-order:0");
    expect(again.body!.preview.candidates).toEqual([]);
    const unknown = await call(routes.elections!.POST!, C, post({ topic: "nope" }));
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    const badPartition = await call(routes.elections!.GET!, C, undefined, "?partitions=ra-order:9");
    expect(badPartition).toMatchObject({
      status: 404,
      body: { error: { message: 'Topic "ra-order" has no partition 9.' } },
    });
  });

  it("answers 409 for broker stop/start on a cluster the console does not host", async () => {
    const stop = await call(routes.stop!.POST!, { id: CLUSTER, brokerId: "1" }, post({ mode: "clean" }));
    expect(stop.status).toBe(409);
    expect(stop.body!.error).toEqual({
      code: "not_embedded",
      message: expect.stringMatching(/Only the embedded cluster can stop and start brokers/),
    });
    expect((await call(routes.start!.POST!, { id: CLUSTER, brokerId: "1" }, post({}))).status).toBe(409);
    expect((await call(routes.stop!.GET!, { id: CLUSTER, brokerId: "1" })).status).toBe(409);
    const control = await call(routes.control!.GET!, C);
    expect(control.body).toMatchObject({ available: false, brokers: [] });
    expect((await admin.describeCluster()).brokers).toHaveLength(3);
    expect(await audit("broker.")).toEqual([]);
  });

  it("refuses every change on a read-only cluster with 403, still previews, and records nothing", async () => {
    const { db } = await getConsoleContext();
    await setClusterReadOnly(db, CLUSTER, true);
    try {
      const before = await replicasOf("ra-rf");
      const auditBefore = (await listAudit(db, { clusterId: CLUSTER, limit: 500 })).entries.length;
      const refusals = [
        await call(
          routes.reassignments!.POST!,
          C,
          post({ action: "execute", partitions: [{ topic: "ra-rf", partition: 0, replicas: [0] }] }),
        ),
        await call(routes.reassignments!.POST!, C, post({ action: "cancel" })),
        await call(routes.elections!.POST!, C, post({})),
        await call(routes.stop!.POST!, { id: CLUSTER, brokerId: "0" }, post({})),
        await call(routes.start!.POST!, { id: CLUSTER, brokerId: "0" }, post({})),
      ];
      for (const r of refusals) expect(r).toMatchObject({ status: 403, body: { error: { code: "read_only" } } });
      const plan = await call(
        routes.reassignments!.POST!,
        C,
        post({ action: "generate", topics: ["ra-rf"], brokers: [0, 1, 2] }),
      );
      expect(plan.status).toBe(200);
      expect((await call(routes.elections!.GET!, C)).status).toBe(200);
      expect(await replicasOf("ra-rf")).toEqual(before);
      expect((await listAudit(db, { clusterId: CLUSTER, limit: 500 })).entries).toHaveLength(auditBefore);
    } finally {
      await setClusterReadOnly(db, CLUSTER, false);
    }
  });

  it("documents every route in the OpenAPI document", async () => {
    const doc = (await call(routes.openapi!.GET!, {})).body!;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/clusters/{id}/reassignments",
        "/api/clusters/{id}/leader-elections",
        "/api/clusters/{id}/brokers/control",
        "/api/clusters/{id}/brokers/{brokerId}/stop",
        "/api/clusters/{id}/brokers/{brokerId}/start",
      ]),
    );
    expect(Object.keys(doc.paths["/api/clusters/{id}/reassignments"])).toEqual(["get", "post"]);
  });
});
