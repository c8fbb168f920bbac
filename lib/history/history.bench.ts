/**
 * Lag-history benchmark (issue #11).
 *
 *   npx tsx lib/history/history.bench.ts [--groups 1000] [--topics 1000] [--partitions 10] [--rounds 5]
 *   npx tsx lib/history/history.bench.ts --storage-only [--storage-scale 0.1]
 *
 * 1. Sampling round: an embedded cluster (1 broker) with `topics × partitions` partitions and
 *    `groups` consumer groups, each committing every partition of one topic through the
 *    coordinator (OffsetCommit outside group management, generation -1); then `rounds` sampler
 *    rounds (ClusterClient.sampleOffsets + storing the points), timed one by one.
 * 2. Database size after 7 simulated days: synthetic samples of the same shape, stored through the
 *    same code (recordSample, maintainHistory) with an injected clock. The last 6 h are sampled every
 *    30 s (the raw level); older rounds one per 5 minutes — each 5-minute bucket then holds one row
 *    per series whatever the number of samples in it, so the downsampled levels have the same rows
 *    as with a sample every 30 s. `--storage-scale` shrinks the series count (groups and partitions
 *    together) to keep the run short; the size is then also printed extrapolated linearly to scale 1
 *    (every row belongs to exactly one series, so size is proportional to the series count).
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import kafkajs from "kafkajs";
import type { OffsetsSample } from "../admin";
import { KafkaClusterClient } from "../admin/cluster-client";
import { ProtocolClient } from "../admin/wire/protocol-client";
import { openDb } from "../db/client";
import { RAW_RETENTION_MS, FIVE_MINUTE_RETENTION_MS, maintainHistory, recordSample } from "../db/lag-history";
import { startEmbeddedCluster } from "../engine";
import { ApiKey } from "../protocol";
import { HistorySampler } from "./sampler";

const { Kafka, logLevel } = kafkajs;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const GROUPS = arg("groups", 1_000);
const TOPICS = arg("topics", 1_000);
const PARTITIONS_PER_TOPIC = arg("partitions", 10);
const ROUNDS = arg("rounds", 5);
const STORAGE_SCALE = arg("storage-scale", 0.1);
const SAMPLE_INTERVAL_MS = 30_000;
const COMMIT_CONCURRENCY = 32;
const CREATE_TOPICS_BATCH = 100;

const topicName = (t: number) => `bench-${String(t).padStart(5, "0")}`;
const groupName = (g: number) => `bench-group-${String(g).padStart(5, "0")}`;

async function seed(bootstrap: string[]) {
  const kafka = new Kafka({ brokers: bootstrap, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  for (let t = 0; t < TOPICS; t += CREATE_TOPICS_BATCH) {
    const topics = Array.from({ length: Math.min(CREATE_TOPICS_BATCH, TOPICS - t) }, (_, i) => ({
      topic: topicName(t + i),
      numPartitions: PARTITIONS_PER_TOPIC,
      replicationFactor: 1,
    }));
    await admin.createTopics({ topics });
  }
  await admin.disconnect();
  const wire = new ProtocolClient({ id: "bench", bootstrapServers: bootstrap, securityProtocol: "PLAINTEXT" });
  let next = 0;
  const worker = async () => {
    while (next < GROUPS) {
      const g = next++;
      const connection = await wire.connectionTo(await wire.findCoordinator(groupName(g)));
      await connection.send(ApiKey.OffsetCommit, 2, {
        groupId: groupName(g),
        generationIdOrMemberEpoch: -1,
        memberId: "",
        retentionTimeMs: -1n,
        topics: [
          {
            name: topicName(g % TOPICS),
            partitions: Array.from({ length: PARTITIONS_PER_TOPIC }, (_, p) => ({
              partitionIndex: p,
              committedOffset: 0n,
              committedMetadata: "",
            })),
          },
        ],
      });
    }
  };
  await Promise.all(Array.from({ length: COMMIT_CONCURRENCY }, worker));
  await wire.close();
}

async function samplingBench() {
  const dir = mkdtempSync(path.join(tmpdir(), "pier-history-bench-"));
  const cluster = await startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: 0, brokers: 1, dataDir: dir });
  const db = await openDb(path.join(dir, "db"));
  const client = new KafkaClusterClient({
    id: "bench",
    bootstrapServers: cluster.bootstrapServers,
    securityProtocol: "PLAINTEXT",
  });
  try {
    let started = Date.now();
    await seed(cluster.bootstrapServers);
    console.log(
      `seeded ${TOPICS * PARTITIONS_PER_TOPIC} partitions and ${GROUPS} groups in ${Date.now() - started} ms`,
    );
    const sampler = new HistorySampler({ db, intervalMs: 3_600_000, clusters: async () => [{ id: "bench", client }] });
    for (let r = 0; r < ROUNDS; r++) {
      started = Date.now();
      const [result] = await sampler.runRound();
      const sample = await client.sampleOffsets();
      console.log(
        `round ${r + 1}: ${Date.now() - started} ms total, stored ${result?.lagRows ?? 0} lag rows ` +
          `(ok=${result?.ok}${result?.error ? `, ${result.error}` : ""}); ` +
          `a sample holds ${sample.groups.length} groups, ${sample.partitions.length} partitions`,
      );
    }
    // Sampling alone (no storage), for the split between reading the cluster and writing the database.
    started = Date.now();
    await client.sampleOffsets();
    console.log(`sampleOffsets alone: ${Date.now() - started} ms`);
  } finally {
    await client.close();
    await db.$disconnect();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A sample of `groups` groups reading `partitionsPerGroup` partitions each, over `topics` topics. */
function syntheticSample(atMs: number, round: number, groups: number, topics: number): OffsetsSample {
  const partitions = [];
  for (let t = 0; t < topics; t++) {
    for (let p = 0; p < PARTITIONS_PER_TOPIC; p++) {
      partitions.push({ topic: topicName(t), partition: p, logEndOffset: 1_000_000 + round * 50 + p });
    }
  }
  const sampled = Array.from({ length: groups }, (_, g) => ({
    groupId: groupName(g),
    maxTimeLagMs: (g * 37 + round) % 60_000,
    offsets: Array.from({ length: PARTITIONS_PER_TOPIC }, (_, p) => ({
      topic: topicName(g % topics),
      partition: p,
      committedOffset: 1_000_000 + round * 50 - ((g + p + round) % 500),
      lag: ((g + p + round) % 500) + p,
    })),
  }));
  return { atMs, partitions, groups: sampled, brokerLeaders: [0, 1, 2].map((b) => ({ brokerId: b, leaders: 3_333 })) };
}

async function storageBench() {
  const groups = Math.max(1, Math.round(GROUPS * STORAGE_SCALE));
  const topics = Math.max(1, Math.round(TOPICS * STORAGE_SCALE));
  const dir = mkdtempSync(path.join(tmpdir(), "pier-history-size-"));
  const db = await openDb(dir);
  const end = Date.UTC(2026, 0, 8);
  const start = end - FIVE_MINUTE_RETENTION_MS;
  const started = Date.now();
  let rounds = 0;
  let insertMs = 0;
  try {
    for (let at = start; at <= end; at += at < end - RAW_RETENTION_MS ? 300_000 : SAMPLE_INTERVAL_MS) {
      const t = Date.now();
      await recordSample(db, "bench", syntheticSample(at, rounds, groups, topics), 1);
      insertMs += Date.now() - t;
      rounds++;
      // The sampler runs maintenance at most once a minute; every 5 minutes here is as good.
      if (rounds % 10 === 0 || at < end - RAW_RETENTION_MS) await maintainHistory(db, "bench", at);
    }
    await maintainHistory(db, "bench", end);
    await db.$executeRawUnsafe("VACUUM");
    // The database is in WAL mode: move everything into the main file before measuring it.
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const bytes = statSync(path.join(dir, "console.db")).size;
    const counts = await db.$queryRawUnsafe<{ resolutionS: number; n: bigint | number }[]>(
      `SELECT "resolutionS", COUNT(*) AS n FROM "LagPoint" GROUP BY "resolutionS"`,
    );
    console.log(
      `storage at scale ${STORAGE_SCALE} (${groups} groups × ${PARTITIONS_PER_TOPIC} partitions, ` +
        `${topics * PARTITIONS_PER_TOPIC} partitions): ${rounds} rounds over 7 simulated days in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s (inserts ${(insertMs / rounds).toFixed(1)} ms/round)`,
    );
    console.log(`LagPoint rows by resolution: ${counts.map((c) => `${c.resolutionS}s=${Number(c.n)}`).join(", ")}`);
    console.log(`database size after VACUUM: ${(bytes / 1048576).toFixed(1)} MiB`);
    if (STORAGE_SCALE !== 1) {
      console.log(`extrapolated to scale 1: ${(bytes / STORAGE_SCALE / 1048576).toFixed(0)} MiB`);
    }
  } finally {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!process.argv.includes("--storage-only")) await samplingBench();
await storageBench();
