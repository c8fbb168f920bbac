/**
 * Produce/consume throughput of Pier's broker against librdkafka's mock cluster
 * (/work/shared/tools/reference-cluster.py), same clients, same run. 100-byte records.
 *
 *   npx tsx lib/engine/server/broker.bench.ts [records=1000000]
 *
 * Pier runs as its own process (lib/engine/cli.ts, persisting to a temp dir) so the clients never
 * share its event loop. Clients: kcat -P of a generated file, kcat -C to the end, and a kafkajs
 * producer (batches of 1,000, 4 in flight). kafkajs cannot consume without consumer groups, which
 * Pier does not have yet, so consumption is measured with kcat only.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { ApiKey } from "../../protocol/apis";
import { RawKafkaClient } from "./test-support";

const run = promisify(execFile);
const RECORDS = Number(process.argv[2] ?? 1_000_000);
const RECORD_BYTES = 100;
const KAFKAJS_RECORDS = Math.min(RECORDS, 300_000);
const KAFKAJS_BATCH = 1000;
const KAFKAJS_IN_FLIGHT = 4;
const ROOT = path.resolve(import.meta.dirname, "../../..");

interface Target {
  name: string;
  bootstrap: string;
  createTopic(topic: string): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) resolve(m[1] ?? m[0]);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await done;
}

async function startPier(): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pier-bench-"));
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "lib/engine/cli.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PIER_HOST: "127.0.0.1",
      PIER_KAFKA_PORT: String(port),
      PIER_BROKERS: "1",
      PIER_DATA_DIR: dataDir,
      PORT: String(port + 1),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const bootstrap = await waitForLine(child, /ready: (\S+)/).catch((err: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return {
    name: "pier",
    bootstrap,
    async createTopic(topic) {
      const c = await RawKafkaClient.connect("127.0.0.1", port);
      await c.request(ApiKey.CreateTopics, 4, {
        topics: [{ name: topic, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
        timeoutMs: 5000,
      });
      c.close();
    },
    async stop() {
      await stopChild(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startReference(): Promise<Target> {
  const child = spawn("/usr/bin/python3", ["/work/shared/tools/reference-cluster.py", "--brokers", "1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const bootstrap = await waitForLine(child, /^(\S+:\d+)\s*$/m);
  return {
    name: "librdkafka-mock",
    bootstrap,
    // The mock cluster auto-creates topics on first use; every client writes to partition 0.
    async createTopic() {},
    stop: () => stopChild(child),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function figure(label: string, records: number, seconds: number): Record<string, string | number> {
  return {
    case: label,
    records,
    seconds: Number(seconds.toFixed(2)),
    "records/s": Math.round(records / seconds),
    "MB/s": Number(((records * RECORD_BYTES) / seconds / 1e6).toFixed(1)),
  };
}

async function kafkajsProduce(bootstrap: string, topic: string): Promise<void> {
  const kafka = new Kafka({ clientId: "bench", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const value = Buffer.alloc(RECORD_BYTES, "x");
  const messages = Array.from({ length: KAFKAJS_BATCH }, () => ({ value, partition: 0 }));
  let sent = 0;
  const worker = async () => {
    while (sent < KAFKAJS_RECORDS) {
      sent += KAFKAJS_BATCH;
      await producer.send({ topic, acks: 1, messages });
    }
  };
  await Promise.all(Array.from({ length: KAFKAJS_IN_FLIGHT }, worker));
  await producer.disconnect();
}

async function benchTarget(target: Target, file: string): Promise<Array<Record<string, string | number>>> {
  const rows = [];
  await target.createTopic("bench-kcat");
  await target.createTopic("bench-kafkajs");
  const kcat = (...args: string[]) => run("kcat", ["-b", target.bootstrap, "-q", ...args], { maxBuffer: 1 << 30 });
  const produce = await timed(() =>
    kcat(
      "-P",
      "-t",
      "bench-kcat",
      "-p",
      "0",
      "-X",
      "linger.ms=10",
      "-X",
      "batch.num.messages=10000",
      "-X",
      "queue.buffering.max.messages=2000000",
      "-l",
      file,
    ),
  );
  rows.push(figure(`${target.name}: kcat produce`, RECORDS, produce));
  const consume = await timed(() =>
    run(
      "sh",
      ["-c", `kcat -b ${target.bootstrap} -q -C -t bench-kcat -p 0 -o beginning -c ${RECORDS} -e -f '%o\\n' | tail -1`],
      { maxBuffer: 1 << 20 },
    ),
  );
  rows.push(figure(`${target.name}: kcat consume`, RECORDS, consume));
  const kjs = await timed(() => kafkajsProduce(target.bootstrap, "bench-kafkajs"));
  rows.push(figure(`${target.name}: kafkajs produce`, KAFKAJS_RECORDS, kjs));
  return rows;
}

/** Runs alternate between the two targets so background load on the machine hits both alike. */
const REPETITIONS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const file = path.join(os.tmpdir(), `pier-bench-${process.pid}.txt`);
  const line = "y".repeat(RECORD_BYTES) + "\n";
  fs.writeFileSync(file, line.repeat(RECORDS));
  const runs: Array<Record<string, string | number>> = [];
  try {
    for (let rep = 0; rep < REPETITIONS; rep++) {
      for (const start of [startReference, startPier]) {
        const target = await start();
        try {
          runs.push(...(await benchTarget(target, file)));
        } finally {
          await target.stop();
        }
      }
    }
  } finally {
    fs.rmSync(file, { force: true });
  }
  const cases = [...new Set(runs.map((r) => String(r.case)))];
  const results = cases.map((label): Record<string, string | number> => {
    const mine = runs.filter((r) => r.case === label);
    const seconds = median(mine.map((r) => Number(r.seconds)));
    return { ...figure(label, Number(mine[0]!.records), seconds), "runs (s)": mine.map((r) => r.seconds).join(" / ") };
  });
  console.log(`median of ${REPETITIONS} alternating runs, ${RECORD_BYTES}-byte records`);
  console.table(results);
  const rate = (label: string) => Number(results.find((r) => r.case === label)?.["records/s"] ?? NaN);
  for (const c of ["kcat produce", "kcat consume", "kafkajs produce"]) {
    console.log(`${c}: pier / reference = ${(rate(`pier: ${c}`) / rate(`librdkafka-mock: ${c}`)).toFixed(2)}`);
  }
}

await main();
