import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaClusterClient } from "../admin/cluster-client";
import { startTestEmbeddedCluster, type TestCluster } from "../admin/testing/test-clusters";
import { openDb, type Db } from "../db/client";
import { groupLagHistory, topicThroughputHistory } from "./history-views";
import { CATCH_UP_SAMPLES } from "./derive";
import { HistorySampler } from "./sampler";

const { Kafka, logLevel } = kafkajs;

const TOPIC = "events";
const GROUP = "billing";
const PARTITIONS = [0, 1];
/** Steady rates: every step appends PRODUCE_PER_STEP and commits CONSUME_PER_STEP more per partition. */
const STEP_MS = 250;
const PRODUCE_PER_STEP = 10;
const CONSUME_PER_STEP = 30;
const BACKLOG = 400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The sampler against a real embedded cluster, driven by a controlled producer (kafkajs) and a
 * controlled consumer (a joined, paused kafkajs group member committing exact offsets), one
 * sampling round after every step, so the expected lag at each sample is known exactly.
 */
describe("the lag-history sampler on an embedded cluster", () => {
  let cluster: TestCluster;
  let client: KafkaClusterClient;
  let db: Db;
  let sampler: HistorySampler;
  const dir = mkdtempSync(path.join(tmpdir(), "pier-sampler-"));
  let kafka: InstanceType<typeof Kafka>;
  let admin: ReturnType<InstanceType<typeof Kafka>["admin"]>;
  let producer: ReturnType<InstanceType<typeof Kafka>["producer"]>;
  let consumer: ReturnType<InstanceType<typeof Kafka>["consumer"]>;
  const produced = new Map<number, number>(PARTITIONS.map((p) => [p, 0]));
  const committed = new Map<number, number>(PARTITIONS.map((p) => [p, 0]));
  /** [sample time, expected total lag] after each round. */
  const expected: { lag: number; produced: number; committed: number }[] = [];

  async function produce(perPartition: number) {
    await producer.send({
      topic: TOPIC,
      messages: PARTITIONS.flatMap((partition) =>
        Array.from({ length: perPartition }, (_, i) => ({ partition, value: `v${i}` })),
      ),
    });
    for (const p of PARTITIONS) produced.set(p, produced.get(p)! + perPartition);
  }

  async function commit(perPartition: number) {
    for (const p of PARTITIONS) committed.set(p, Math.min(produced.get(p)!, committed.get(p)! + perPartition));
    await consumer.commitOffsets(
      PARTITIONS.map((partition) => ({ topic: TOPIC, partition, offset: String(committed.get(partition)) })),
    );
  }

  const currentLag = () => PARTITIONS.reduce((s, p) => s + produced.get(p)! - committed.get(p)!, 0);

  async function round() {
    const [result] = await sampler.runRound();
    expect(result?.ok, result?.error).toBe(true);
    const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    expected.push({ lag: currentLag(), produced: sum(produced), committed: sum(committed) });
  }

  beforeAll(async () => {
    cluster = await startTestEmbeddedCluster(1);
    kafka = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS.length, replicationFactor: 1 }] });
    producer = kafka.producer();
    await producer.connect();
    // A real group member that consumes nothing itself (paused) and commits exactly what the test says.
    consumer = kafka.consumer({
      groupId: GROUP,
      rebalanceTimeout: 2_000,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ autoCommit: false, eachMessage: async () => {} });
    await joined;
    consumer.pause([{ topic: TOPIC }]);
    db = await openDb(dir);
    client = new KafkaClusterClient({
      id: "test",
      bootstrapServers: cluster.bootstrapServers,
      securityProtocol: "PLAINTEXT",
    });
    sampler = new HistorySampler({ db, intervalMs: 60_000, clusters: async () => [{ id: "test", client }] });
    await produce(BACKLOG);
    await commit(0);
  }, 60_000);

  afterAll(async () => {
    await sampler?.stop();
    await consumer?.disconnect();
    await producer?.disconnect();
    await admin?.disconnect();
    await client?.close();
    await db?.$disconnect();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores the lag computed from the offsets at each sample, and estimates the catch-up within 20%", async () => {
    const t0 = Date.now();
    // The first rounds of a new client are slower (connections, first reads): not part of the steady phase.
    await round();
    await round();
    const ESTIMATE_AT_STEP = CATCH_UP_SAMPLES + 2;
    let estimateSeconds = 0;
    for (let step = 0; currentLag() > 0; step++) {
      const started = Date.now();
      await produce(PRODUCE_PER_STEP);
      await commit(CONSUME_PER_STEP);
      await round();
      await sleep(Math.max(0, STEP_MS - (Date.now() - started)));
      if (step !== ESTIMATE_AT_STEP) continue;
      const now = Date.now();
      const early = await groupLagHistory(db, "test", GROUP, {
        fromMs: now - 600_000,
        toMs: now + 1,
        nowMs: now,
        sampleIntervalMs: STEP_MS,
      });
      expect(early.estimate.kind).toBe("catching_up");
      expect(early.trend).toBe("shrinking");
      if (early.estimate.kind === "catching_up") estimateSeconds = early.estimate.seconds;
    }
    const now = Date.now();
    // A window short enough for every raw sample to be its own point; a slow step on a loaded machine
    // must not count as a gap, so the gap threshold (from the interval) is generous.
    const window = { fromMs: t0 - 1_000, toMs: now + 1, nowMs: now, stepMs: 1, sampleIntervalMs: 4 * STEP_MS };
    const history = await groupLagHistory(db, "test", GROUP, window);
    const stored = history.total.filter((p) => p.lag !== null);
    expect(stored.map((p) => p.lag!.last)).toEqual(expected.map((e) => e.lag));
    // The real time to catch up: from the sample the estimate was made at to the first sample at lag 0.
    const caughtUpAt = stored.find((p) => p.lag!.last === 0)!.atMs;
    const actualSeconds = (caughtUpAt - stored[ESTIMATE_AT_STEP + 2]!.atMs) / 1000;
    expect(Math.abs(estimateSeconds - actualSeconds) / actualSeconds).toBeLessThan(0.2);
    expect(history.estimate.kind).toBe("caught_up");
    // Per partition, the last sample is caught up and the first one carried the backlog.
    expect(history.partitions.map((p) => [p.partition, p.points[0]?.lag?.last, p.points.at(-1)?.lag?.last])).toEqual(
      PARTITIONS.map((p) => [p, BACKLOG, 0]),
    );

    const throughput = await topicThroughputHistory(db, "test", TOPIC, window);
    expect(throughput.groups).toEqual([GROUP]);
    // Each stored rate is the records appended / committed (known) over the time between two samples.
    // Points sit at step-bucket starts, up to one step from the sample time, while rates use the exact
    // sample times: over an interval of `seconds`, that bounds the relative error by 2 steps / interval
    // (the two warm-up rounds are close together, so the bound is per interval, not per STEP_MS).
    const near = (actual: number | null | undefined, want: number, seconds: number) =>
      expect(Math.abs((actual ?? Number.NaN) - want) / Math.max(want, 1)).toBeLessThan(
        (2 * history.stepMs) / Math.max(seconds * 1000 - 2 * history.stepMs, 1) + 1e-9,
      );
    const indexAt = new Map(stored.map((p, i) => [p.atMs, i]));
    const rated = throughput.points.filter((p) => p.produceRate !== null);
    expect(rated).toHaveLength(expected.length - 1);
    for (const point of rated) {
      const i = indexAt.get(point.atMs)!;
      const seconds = (stored[i]!.atMs - stored[i - 1]!.atMs) / 1000;
      near(point.produceRate, (expected[i]!.produced - expected[i - 1]!.produced) / seconds, seconds);
      near(point.consumeRates[GROUP], (expected[i]!.committed - expected[i - 1]!.committed) / seconds, seconds);
      near(stored[i]!.consumeRate, (expected[i]!.committed - expected[i - 1]!.committed) / seconds, seconds);
    }
  }, 60_000);

  it("records a failed round, and later rounds still run, when a cluster is unreachable", async () => {
    const down = new KafkaClusterClient({
      id: "down",
      bootstrapServers: ["127.0.0.1:1"],
      securityProtocol: "PLAINTEXT",
    });
    const mixed = new HistorySampler({
      db,
      intervalMs: 60_000,
      clusters: async () => [
        { id: "down", client: down },
        { id: "test", client },
      ],
    });
    try {
      const results = await mixed.runRound();
      expect(results.map((r) => [r.clusterId, r.ok])).toEqual([
        ["down", false],
        ["test", true],
      ]);
      const failed = await db.sampleRound.findMany({ where: { clusterId: "down" } });
      expect(failed).toHaveLength(1);
      expect(failed[0]!.error).toBeTruthy();
    } finally {
      await mixed.stop();
      await down.close();
    }
  }, 30_000);

  it("skips a tick while the previous round still runs", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow = new HistorySampler({
      db,
      intervalMs: 20,
      clusters: async () => {
        calls++;
        await gate;
        return [];
      },
    });
    slow.start();
    await sleep(150);
    expect(calls).toBe(1);
    expect(slow.skippedTicks).toBeGreaterThan(2);
    release();
    await slow.stop();
  });
});
