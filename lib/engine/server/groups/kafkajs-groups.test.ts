import { Kafka, logLevel, type Consumer, type EachMessagePayload } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignmentPartitions } from "../../groups";
import { startGroupsTestCluster, waitFor, type GroupsTestCluster } from "./test-support";

const TOPIC = "orders";
const PARTITIONS = 6;

let t: GroupsTestCluster;
let kafka: Kafka;

beforeAll(async () => {
  t = await startGroupsTestCluster();
  kafka = new Kafka({
    clientId: "groups-test",
    brokers: t.bootstrap.split(","),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 50 },
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
  await admin.disconnect();
});

afterAll(async () => t?.stop());

/** Produces `count` messages round-robin over the partitions with values "<from + i>". */
async function produce(from: number, count: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: count }, (_, i) => ({
      partition: (from + i) % PARTITIONS,
      value: String(from + i),
    })),
  });
  await producer.disconnect();
}

interface GroupConsumer {
  consumer: Consumer;
  seen: number[];
}

async function startConsumer(groupId: string, seen: number[] = []): Promise<GroupConsumer> {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 6_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 200,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }: EachMessagePayload) => {
      seen.push(Number(message.value!.toString()));
    },
  });
  return { consumer, seen };
}

/** The broker's view: member id → assigned partitions of TOPIC, once the group is Stable with `members` members. */
function stableAssignment(groupId: string, members: number): Map<string, number[]> | undefined {
  const coordinator = t.coordinators.find((c) => c.coordinator.group(groupId) !== undefined)?.coordinator;
  const described = coordinator?.describeGroup(groupId);
  if (described?.groupState !== "Stable" || described.members.length !== members) return undefined;
  return new Map(
    described.members.map((m) => [
      m.memberId,
      (assignmentPartitions(m.memberAssignment) ?? []).filter((a) => a.topic === TOPIC).flatMap((a) => a.partitions),
    ]),
  );
}

function expectEachPartitionOnce(assignment: Map<string, number[]>): void {
  const all = [...assignment.values()].flat().sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: PARTITIONS }, (_, i) => i));
  for (const partitions of assignment.values()) expect(partitions.length).toBeGreaterThan(0);
}

describe("kafkajs consumer group", () => {
  it("splits 6 partitions over 3 members, moves a leaver's partitions, and resumes after the last commit", async () => {
    const groupId = "kafkajs-three";
    await produce(0, 60);
    const seen: number[] = [];
    const consumers = await Promise.all([0, 1, 2].map(() => startConsumer(groupId, seen)));
    await waitFor(() => seen.length >= 60 && stableAssignment(groupId, 3) !== undefined, 20_000, "3 members consuming");
    expectEachPartitionOnce(stableAssignment(groupId, 3)!);

    await consumers[0]!.consumer.disconnect(); // LeaveGroup: the other two take its partitions
    await waitFor(() => stableAssignment(groupId, 2) !== undefined, 20_000, "rebalance to 2 members");
    expectEachPartitionOnce(stableAssignment(groupId, 2)!);
    await produce(60, 30);
    await waitFor(() => seen.length >= 90, 20_000, "90 messages");

    const admin = kafka.admin();
    await admin.connect();
    const committedTotal = async () =>
      (await admin.fetchOffsets({ groupId, topics: [TOPIC] }))[0]!.partitions.reduce(
        (sum, p) => sum + Number(p.offset),
        0,
      );
    const deadline = Date.now() + 10_000;
    while ((await committedTotal()) < 90 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await committedTotal()).toBe(90);
    await Promise.all(consumers.slice(1).map((c) => c.consumer.disconnect()));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 90 }, (_, i) => i));

    // Everyone restarts: consumption resumes after the committed offsets, nothing lost or repeated.
    await produce(90, 30);
    const resumed: number[] = [];
    const restarted = await Promise.all([0, 1, 2].map(() => startConsumer(groupId, resumed)));
    await waitFor(() => resumed.length >= 30 && stableAssignment(groupId, 3) !== undefined, 20_000, "resumed");
    await new Promise((r) => setTimeout(r, 300));
    expect([...resumed].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => 90 + i));
    await Promise.all(restarted.map((c) => c.consumer.disconnect()));
    await admin.disconnect();
  });
});
