/**
 * Console benchmark at the scale: 10,000 topics / 50,000 partitions and 10,000 consumer
 * groups on the embedded cluster, served by a real `next start` (run `npx next build` first).
 *
 *   npx tsx lib/admin/console.bench.ts [--topics 10000] [--partitions 5] [--groups 10000] [--samples 40]
 *   npx tsx lib/admin/console.bench.ts --reference [--topics 12500]
 *
 * --reference runs the topic half against librdkafka's mock cluster instead (in memory, so it holds
 * 50,000 partitions where the engine runs out of file descriptors; it auto-creates topics with 4
 * partitions and has no consumer-group listing, so groups are not measured there).
 *
 * Seeds through kafkajs (CreateTopics in batches; committed offsets written to __consumer_offsets
 * in Kafka's record format, since the engine has no group coordinator yet), waits until the
 * console's background snapshot shows everything, then prints p50/p95 of warm requests and the
 * console process's RSS. Targets (issue #8): topics page p50 < 150 ms, consumer groups < 300 ms,
 * topic consumers panel < 300 ms, RSS < 500 MB.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import kafkajs from "kafkajs";
import { startEmbeddedCluster } from "../engine";
import { ApiKey } from "../protocol";
import { startReferenceCluster, type TestCluster } from "./testing/test-clusters";
import { ProtocolClient } from "./wire/protocol-client";

const { Kafka, logLevel } = kafkajs;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const REFERENCE = process.argv.includes("--reference");
const TOPICS = arg("topics", REFERENCE ? 12_500 : 10_000);
const PARTITIONS_PER_TOPIC = arg("partitions", 5);
const GROUPS = REFERENCE ? 0 : arg("groups", 10_000);
/** The mock cluster's partitions per auto-created topic. */
const REFERENCE_PARTITIONS_PER_TOPIC = 4;
const AUTO_CREATE_BATCH_TOPICS = 500;
const SAMPLES = arg("samples", 40);
const CREATE_BATCH_TOPICS = 250;
const COMMIT_BATCH_RECORDS = 2_000;
const OFFSETS_PARTITIONS = 10;
const READY_TIMEOUT_MS = 10 * 60_000;

const topicName = (i: number) => `bench-${String(i).padStart(5, "0")}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function commitKey(group: string, topic: string, partition: number): Buffer {
  const g = Buffer.from(group);
  const t = Buffer.from(topic);
  const b = Buffer.alloc(10 + g.length + t.length);
  let pos = b.writeInt16BE(1, 0);
  pos = b.writeInt16BE(g.length, pos);
  pos += g.copy(b, pos);
  pos = b.writeInt16BE(t.length, pos);
  pos += t.copy(b, pos);
  b.writeInt32BE(partition, pos);
  return b;
}

function commitValue(offset: number): Buffer {
  const b = Buffer.alloc(24);
  let pos = b.writeInt16BE(3, 0);
  pos = b.writeBigInt64BE(BigInt(offset), pos);
  pos = b.writeInt32BE(-1, pos);
  pos = b.writeInt16BE(0, pos);
  b.writeBigInt64BE(BigInt(Date.now()), pos);
  return b;
}

async function seed(brokers: string[]): Promise<void> {
  const kafka = new Kafka({ brokers, clientId: "pier-bench", logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const started = Date.now();
  for (let first = 0; first < TOPICS; first += CREATE_BATCH_TOPICS) {
    const topics = Array.from({ length: Math.min(CREATE_BATCH_TOPICS, TOPICS - first) }, (_, i) => ({
      topic: topicName(first + i),
      numPartitions: PARTITIONS_PER_TOPIC,
      replicationFactor: 1,
    }));
    await admin.createTopics({ topics, timeout: 120_000 });
  }
  await admin.createTopics({
    topics: [{ topic: "__consumer_offsets", numPartitions: OFFSETS_PARTITIONS, replicationFactor: 1 }],
  });
  console.log(`created ${TOPICS} topics x ${PARTITIONS_PER_TOPIC} partitions in ${Date.now() - started} ms`);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const commitsStarted = Date.now();
  let batch: { key: Buffer; value: Buffer; partition: number }[] = [];
  for (let g = 0; g < GROUPS; g++) {
    // Each group reads one topic (every partition); groups spread over the topics.
    const topic = topicName(g % TOPICS);
    for (let p = 0; p < PARTITIONS_PER_TOPIC; p++) {
      batch.push({ key: commitKey(`group-${g}`, topic, p), value: commitValue(0), partition: g % OFFSETS_PARTITIONS });
    }
    if (batch.length >= COMMIT_BATCH_RECORDS) {
      await producer.send({ topic: "__consumer_offsets", messages: batch });
      batch = [];
    }
  }
  if (batch.length > 0) await producer.send({ topic: "__consumer_offsets", messages: batch });
  await producer.disconnect();
  console.log(`wrote the offsets of ${GROUPS} groups in ${Date.now() - commitsStarted} ms`);
}

/** The mock creates a topic when Metadata (v0-3, no opt-out flag) names it. */
async function seedReference(brokers: string[]): Promise<void> {
  const wire = new ProtocolClient({ id: "bench", bootstrapServers: brokers, securityProtocol: "PLAINTEXT" });
  const started = Date.now();
  try {
    const connection = await wire.anyConnection();
    for (let first = 0; first < TOPICS; first += AUTO_CREATE_BATCH_TOPICS) {
      const names = Array.from({ length: Math.min(AUTO_CREATE_BATCH_TOPICS, TOPICS - first) }, (_, i) =>
        topicName(first + i),
      );
      await connection.send(ApiKey.Metadata, 2, { topics: names.map((name) => ({ name })) });
    }
  } finally {
    await wire.close();
  }
  console.log(
    `auto-created ${TOPICS} topics x ${REFERENCE_PARTITIONS_PER_TOPIC} partitions in ${Date.now() - started} ms`,
  );
}

async function timedGet(url: string): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url);
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - started, body };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(label: string, urls: () => string, target: number): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push((await timedGet(urls())).ms);
  const p50 = percentile(times, 50);
  console.log(
    `${label.padEnd(36)} p50 ${p50.toFixed(1).padStart(7)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms  (target p50 < ${target} ms: ${p50 < target ? "met" : "MISSED"})`,
  );
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function waitReady(base: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      const topics = (await timedGet(`${base}/topics?pageSize=1`)).body as { value: { total: number } };
      const groups = (await timedGet(`${base}/consumer-groups?pageSize=1`)).body as { value: { total: number } };
      if (topics.value.total === TOPICS && (REFERENCE || groups.value.total === GROUPS)) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("the console did not show the seeded cluster in time");
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

async function startCluster(dataDir: string): Promise<TestCluster> {
  if (REFERENCE) {
    const cluster = await startReferenceCluster(3);
    await seedReference(cluster.bootstrapServers);
    return cluster;
  }
  const cluster = await startEmbeddedCluster({
    host: "127.0.0.1",
    kafkaPort: 0,
    brokers: 3,
    dataDir: path.join(dataDir, "kafka"),
  });
  await seed(cluster.bootstrapServers);
  return { bootstrapServers: cluster.bootstrapServers, stop: () => cluster.stop() };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pier-console-bench-"));
  let cluster: TestCluster | undefined;
  let server: ReturnType<typeof spawn> | undefined;
  try {
    cluster = await startCluster(dataDir);
    const port = await freePort();
    server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        PIER_EMBEDDED: "0",
        PIER_DATA_DIR: path.join(dataDir, "console"),
        PIER_CLUSTERS: `bench=${cluster.bootstrapServers.join(",")}`,
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: "ignore",
    });
    const base = `http://127.0.0.1:${port}/api/clusters/bench`;
    const readyStarted = Date.now();
    await waitReady(base);
    console.log(`console showed every topic and group after ${Date.now() - readyStarted} ms (cold snapshot + index)`);
    let n = 0;
    await measure("GET topics (page 1, by name)", () => `${base}/topics?sort=name&page=1&pageSize=50`, 150);
    await measure(
      "GET topics (search + sort by size)",
      () => `${base}/topics?q=bench-0${n++ % 10}&sort=sizeBytes&order=desc`,
      150,
    );
    if (!REFERENCE) {
      await measure("GET consumer-groups (page 1)", () => `${base}/consumer-groups?pageSize=50`, 300);
      await measure(
        "GET consumer-groups (sort by lag)",
        () => `${base}/consumer-groups?sort=totalLag&order=desc&pageSize=50`,
        300,
      );
    }
    await measure(
      "GET topics/{topic} (consumers panel)",
      () => `${base}/topics/${topicName((n++ * 7919) % TOPICS)}`,
      300,
    );
    console.log(`console RSS ${rssMb(server.pid!)} MB (target < 500 MB)`);
  } finally {
    server?.kill("SIGTERM");
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
