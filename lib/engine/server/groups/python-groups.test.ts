import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGroupsTestCluster, type GroupsTestCluster } from "./test-support";

const run = promisify(execFile);
const SCRIPTS = path.join(import.meta.dirname, "../../test-clients/groups");

interface Report {
  assignments: number[][][];
  seen: number[];
  resumed: number[];
  errors?: string[];
}

let t: GroupsTestCluster;
let kafka: Kafka;

beforeAll(async () => {
  // A realistic initial delay, so that three members started together land in one generation.
  t = await startGroupsTestCluster({ brokerConfig: { "group.initial.rebalance.delay.ms": "1000" } });
  kafka = new Kafka({ clientId: "py-groups", brokers: t.bootstrap.split(","), logLevel: logLevel.NOTHING });
});

afterAll(async () => t?.stop());

async function seedTopic(topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: 60 }, (_, i) => ({ partition: i % 6, value: String(i) })),
  });
  await producer.disconnect();
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

function expectScenario(report: Report): void {
  const [three, two] = report.assignments;
  expect(three!.flat().sort((a, b) => a - b)).toEqual(range(0, 6));
  expect(three!.every((p) => p.length === 2)).toBe(true);
  expect(two!.flat().sort((a, b) => a - b)).toEqual(range(0, 6));
  // Members that join one by one rebalance a few times; partitions read before a commit may be
  // read again by their next owner (at-least-once), so the first phase is compared as a set.
  expect([...new Set(report.seen)]).toEqual(range(0, 90));
  // After every member committed and left, the restarted group reads exactly the new messages.
  expect(report.resumed).toEqual(range(90, 30));
}

describe.each([
  ["librdkafka (confluent-kafka-python)", "confluent_group.py"],
  ["kafka-python", "kafka_python_group.py"],
])("%s consumer group", (_name, script) => {
  it("splits 6 partitions over 3 members, moves a leaver's partitions, and resumes after the last commit", async () => {
    const topic = `py-${script.replace(/\W/g, "")}`;
    await seedTopic(topic);
    const { stdout } = await run(
      "/usr/bin/python3",
      [path.join(SCRIPTS, script), t.bootstrap, topic, `${topic}-group`],
      {
        timeout: 90_000,
      },
    );
    expectScenario(JSON.parse(stdout) as Report);
  }, 100_000);
});
