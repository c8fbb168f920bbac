import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGroupsTestCluster, type GroupsTestCluster } from "./test-support";

const run = promisify(execFile);
const TOPIC = "kcat-topic";

let t: GroupsTestCluster;
let kafka: Kafka;

beforeAll(async () => {
  t = await startGroupsTestCluster();
  kafka = new Kafka({ clientId: "kcat-test", brokers: t.bootstrap.split(","), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }] });
  await admin.disconnect();
});

afterAll(async () => t?.stop());

async function produce(from: number, count: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: count }, (_, i) => ({ partition: i % 2, value: String(from + i) })),
  });
  await producer.disconnect();
}

/**
 * `kcat -G`: a librdkafka balanced consumer that reads to the end of its partitions and exits
 * (committing on close). No `-o`: in -G mode it would override the committed offsets.
 */
async function kcatGroup(): Promise<number[]> {
  const { stdout } = await run(
    "kcat",
    [
      "-b",
      t.bootstrap,
      "-G",
      "kcat-group",
      "-X",
      "auto.offset.reset=earliest",
      "-e",
      "-q",
      "-f",
      "%s\\n",
      "-X",
      "session.timeout.ms=6000",
      TOPIC,
    ],
    { timeout: 30_000 },
  );
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map(Number)
    .sort((a, b) => a - b);
}

describe("kcat -G (librdkafka balanced consumer)", () => {
  it("consumes, commits on exit, and the next run resumes after the commit", async () => {
    await produce(0, 20);
    expect(await kcatGroup()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: "kcat-group", topics: [TOPIC] });
    expect(committed[0]!.partitions.map((p) => p.offset).sort()).toEqual(["10", "10"]);
    await admin.disconnect();
    await produce(20, 6);
    expect(await kcatGroup()).toEqual(Array.from({ length: 6 }, (_, i) => 20 + i));
  }, 60_000);
});
