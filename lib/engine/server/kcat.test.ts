import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { compressionOf, CompressionType } from "../../protocol/records/batch-header";
import { iterateBatches } from "../../protocol/records/record-batch";
import { RawKafkaClient, startTestCluster, type TestCluster } from "./test-support";

const run = promisify(execFile);
const MESSAGES = 10_000;

/** librdkafka 2.0.2 (Debian's kcat 1.7.1) through the kcat command line. */
describe("kcat (librdkafka) against the broker", () => {
  let t: TestCluster;
  let raw: RawKafkaClient;
  const kcat = (...args: string[]) =>
    run("kcat", ["-b", t.bootstrap, "-q", ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });

  beforeAll(async () => {
    t = await startTestCluster();
    raw = await RawKafkaClient.connect(t.host, t.port);
  });
  afterAll(async () => {
    raw?.close();
    await t?.stop();
  });

  const createTopic = async (name: string, partitions = 1) => {
    const r = await raw.request(ApiKey.CreateTopics, 4, {
      topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
    });
    expect(r.topics[0]!.errorCode).toBe(0);
  };

  /** Compression codecs of the batches stored in a partition, read back with Pier's codec. */
  const storedCodecs = async (topic: string): Promise<Set<number>> => {
    const r = await raw.request(ApiKey.Fetch, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 24,
      isolationLevel: 0,
      topics: [{ topic, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 24 }] }],
    });
    const records = r.responses[0]!.partitions[0]!.records ?? Buffer.alloc(0);
    return new Set([...iterateBatches(records)].map((b) => compressionOf(b.header.attributes)));
  };

  it("lists brokers and topics with -L", async () => {
    await createTopic("kcat-metadata", 3);
    const { stdout } = await kcat("-L", "-J");
    const metadata = JSON.parse(stdout) as {
      brokers: Array<{ id: number; name: string }>;
      topics: Array<{
        topic: string;
        partitions: Array<{ partition: number; leader: number; replicas: unknown[]; isrs: unknown[] }>;
      }>;
    };
    expect(metadata.brokers).toEqual([{ id: 0, name: `${t.host}:${t.port}` }]);
    const topic = metadata.topics.find((x) => x.topic === "kcat-metadata")!;
    expect(topic.partitions.map((p) => [p.partition, p.leader, p.replicas.length, p.isrs.length])).toEqual([
      [0, 0, 1, 1],
      [1, 0, 1, 1],
      [2, 0, 1, 1],
    ]);
  });

  it.each([
    ["gzip", CompressionType.Gzip],
    ["snappy", CompressionType.Snappy],
    ["lz4", CompressionType.Lz4],
    ["zstd", CompressionType.Zstd],
  ])(`produces and consumes ${MESSAGES} keyed messages compressed with %s`, async (codec, codecId) => {
    const topic = `kcat-${codec}`;
    await createTopic(topic);
    const lines = Array.from({ length: MESSAGES }, (_, i) => `key-${i}:value-${i}-${"abc".repeat(i % 20)}`);
    const file = path.join(t.dataDir, `${codec}.txt`);
    fs.writeFileSync(file, lines.join("\n") + "\n");
    await kcat("-P", "-t", topic, "-p", "0", "-K", ":", "-z", codec, "-X", "request.required.acks=all", "-l", file);
    // librdkafka sends a batch uncompressed when compression does not shrink it (a tiny first batch).
    const codecs = await storedCodecs(topic);
    expect(codecs.has(codecId)).toBe(true);
    expect([...codecs].every((c) => c === codecId || c === CompressionType.None)).toBe(true);
    const { stdout } = await kcat("-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-f", "%o %k:%s\n");
    const consumed = stdout.trimEnd().split("\n");
    expect(consumed).toHaveLength(MESSAGES);
    expect(consumed).toEqual(lines.map((line, i) => `${i} ${line}`));
  });

  it("starts consuming at a timestamp with -o s@<ts>", async () => {
    const topic = "kcat-timestamps";
    await createTopic(topic);
    const produce = (text: string) => {
      const file = path.join(t.dataDir, "ts.txt");
      fs.writeFileSync(file, text);
      return kcat("-P", "-t", topic, "-p", "0", "-l", file);
    };
    await produce("early-1\nearly-2\n");
    await new Promise((r) => setTimeout(r, 50));
    const boundary = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    await produce("late-1\nlate-2\n");
    const { stdout } = await kcat("-C", "-t", topic, "-p", "0", "-o", `s@${boundary}`, "-e", "-f", "%o %s\n");
    expect(stdout.trimEnd().split("\n")).toEqual(["2 late-1", "3 late-2"]);
  });

  it("queries offsets by timestamp with -Q", async () => {
    const { stdout } = await kcat("-Q", "-t", `kcat-timestamps:0:${Date.now() - 60_000}`);
    expect(stdout).toMatch(/kcat-timestamps \[0\] offset 0/);
  });

  it("cannot produce to __consumer_offsets (INVALID_TOPIC_EXCEPTION, as Kafka answers)", async () => {
    await raw.request(ApiKey.FindCoordinator, 3, { key: "g", keyType: 0 });
    const child = spawn("kcat", ["-b", t.bootstrap, "-P", "-t", "__consumer_offsets", "-p", "0"], {
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end("x\n");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).toMatch(/[Ii]nvalid topic|internal topic/);
    expect(code).not.toBe(0);
  });
});
