/**
 * acks=all produce throughput with replication factor 3 against replication factor 1, same
 * clients, same cluster, same run. 100-byte records.
 *
 *   npx tsx lib/engine/replication/replication.bench.ts [records=200000]
 *
 * Pier runs as its own process (lib/engine/cli.ts, 3 brokers, persisting to a temp dir) so the
 * clients never share its event loop; the three brokers share that process's event loop, as
 * they do under `npm start`. Both topics have one partition led by broker 0: RF 1 on [0], RF 3 on
 * [0, 1, 2] (min.insync.replicas 1, so RF 3 waits for all three replicas only because acks=all
 * waits for the whole ISR). Clients: a kafkajs producer (batches of 1,000, 4 in flight, acks=-1)
 * and kcat -P of a generated file with request.required.acks=-1. Runs alternate RF 1 / RF 3.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { ApiKey } from "../../protocol/apis";
import { startTempEngine } from "../cluster/engine-process";
import { RawKafkaClient } from "../server/test-support";

const run = promisify(execFile);
const RECORDS = Number(process.argv[2] ?? 200_000);
const RECORD_BYTES = 100;
const KAFKAJS_BATCH = 1000;
const KAFKAJS_IN_FLIGHT = 4;
const REPETITIONS = 3;
const COMMAND = "npx tsx lib/engine/replication/replication.bench.ts";

async function createTopic(port: number, name: string, replicas: number[]): Promise<void> {
  const c = await RawKafkaClient.connect("127.0.0.1", port);
  try {
    const r = await c.request(ApiKey.CreateTopics, 4, {
      topics: [
        {
          name,
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [{ partitionIndex: 0, brokerIds: replicas }],
          configs: [],
        },
      ],
      timeoutMs: 5000,
    });
    if (r.topics[0]!.errorCode !== 0) throw new Error(`CreateTopics ${name}: error ${r.topics[0]!.errorCode}`);
  } finally {
    c.close();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function kafkajsProduce(bootstrap: string, topic: string): Promise<void> {
  const kafka = new Kafka({ clientId: "repl-bench", brokers: bootstrap.split(","), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const value = Buffer.alloc(RECORD_BYTES, "x");
  const messages = Array.from({ length: KAFKAJS_BATCH }, () => ({ value, partition: 0 }));
  let sent = 0;
  const worker = async () => {
    while (sent < RECORDS) {
      sent += KAFKAJS_BATCH;
      await producer.send({ topic, acks: -1, messages });
    }
  };
  await Promise.all(Array.from({ length: KAFKAJS_IN_FLIGHT }, worker));
  await producer.disconnect();
}

function kcatProduce(bootstrap: string, topic: string, file: string) {
  return run(
    "kcat",
    [
      "-b",
      bootstrap,
      "-q",
      "-P",
      "-t",
      topic,
      "-p",
      "0",
      "-X",
      "request.required.acks=-1",
      "-X",
      "linger.ms=10",
    ].concat(["-X", "batch.num.messages=10000", "-X", "queue.buffering.max.messages=2000000", "-l", file]),
    { maxBuffer: 1 << 30 },
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const file = path.join(os.tmpdir(), `pier-repl-bench-${process.pid}.txt`);
  fs.writeFileSync(file, ("z".repeat(RECORD_BYTES) + "\n").repeat(RECORDS));
  const pier = await startTempEngine(3, "pier-repl-bench-");
  const seconds = new Map<string, number[]>();
  const record = (label: string, s: number) => seconds.set(label, [...(seconds.get(label) ?? []), s]);
  try {
    for (let rep = 0; rep < REPETITIONS; rep++) {
      for (const rf of [1, 3]) {
        const replicas = rf === 1 ? [0] : [0, 1, 2];
        await createTopic(pier.port, `kafkajs-rf${rf}-${rep}`, replicas);
        await createTopic(pier.port, `kcat-rf${rf}-${rep}`, replicas);
        record(`kafkajs acks=-1 RF ${rf}`, await timed(() => kafkajsProduce(pier.bootstrap, `kafkajs-rf${rf}-${rep}`)));
        record(`kcat acks=-1 RF ${rf}`, await timed(() => kcatProduce(pier.bootstrap, `kcat-rf${rf}-${rep}`, file)));
      }
    }
  } finally {
    await pier.stop();
    fs.rmSync(file, { force: true });
  }
  const rows = [...seconds].map(([label, runs]) => {
    const s = median(runs);
    return {
      case: label,
      records: RECORDS,
      seconds: Number(s.toFixed(2)),
      "records/s": Math.round(RECORDS / s),
      "MB/s": Number(((RECORDS * RECORD_BYTES) / s / 1e6).toFixed(1)),
      "runs (s)": runs.map((r) => r.toFixed(2)).join(" / "),
    };
  });
  console.log(`${COMMAND} ${RECORDS}`);
  console.log(`median of ${REPETITIONS} alternating runs, ${RECORD_BYTES}-byte records, 3 brokers in one process`);
  console.table(rows);
  for (const client of ["kafkajs", "kcat"]) {
    const rate = (rf: number) => Number(rows.find((r) => r.case === `${client} acks=-1 RF ${rf}`)?.["records/s"]);
    console.log(`${client}: RF 3 / RF 1 throughput = ${(rate(3) / rate(1)).toFixed(2)}`);
  }
}

await main();
