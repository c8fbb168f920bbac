/**
 * Messages benchmark (issue #10): a 10,000,000-record partition of 100-byte values, produced
 * through Pier's own produce path (produceMessages, 8,000-record batches) into an embedded broker
 * running in its own process (`lib/engine/cli.ts`), so this process is the console alone.
 *
 *   npx tsx lib/admin/messages/messages.bench.ts [--records 10000000] [--samples 20]
 *
 * Prints: first page (50 records) at random offsets and at random timestamps (p50 / max, target
 * < 300 ms), a full "contains" search scan rate (target ≥ 500,000 records/s) and this process's
 * peak RSS during the scan (target < 500 MB).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ProtocolClient } from "../wire/protocol-client";
import { browseMessages } from "./browse";
import { produceMessages, type ProduceRecord } from "./produce";
import { searchMessages } from "./search";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const RECORDS = arg("records", 10_000_000);
const SAMPLES = arg("samples", 20);
/** 8,000 × ~110 bytes stays under the default max.message.bytes (1 MiB). */
const BATCH_RECORDS = 8_000;
const PRODUCE_IN_FLIGHT = 4;
const VALUE_BYTES = 100;
/** One record in this many carries the needle the search looks for. */
const NEEDLE_EVERY = 1_000_000;
const NEEDLE = "needle-xyzzy";
const TOPIC = "bench-messages";
const READY_TIMEOUT_MS = 60_000;

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

async function startBroker(dataDir: string, port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/engine/cli.ts"], {
    env: {
      ...process.env,
      PIER_DATA_DIR: dataDir,
      PIER_KAFKA_PORT: String(port),
      PIER_BROKERS: "1",
      PIER_HOST: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("broker did not start")), READY_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`broker exited with ${code}`)));
  });
  return child;
}

function value(i: number): Buffer {
  const text = i % NEEDLE_EVERY === NEEDLE_EVERY / 2 ? `${NEEDLE} record ${i} ` : `record ${i} payload `;
  return Buffer.from(text.padEnd(VALUE_BYTES, "abcdefghij"));
}

async function produceAll(wire: ProtocolClient): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < RECORDS) {
      const first = next;
      next += BATCH_RECORDS;
      const records: ProduceRecord[] = [];
      for (let i = first; i < Math.min(first + BATCH_RECORDS, RECORDS); i++) {
        records.push({ key: null, value: value(i), headers: [], partition: 0 });
      }
      await produceMessages(wire, TOPIC, records);
    }
  };
  await Promise.all(Array.from({ length: PRODUCE_IN_FLIGHT }, worker));
  return performance.now() - started;
}

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pier-messages-bench-"));
  const port = await freePort();
  const broker = await startBroker(dataDir, port);
  const wire = new ProtocolClient({
    id: "bench",
    bootstrapServers: [`127.0.0.1:${port}`],
    securityProtocol: "PLAINTEXT",
  });
  try {
    const kafkajs = (await import("kafkajs")).default;
    const admin = new kafkajs.Kafka({ brokers: [`127.0.0.1:${port}`], logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }] });
    await admin.disconnect();
    const produceMs = await produceAll(wire);
    console.log(
      `produced ${RECORDS.toLocaleString("en")} records in ${(produceMs / 1000).toFixed(1)} s (${Math.round(RECORDS / (produceMs / 1000)).toLocaleString("en")} records/s)`,
    );

    const atOffset: number[] = [];
    const atTime: number[] = [];
    const newest: number[] = [];
    for (let s = 0; s < SAMPLES; s++) {
      const offset = Math.floor(Math.random() * (RECORDS - 100));
      let t = performance.now();
      const page = await browseMessages(wire, TOPIC, { offset, limit: 50 });
      atOffset.push(performance.now() - t);
      if (page.records[0]?.offset !== offset)
        throw new Error(`page at ${offset} started at ${page.records[0]?.offset}`);
      const firstTimestamp = (await browseMessages(wire, TOPIC, { offset, limit: 1 })).records[0]!.timestamp;
      t = performance.now();
      const byTime = await browseMessages(wire, TOPIC, { timestamp: firstTimestamp, limit: 50 });
      atTime.push(performance.now() - t);
      if (byTime.records[0]!.timestamp !== firstTimestamp) throw new Error("timestamp page started elsewhere");
      t = performance.now();
      await browseMessages(wire, TOPIC, { from: "newest", limit: 50 });
      newest.push(performance.now() - t);
    }
    console.log(`first page (50 records) at a random offset:    ${stats(atOffset)}  (target < 300 ms)`);
    console.log(`first page (50 records) at a random timestamp: ${stats(atTime)}  (target < 300 ms)`);
    console.log(`first page (50 records) from the newest:       ${stats(newest)}`);

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const scanClient = new ProtocolClient({
      id: "scan",
      bootstrapServers: [`127.0.0.1:${port}`],
      securityProtocol: "PLAINTEXT",
    });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let end: { scanned: number; matches: number; reason: string } | undefined;
    for await (const event of searchMessages(scanClient, TOPIC, { text: NEEDLE, budget: RECORDS, limit: 1_000 })) {
      if (event.type === "end") end = event;
    }
    const scanMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    await scanClient.close();
    if (end?.scanned !== RECORDS || end.matches !== Math.floor(RECORDS / NEEDLE_EVERY)) {
      throw new Error(`scan ended with ${JSON.stringify(end)}`);
    }
    console.log(
      `search scan, value contains "${NEEDLE}": ${RECORDS.toLocaleString("en")} records, ${end.matches} matches in ${(scanMs / 1000).toFixed(2)} s = ${Math.round(RECORDS / (scanMs / 1000)).toLocaleString("en")} records/s  (target ≥ 500,000)`,
    );
    console.log(`console process CPU during the scan: ${((cpu.user + cpu.system) / 1000 / scanMs).toFixed(2)} cores`);
    console.log(
      `console process peak RSS during the scan: ${(peakRss / 1024 / 1024).toFixed(0)} MB  (target < 500 MB)`,
    );
  } finally {
    await wire.close();
    broker.kill("SIGTERM");
    await new Promise((resolve) => broker.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
