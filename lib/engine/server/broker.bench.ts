/**
 * Produce/consume throughput of Pier's broker against librdkafka's mock cluster
 * (/work/shared/tools/reference-cluster.py), same clients, same run. 100-byte records.
 *
 *   npx tsx lib/engine/server/broker.bench.ts [records=1000000] [rounds=5] [--warm] [--sync] [--pin]
 *
 * Pier runs as its own process (lib/engine/cli.ts, persisting to a temp dir) so the clients never
 * share its event loop. Clients: kcat -P of a generated file, kcat -C to the end (timed from its
 * first record to its last), a kafkajs producer (batches of 1,000, 4 in flight) and a kafkajs
 * consumer group member reading back what it produced (timed from its first batch to its last, so
 * the group join is not counted).
 *
 * With --warm, each target first takes WARMUP_RECORDS from kcat, unmeasured, so that Pier is
 * measured with its produce path compiled by the JIT, as in a broker that has been running a
 * while (the reference is native code and needs no warm-up); without it Pier starts cold.
 *
 * With --sync, every measured case (of both targets) starts after `sync` and a pause of
 * SYNC_PAUSE_MS: the page cache then holds no dirty data from earlier cases, whose write-back would
 * otherwise make Pier's writes costlier the longer the run goes (the reference writes nothing).
 * Each case is then measured as the first one of a run is.
 *
 * With --pin, the clients (this process, so kafkajs, and every kcat it starts) run on CLIENT_CPU
 * and each server process, all its threads, on SERVER_CPU (taskset): client and broker then no
 * longer take CPU from each other, as when they run on different machines. Without it, on a
 * 2-core machine kcat alone uses about 1.3 cores, so whatever CPU a broker uses comes out of the
 * client's, and the scheduler's choices add ±20% to every run.
 *
 * Each round starts both targets afresh, one after the other, so background load on the machine
 * hits both alike; the figures are medians over the rounds, with the ratio of every round. The
 * CPU time each server process used (user + system, from /proc) is printed too: on a shared
 * 2-core machine it is steadier than the wall-clock rate.
 */
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { ApiKey } from "../../protocol/apis";
import { startTempEngine, stopChild, waitForLine } from "../cluster/engine-process";
import { RawKafkaClient } from "./test-support";

const run = promisify(execFile);
const RECORDS = Number(process.argv[2] ?? 1_000_000);
/** Runs alternate between the two targets so background load on the machine hits both alike. */
const ROUNDS = Number(process.argv[3] ?? 5);
const WARM = process.argv.includes("--warm");
const SYNC = process.argv.includes("--sync");
const SYNC_PAUSE_MS = 1_000;
const PIN = process.argv.includes("--pin");
/** With --pin: the CPU of the clients, and the one of the server under test. */
const CLIENT_CPU = 0;
const SERVER_CPU = 1;
const WARMUP_RECORDS = 200_000;
const RECORD_BYTES = 100;
const KAFKAJS_RECORDS = Math.min(RECORDS, 300_000);
const KAFKAJS_BATCH = 1000;
const KAFKAJS_IN_FLIGHT = 4;

interface Target {
  name: string;
  bootstrap: string;
  /** The server process, for its CPU time. */
  pid: number;
  createTopic(topic: string): Promise<void>;
  stop(): Promise<void>;
}

/** Restricts every thread of process `pid` (and threads it starts later) to `cpu`. */
async function pinToCpu(pid: number, cpu: number): Promise<void> {
  await run("taskset", ["--all-tasks", "--cpu-list", "--pid", String(cpu), String(pid)]);
}

async function startPier(): Promise<Target> {
  const pier = await startTempEngine(1, "pier-bench-");
  if (PIN) await pinToCpu(pier.child.pid!, SERVER_CPU);
  return {
    name: "pier",
    bootstrap: pier.bootstrap,
    pid: pier.child.pid!,
    async createTopic(topic) {
      const c = await RawKafkaClient.connect("127.0.0.1", pier.port);
      await c.request(ApiKey.CreateTopics, 4, {
        topics: [{ name: topic, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
        timeoutMs: 5000,
      });
      c.close();
    },
    stop: () => pier.stop(),
  };
}

async function startReference(): Promise<Target> {
  const child = spawn("/usr/bin/python3", ["/work/shared/tools/reference-cluster.py", "--brokers", "1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const bootstrap = await waitForLine(child, /^(\S+:\d+)\s*$/m);
  if (PIN) await pinToCpu(child.pid!, SERVER_CPU);
  return {
    name: "librdkafka-mock",
    bootstrap,
    pid: child.pid!,
    // The mock cluster auto-creates topics on first use; every client writes to partition 0.
    async createTopic() {},
    stop: () => stopChild(child),
  };
}

/** Linux reports process CPU times in clock ticks of USER_HZ = 100 per second. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

interface Run {
  case: string;
  target: string;
  /** Records the case moved (a consumer reports what it received). */
  records: number;
  seconds: number;
  serverCpuSeconds: number;
}

/** What a consumer received, and the seconds from its first record to its last. */
interface Received {
  records: number;
  seconds: number;
}

/**
 * Times `fn` moving `records` records, or takes the volume and seconds it reports; and the
 * server's CPU time meanwhile.
 */
async function measure(
  target: Target,
  label: string,
  records: number,
  fn: () => Promise<Received | void>,
): Promise<Run> {
  if (SYNC) {
    await run("sync");
    await new Promise((resolve) => setTimeout(resolve, SYNC_PAUSE_MS));
  }
  const cpuBefore = cpuSeconds(target.pid);
  const start = process.hrtime.bigint();
  const reported = await fn();
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const moved = reported ?? { records, seconds: elapsed };
  console.error(`${target.name}: ${label} ${moved.records} records in ${moved.seconds.toFixed(3)} s`);
  return { case: label, target: target.name, ...moved, serverCpuSeconds: cpuSeconds(target.pid) - cpuBefore };
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

/** A consumer that stalls ends at this deadline; its run then says it was cut short. */
const KAFKAJS_CONSUME_DEADLINE_MS = 30_000;

/**
 * Records partition 0 of `topic` holds (high watermark − log start offset). librdkafka's mock
 * cluster keeps only the newest 5 MiB or 100,000 messages of a partition (rdkafka_mock.c drops
 * older message sets), so of 1,000,000 produced 100-byte records a consumer from the beginning
 * gets about 46,000 there, and all of them from Pier.
 */
async function recordsHeld(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const partition = (await admin.fetchTopicOffsets(topic)).find((p) => p.partition === 0)!;
    return Number(partition.high) - Number(partition.low);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads the topic from the beginning in a new group until KAFKAJS_RECORDS, or all it holds, arrived
 * (or the deadline); reports what arrived and the seconds from the first batch to the last (the
 * group join is not counted).
 */
async function kafkajsConsume(bootstrap: string, topic: string, label: string): Promise<Received> {
  const kafka = new Kafka({ clientId: "bench", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const wanted = Math.min(KAFKAJS_RECORDS, await recordsHeld(kafka, topic));
  const consumer = kafka.consumer({ groupId: `bench-${process.pid}-${Date.now()}`, maxBytes: 16 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  let first: bigint | undefined;
  let last = 0n;
  await new Promise<void>((resolve) => {
    const deadline = setTimeout(resolve, KAFKAJS_CONSUME_DEADLINE_MS);
    void consumer.run({
      eachBatch: ({ batch }) => {
        first ??= process.hrtime.bigint();
        received += batch.messages.length;
        last = process.hrtime.bigint();
        if (received >= wanted) {
          clearTimeout(deadline);
          resolve();
        }
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  if (received < wanted) console.error(`${label}: cut short at ${received} of ${wanted} records`);
  return { records: received, seconds: first === undefined ? Number.POSITIVE_INFINITY : Number(last - first) / 1e9 };
}

const NEWLINE = 0x0a;
/** kcat -C's fetch.wait.max.ms: how long a broker may hold its fetch once nothing is left to read. */
const KCAT_FETCH_WAIT_MS = 10;
/**
 * kcat -C's queued.min.messages (librdkafka's default: 100,000). A broker that delivers faster than
 * kcat prints fills that queue; librdkafka then stops fetching and notices the queue has drained
 * only ~0.5–0.7 s later (seen with -d fetch: "not fetchable: queued.min.messages exceeded"), a
 * client pause that landed in half of Pier's runs and never in the reference's (it holds fewer).
 */
const KCAT_QUEUED_MIN_MESSAGES = 2_000_000;

/**
 * Reads bench-kcat from its start to its end with `kcat -C -e`; reports the records printed and the
 * seconds from the first to the last (kcat's start-up is not counted). kcat prints through stdio,
 * so records arrive in chunks of ~8,000 (the timing's resolution) and the last chunk only when kcat
 * exits; on its way out librdkafka waits for the fetch it has in flight, which a broker holds for
 * fetch.wait.max.ms once the partition is drained. KCAT_FETCH_WAIT_MS keeps that wait out of
 * the figure (at kcat's default of 500 ms, runs took 0.54 s or 1.04 s against the same target).
 */
function kcatConsume(bootstrap: string): Promise<Received> {
  const args = ["-b", bootstrap, "-q", "-C", "-t", "bench-kcat", "-p", "0", "-o", "beginning"];
  const tuning = [
    "-X",
    `fetch.wait.max.ms=${KCAT_FETCH_WAIT_MS}`,
    "-X",
    `queued.min.messages=${KCAT_QUEUED_MIN_MESSAGES}`,
  ];
  const child = spawn("kcat", [...args, ...tuning, "-c", String(RECORDS), "-e", "-f", "%o\\n"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let lines = 0;
  let first: bigint | undefined;
  let last = 0n;
  child.stdout.on("data", (chunk: Buffer) => {
    first ??= process.hrtime.bigint();
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) lines++;
    last = process.hrtime.bigint();
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0 || first === undefined) reject(new Error(`kcat -C exited with ${code} after ${lines} records`));
      else resolve({ records: lines, seconds: Number(last - first) / 1e9 });
    });
  });
}

async function benchTarget(target: Target, file: string, warmupFile: string): Promise<Run[]> {
  const rows: Run[] = [];
  await target.createTopic("bench-kcat");
  await target.createTopic("bench-kafkajs");
  const kcat = (...args: string[]) => run("kcat", ["-b", target.bootstrap, "-q", ...args], { maxBuffer: 1 << 30 });
  if (WARM) {
    await target.createTopic("bench-warmup");
    await kcat("-P", "-t", "bench-warmup", "-p", "0", "-l", warmupFile);
  }
  const produce = await measure(target, "kcat produce", RECORDS, async () => {
    await kcat(
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
    );
  });
  rows.push(produce);
  rows.push(await measure(target, "kcat consume", RECORDS, () => kcatConsume(target.bootstrap)));
  rows.push(
    await measure(target, "kafkajs produce", KAFKAJS_RECORDS, async () => {
      await kafkajsProduce(target.bootstrap, "bench-kafkajs");
    }),
  );
  rows.push(
    await measure(target, "kafkajs consume", KAFKAJS_RECORDS, () =>
      kafkajsConsume(target.bootstrap, "bench-kafkajs", `${target.name}: kafkajs consume`),
    ),
  );
  return rows;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const CASES = ["kcat produce", "kcat consume", "kafkajs produce", "kafkajs consume"];

const rate = (r: Run) => r.records / r.seconds;
const runsOf = (runs: Run[], target: string, label: string) =>
  runs.filter((r) => r.target === target && r.case === label);

function summary(runs: Run[], target: string, label: string): Record<string, string | number> {
  const mine = runsOf(runs, target, label);
  const recordsPerSecond = median(mine.map(rate));
  return {
    case: `${target}: ${label}`,
    "records/s": Math.round(recordsPerSecond),
    "MB/s": Number(((recordsPerSecond * RECORD_BYTES) / 1e6).toFixed(1)),
    "records per run": median(mine.map((r) => r.records)),
    "server CPU s per 1M": Number(median(mine.map((r) => (r.serverCpuSeconds * 1e6) / r.records)).toFixed(2)),
    "runs (k records/s)": mine.map((r) => (rate(r) / 1e3).toFixed(0)).join(" / "),
  };
}

async function main(): Promise<void> {
  if (PIN) {
    if (os.availableParallelism() <= SERVER_CPU) throw new Error(`--pin needs at least ${SERVER_CPU + 1} CPUs`);
    await pinToCpu(process.pid, CLIENT_CPU);
  }
  const file = path.join(os.tmpdir(), `pier-bench-${process.pid}.txt`);
  const line = "y".repeat(RECORD_BYTES) + "\n";
  fs.writeFileSync(file, line.repeat(RECORDS));
  const warmupFile = `${file}.warmup`;
  fs.writeFileSync(warmupFile, line.repeat(WARMUP_RECORDS));
  const runs: Run[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const start of [startReference, startPier]) {
        const target = await start();
        try {
          runs.push(...(await benchTarget(target, file, warmupFile)));
        } finally {
          await target.stop();
        }
      }
    }
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(warmupFile, { force: true });
  }
  console.log(
    `median of ${ROUNDS} rounds (reference, then Pier, each started afresh${WARM ? " and warmed up" : ""}` +
      `${SYNC ? "; sync before every case" : ""}` +
      `${PIN ? `; clients on CPU ${CLIENT_CPU}, server on CPU ${SERVER_CPU}` : ""}), ` +
      `${RECORD_BYTES}-byte records`,
  );
  console.table(CASES.flatMap((c) => [summary(runs, "librdkafka-mock", c), summary(runs, "pier", c)]));
  for (const c of CASES) {
    const pier = runsOf(runs, "pier", c);
    const ratios = runsOf(runs, "librdkafka-mock", c).map((ref, i) => rate(pier[i]!) / rate(ref));
    console.log(
      `${c}: pier / reference throughput, median ${median(ratios).toFixed(2)} ` +
        `(rounds: ${ratios.map((r) => r.toFixed(2)).join(" ")})`,
    );
  }
}

await main();
