/**
 * Produce/consume throughput of Pier's broker against librdkafka's mock cluster
 * (/work/shared/tools/reference-cluster.py), same clients, same run. 100-byte records.
 *
 *   npx tsx lib/engine/server/broker.bench.ts [records=1000000] [rounds=5] [--warm] [--sync]
 *
 * Pier runs as its own process (lib/engine/cli.ts, persisting to a temp dir) so the clients never
 * share its event loop. Clients: kcat -P of a generated file, kcat -C to the end, a kafkajs
 * producer (batches of 1,000, 4 in flight) and a kafkajs consumer group member reading back what
 * it produced (timed from its first batch to its last, so the group join is not counted).
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

async function startPier(): Promise<Target> {
  const pier = await startTempEngine(1, "pier-bench-");
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
  records: number;
  seconds: number;
  serverCpuSeconds: number;
}

/** Times `fn` (or uses the seconds it returns) and the server's CPU time meanwhile. */
async function measure(target: Target, label: string, records: number, fn: () => Promise<unknown>): Promise<Run> {
  if (SYNC) {
    await run("sync");
    await new Promise((resolve) => setTimeout(resolve, SYNC_PAUSE_MS));
  }
  const cpuBefore = cpuSeconds(target.pid);
  const start = process.hrtime.bigint();
  const reported = await fn();
  const seconds = typeof reported === "number" ? reported : Number(process.hrtime.bigint() - start) / 1e9;
  console.error(`${target.name}: ${label} ${seconds.toFixed(2)} s`);
  return { case: label, target: target.name, records, seconds, serverCpuSeconds: cpuSeconds(target.pid) - cpuBefore };
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

/**
 * librdkafka's mock cluster stops serving kafkajs fetches part-way through a large topic (here,
 * after ~50,000 of 300,000 records), so consumption ends at this deadline: the rate is then over
 * what arrived, and the run says it was cut short.
 */
const KAFKAJS_CONSUME_DEADLINE_MS = 30_000;

/**
 * Reads the topic from the beginning in a new group until KAFKAJS_RECORDS arrived or the deadline;
 * returns records per second from the first batch to the last (the group join is not counted).
 */
async function kafkajsConsume(bootstrap: string, topic: string, label: string): Promise<number> {
  const kafka = new Kafka({ clientId: "bench", brokers: [bootstrap], logLevel: logLevel.NOTHING });
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
        if (received >= KAFKAJS_RECORDS) {
          clearTimeout(deadline);
          resolve();
        }
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  if (received < KAFKAJS_RECORDS) console.error(`${label}: cut short at ${received} of ${KAFKAJS_RECORDS} records`);
  return first === undefined || last === first ? 0 : received / (Number(last - first) / 1e9);
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
  const produce = await measure(target, "kcat produce", RECORDS, () =>
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
  rows.push(produce);
  rows.push(
    await measure(target, "kcat consume", RECORDS, () =>
      run(
        "sh",
        [
          "-c",
          `kcat -b ${target.bootstrap} -q -C -t bench-kcat -p 0 -o beginning -c ${RECORDS} -e -f '%o\\n' | tail -1`,
        ],
        { maxBuffer: 1 << 20 },
      ),
    ),
  );
  rows.push(
    await measure(target, "kafkajs produce", KAFKAJS_RECORDS, () => kafkajsProduce(target.bootstrap, "bench-kafkajs")),
  );
  const consumed = await measure(target, "kafkajs consume", KAFKAJS_RECORDS, async () => {
    const rate = await kafkajsConsume(target.bootstrap, "bench-kafkajs", `${target.name}: kafkajs consume`);
    return rate > 0 ? KAFKAJS_RECORDS / rate : Number.POSITIVE_INFINITY;
  });
  rows.push(consumed);
  return rows;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const CASES = ["kcat produce", "kcat consume", "kafkajs produce", "kafkajs consume"];

function summary(runs: Run[], target: string, label: string): Record<string, string | number> {
  const mine = runs.filter((r) => r.target === target && r.case === label);
  const seconds = median(mine.map((r) => r.seconds));
  const records = mine[0]!.records;
  return {
    case: `${target}: ${label}`,
    "records/s": Math.round(records / seconds),
    "MB/s": Number(((records * RECORD_BYTES) / seconds / 1e6).toFixed(1)),
    "server CPU s per 1M": Number(((median(mine.map((r) => r.serverCpuSeconds)) * 1e6) / records).toFixed(2)),
    "runs (s)": mine.map((r) => r.seconds.toFixed(2)).join(" / "),
  };
}

async function main(): Promise<void> {
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
      `${SYNC ? "; sync before every case" : ""}), ` +
      `${RECORD_BYTES}-byte records`,
  );
  console.table(CASES.flatMap((c) => [summary(runs, "librdkafka-mock", c), summary(runs, "pier", c)]));
  for (const c of CASES) {
    const seconds = (target: string) => runs.filter((r) => r.target === target && r.case === c).map((r) => r.seconds);
    const ratios = seconds("librdkafka-mock").map((ref, i) => ref / seconds("pier")[i]!);
    console.log(
      `${c}: pier / reference throughput, median ${median(ratios).toFixed(2)} ` +
        `(rounds: ${ratios.map((r) => r.toFixed(2)).join(" ")})`,
    );
  }
}

await main();
