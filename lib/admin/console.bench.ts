/**
 * Console benchmark at the scale: 10,000 topics / 50,000 partitions and 10,000 consumer
 * groups on the embedded cluster, served by a real `next start` (run `npx next build` first).
 *
 *   npx tsx lib/admin/console.bench.ts [--topics 10000] [--partitions 5] [--groups 10000] [--samples 40]
 *                                      [--console-heap-mb N] [--steady-rounds 4]
 *   npx tsx lib/admin/console.bench.ts --reference [--topics 12500]
 *
 * --reference runs the topic half against librdkafka's mock cluster instead (in memory; it
 * auto-creates topics with 4 partitions and has no consumer-group listing, so groups are not
 * measured there).
 *
 * Seeds through the Kafka protocol as clients do: topics with kafkajs (CreateTopics in batches),
 * committed offsets through the engine's group coordinator (per group, FindCoordinator then an
 * OffsetCommit outside group management — generation -1, empty member id — as Kafka allows on an
 * empty group; pipelined on one connection per coordinator). Each group commits a few partitions
 * of a few topics, so "which groups read this topic" has answers. Then it waits until the
 * console's background snapshot shows everything and prints p50/p95 of warm requests and the
 * console process's RSS; then it keeps the console running until the lag-history sampler has
 * stored --steady-rounds rounds of the whole cluster (every 30 s, as `npm start` samples), watching
 * RSS meanwhile, since a sampler round at this scale is the console's largest piece of work. Targets (issue #8): topics page p50 < 150 ms, consumer groups < 300 ms,
 * topic consumers panel < 300 ms, RSS < 500 MB.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import kafkajs from "kafkajs";
import { openDb } from "../db/client";
import { startEmbeddedCluster } from "../engine";
import { ApiKey, ErrorCode, errorInfo } from "../protocol";
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
/** --console-heap-mb N caps the console's V8 old space (0 = Node's default), to tell live memory from garbage. */
const CONSOLE_HEAP_MB = arg("console-heap-mb", 0);
const CREATE_BATCH_TOPICS = 250;
/** Each group commits PARTITIONS_PER_GROUP_TOPIC partitions of each of TOPICS_PER_GROUP topics. */
const TOPICS_PER_GROUP = 3;
const PARTITIONS_PER_GROUP_TOPIC = 2;
const COMMITS_IN_FLIGHT = 256;
const COMMIT_ATTEMPTS = 50;
const READY_TIMEOUT_MS = 10 * 60_000;
/** Sampler rounds of the whole cluster to watch memory through after the requests. */
const STEADY_ROUNDS = arg("steady-rounds", 4);
/** The console's default sampling interval (PIER_SAMPLE_INTERVAL_MS), set explicitly so the run does not depend on the environment. */
const SAMPLE_INTERVAL_MS = 30_000;
const STEADY_POLL_MS = 500;

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

async function seed(brokers: string[]): Promise<void> {
  const kafka = new Kafka({ brokers, clientId: "pier-bench", logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const started = Date.now();
  try {
    for (let first = 0; first < TOPICS; first += CREATE_BATCH_TOPICS) {
      const topics = Array.from({ length: Math.min(CREATE_BATCH_TOPICS, TOPICS - first) }, (_, i) => ({
        topic: topicName(first + i),
        numPartitions: PARTITIONS_PER_TOPIC,
        replicationFactor: 1,
      }));
      await admin.createTopics({ topics, timeout: 120_000 });
    }
  } finally {
    await admin.disconnect();
  }
  console.log(`created ${TOPICS} topics x ${PARTITIONS_PER_TOPIC} partitions in ${Date.now() - started} ms`);
  const commitsStarted = Date.now();
  const partitions = await commitGroupOffsets(brokers);
  console.log(
    `committed ${partitions} offsets of ${GROUPS} groups through the coordinator in ${Date.now() - commitsStarted} ms`,
  );
}

/** The topics and partitions group `g` commits: a few partitions of a few topics spread over all. */
function groupCommits(g: number) {
  const topics = Math.min(TOPICS_PER_GROUP, TOPICS);
  const stride = Math.max(1, Math.floor(TOPICS / topics));
  const partitions = Math.min(PARTITIONS_PER_GROUP_TOPIC, PARTITIONS_PER_TOPIC);
  return Array.from({ length: topics }, (_, k) => ({
    name: topicName((g + k * stride) % TOPICS),
    partitions: Array.from({ length: partitions }, (_, j) => ({
      partitionIndex: (g + j) % PARTITIONS_PER_TOPIC,
      committedOffset: 0n,
      committedMetadata: "",
    })),
  }));
}

/** How many groups commit offsets of topic number `t`. */
function expectedConsumers(t: number): number {
  let n = 0;
  for (let g = 0; g < GROUPS; g++) if (groupCommits(g).some((c) => c.name === topicName(t))) n++;
  return n;
}

const RETRIABLE_COORDINATOR_ERRORS: ReadonlySet<number> = new Set([
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.NOT_COORDINATOR,
]);

/**
 * Commits every group's offsets as a simple consumer would: FindCoordinator, then OffsetCommit
 * with generation -1 and no member. Up to COMMITS_IN_FLIGHT groups at a time, so requests are
 * pipelined on the client's one connection per broker. Returns the number of partition offsets.
 */
async function commitGroupOffsets(brokers: string[]): Promise<number> {
  const wire = new ProtocolClient({ id: "bench", bootstrapServers: brokers, securityProtocol: "PLAINTEXT" });
  let committed = 0;
  let retries = 0;
  const commitOne = async (g: number): Promise<void> => {
    const groupId = `group-${g}`;
    const topics = groupCommits(g);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        retries++;
        await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * attempt)));
      }
      if (attempt > COMMIT_ATTEMPTS) throw new Error(`could not commit the offsets of ${groupId}`);
      const any = await wire.anyConnection();
      const found = await any.send(
        ApiKey.FindCoordinator,
        any.pickVersion(ApiKey.FindCoordinator, 1, 3, "FindCoordinator"),
        { key: groupId, keyType: 0 },
      );
      if (RETRIABLE_COORDINATOR_ERRORS.has(found.errorCode)) continue;
      if (found.errorCode !== 0) throw new Error(`FindCoordinator ${groupId}: ${errorInfo(found.errorCode).name}`);
      const coordinator = await wire.connectionTo(found.nodeId);
      const answer = await coordinator.send(
        ApiKey.OffsetCommit,
        coordinator.pickVersion(ApiKey.OffsetCommit, 2, 8, "OffsetCommit"),
        { groupId, generationIdOrMemberEpoch: -1, memberId: "", groupInstanceId: null, topics },
      );
      const errors = answer.topics.flatMap((t) => t.partitions.map((p) => p.errorCode)).filter((e) => e !== 0);
      if (errors.length === 0) {
        committed += topics.reduce((n, t) => n + t.partitions.length, 0);
        return;
      }
      const fatal = errors.find((e) => !RETRIABLE_COORDINATOR_ERRORS.has(e));
      if (fatal !== undefined) throw new Error(`OffsetCommit ${groupId}: ${errorInfo(fatal).name}`);
    }
  };
  try {
    let next = 0;
    const worker = async () => {
      while (next < GROUPS) await commitOne(next++);
    };
    await Promise.all(Array.from({ length: Math.min(COMMITS_IN_FLIGHT, GROUPS) }, worker));
  } finally {
    await wire.close();
  }
  if (retries > 0) console.log(`(${retries} commits retried while the coordinator loaded)`);
  return committed;
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

/**
 * Resident memory of a process in MB: total, anonymous (heaps) and file-backed (code, mappings),
 * and the peak (VmHWM: the most it has held since it started).
 */
function memoryMb(pid: number): { rss: number; anon: number; file: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
  return { rss: mb("VmRSS"), anon: mb("RssAnon"), file: mb("RssFile"), peak: mb("VmHWM") };
}

/**
 * Waits until the console's database holds STEADY_ROUNDS successful sampler rounds that saw every
 * group, sampling the console's RSS meanwhile; prints the highest RSS seen and the rounds' durations.
 */
async function watchSamplerRounds(consoleDataDir: string, pid: number): Promise<void> {
  const db = await openDb(consoleDataDir);
  const deadline = Date.now() + (STEADY_ROUNDS + 2) * SAMPLE_INTERVAL_MS + READY_TIMEOUT_MS;
  let highest = 0;
  try {
    for (;;) {
      highest = Math.max(highest, memoryMb(pid).rss);
      const rounds = await db.sampleRound.findMany({
        where: { clusterId: "bench", error: null, groups: GROUPS, partitions: { gte: TOPICS * PARTITIONS_PER_TOPIC } },
        orderBy: { atMs: "asc" },
      });
      if (rounds.length >= STEADY_ROUNDS) {
        const { rss, peak } = memoryMb(pid);
        console.log(
          `console RSS through ${rounds.length} sampler rounds of the whole cluster (sampling took ` +
            `${rounds.map((r) => r.durationMs).join(" / ")} ms): highest seen ${highest} MB, now ${describeMemory(pid)} ` +
            `(target < 500 MB: ${highest < 500 && rss < 500 && peak < 500 ? "met" : "MISSED"})`,
        );
        return;
      }
      if (Date.now() > deadline) throw new Error(`only ${rounds.length} sampler rounds were stored in time`);
      await new Promise((r) => setTimeout(r, STEADY_POLL_MS));
    }
  } finally {
    await db.$disconnect();
  }
}

function describeMemory(pid: number): string {
  const { rss, anon, file, peak } = memoryMb(pid);
  return `${rss} MB (anon ${anon} MB, file ${file} MB; peak so far ${peak} MB)`;
}

async function waitReady(base: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      const topics = (await timedGet(`${base}/topics?pageSize=1`)).body as { value: { total: number } };
      const groups = (await timedGet(`${base}/consumer-groups?pageSize=1`)).body as { value: { total: number } };
      if (topics.value.total === TOPICS && (REFERENCE || groups.value.total === GROUPS)) {
        if (REFERENCE || GROUPS === 0) return;
        // The "which groups read this topic" index is built in the background too.
        const detail = (await timedGet(`${base}/topics/${topicName(0)}`)).body as {
          value: { consumers: { status: string; value?: unknown[] } };
        };
        if (detail.value.consumers.value?.length === expectedConsumers(0)) return;
      }
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
    const consoleDataDir = path.join(dataDir, "console");
    server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      env: {
        // As `npm start` (lib/scripts/start.ts) runs the console.
        MALLOC_ARENA_MAX: "2",
        ...process.env,
        PIER_EMBEDDED: "0",
        PIER_DATA_DIR: consoleDataDir,
        PIER_SAMPLE_INTERVAL_MS: String(SAMPLE_INTERVAL_MS),
        PIER_CLUSTERS: `bench=${cluster.bootstrapServers.join(",")}`,
        NEXT_TELEMETRY_DISABLED: "1",
        ...(CONSOLE_HEAP_MB > 0
          ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=${CONSOLE_HEAP_MB}`.trim() }
          : {}),
      },
      stdio: "ignore",
    });
    const base = `http://127.0.0.1:${port}/api/clusters/bench`;
    const readyStarted = Date.now();
    await waitReady(base);
    console.log(`console showed every topic and group after ${Date.now() - readyStarted} ms (cold snapshot + index)`);
    console.log(`console RSS once ready ${describeMemory(server.pid!)}`);
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
    const { rss, peak } = memoryMb(server.pid!);
    console.log(
      `console RSS after the requests ${describeMemory(server.pid!)} (target < 500 MB: ${rss < 500 && peak < 500 ? "met" : "MISSED"})`,
    );
    if (!REFERENCE) {
      if (STEADY_ROUNDS > 0) await watchSamplerRounds(consoleDataDir, server.pid!);
      console.log(`embedded cluster (this process) RSS ${describeMemory(process.pid)}`);
    }
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
