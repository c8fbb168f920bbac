import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Kafka, logLevel, type Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignmentPartitions } from "../../groups";
import { startGroupsTestCluster, waitFor, type GroupsTestCluster } from "./test-support";

const run = promisify(execFile);
const SCRIPTS = path.join(import.meta.dirname, "../../test-clients/groups");
const TOPIC = "admin-topic";

let t: GroupsTestCluster;
let kafka: Kafka;

beforeAll(async () => {
  t = await startGroupsTestCluster();
  kafka = new Kafka({ clientId: "admin-test", brokers: t.bootstrap.split(","), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: 40 }, (_, i) => ({ partition: i % 4, value: String(i) })),
  });
  await producer.disconnect();
});

afterAll(async () => t?.stop());

async function consumeAll(groupId: string): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 200, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  let seen = 0;
  await consumer.run({ eachMessage: async () => void seen++ });
  await waitFor(() => seen >= 40, 20_000, "40 messages");
  return consumer;
}

describe("kafkajs admin on consumer groups", () => {
  it("lists, describes, fetches, resets and deletes groups", async () => {
    const admin = kafka.admin();
    await admin.connect();
    const consumer = await consumeAll("admin-live");
    await waitFor(() => t.coordinators[0]!.coordinator.group("admin-live")?.state === "Stable", 10_000, "Stable");

    const { groups } = await admin.listGroups();
    expect(groups).toContainEqual({ groupId: "admin-live", protocolType: "consumer" });
    const described = await admin.describeGroups(["admin-live", "never-existed"]);
    const live = described.groups.find((g) => g.groupId === "admin-live")!;
    expect(live).toMatchObject({ state: "Stable", protocolType: "consumer", protocol: "RoundRobinAssigner" });
    expect(live.members).toHaveLength(1);
    expect(live.members[0]).toMatchObject({ clientId: "admin-test", clientHost: "/127.0.0.1" });
    expect(assignmentPartitions(live.members[0]!.memberAssignment)).toEqual([
      { topic: TOPIC, partitions: [0, 1, 2, 3] },
    ]);
    expect(described.groups.find((g) => g.groupId === "never-existed")).toMatchObject({ state: "Dead", members: [] });

    await waitFor(() => false, 300).catch(() => {}); // let the last auto-commit land
    const committed = await admin.fetchOffsets({ groupId: "admin-live", topics: [TOPIC] });
    expect(committed[0]!.partitions.map((p) => p.offset).sort()).toEqual(["10", "10", "10", "10"]);

    // setOffsets/resetOffsets require an Empty group: refused while the consumer runs.
    await expect(
      admin.setOffsets({ groupId: "admin-live", topic: TOPIC, partitions: [{ partition: 0, offset: "1" }] }),
    ).rejects.toThrow();
    await expect(admin.deleteGroups(["admin-live"])).rejects.toThrow();
    await consumer.disconnect();
    await waitFor(() => t.coordinators[0]!.coordinator.group("admin-live")?.state === "Empty", 10_000, "Empty");
    await admin.resetOffsets({ groupId: "admin-live", topic: TOPIC, earliest: true });
    // kafkajs commits the special offset -2 (earliest) as is, as Kafka stores it; resolveOffsets turns it into 0.
    const reset = await admin.fetchOffsets({ groupId: "admin-live", topics: [TOPIC] });
    expect(reset[0]!.partitions.map((p) => p.offset)).toEqual(["-2", "-2", "-2", "-2"]);
    const resolved = await admin.fetchOffsets({ groupId: "admin-live", topics: [TOPIC], resolveOffsets: true });
    expect(resolved[0]!.partitions.map((p) => p.offset)).toEqual(["0", "0", "0", "0"]);
    await admin.setOffsets({ groupId: "admin-live", topic: TOPIC, partitions: [{ partition: 2, offset: "7" }] });
    const set = await admin.fetchOffsets({ groupId: "admin-live", topics: [TOPIC] });
    expect(set[0]!.partitions.find((p) => p.partition === 2)!.offset).toBe("7");

    const deleted = await admin.deleteGroups(["admin-live"]);
    expect(deleted).toEqual([{ groupId: "admin-live", errorCode: 0 }]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain("admin-live");
    const afterDelete = await admin.fetchOffsets({ groupId: "admin-live", topics: [TOPIC] });
    expect(afterDelete[0]!.partitions.map((p) => p.offset)).toEqual(["-1", "-1", "-1", "-1"]);
    await admin.disconnect();
  });
});

describe("kafka-python admin on consumer groups", () => {
  it("lists and describes groups and lists their committed offsets", async () => {
    const consumer = await consumeAll("py-admin-view");
    await waitFor(
      () => t.coordinators[0]!.coordinator.fetchOffsets("py-admin-view", null).topics.length > 0,
      10_000,
      "commit",
    );
    await waitFor(() => false, 300).catch(() => {});
    const { stdout } = await run(
      "/usr/bin/python3",
      [path.join(SCRIPTS, "kafka_python_admin.py"), t.bootstrap, "py-admin-view"],
      {
        timeout: 30_000,
      },
    );
    const report = JSON.parse(stdout) as {
      listed: string[][];
      groups: Record<
        string,
        {
          state: string;
          protocol_type: string;
          protocol: string;
          members: Array<{ client_id: string; client_host: string; partitions: number[] }>;
          offsets: Record<string, number>;
        }
      >;
    };
    expect(report.listed).toContainEqual(["py-admin-view", "consumer"]);
    const group = report.groups["py-admin-view"]!;
    expect(group).toMatchObject({ state: "Stable", protocol_type: "consumer", protocol: "RoundRobinAssigner" });
    expect(group.members).toEqual([{ client_id: "admin-test", client_host: "/127.0.0.1", partitions: [0, 1, 2, 3] }]);
    expect(group.offsets).toEqual({ [`${TOPIC}:0`]: 10, [`${TOPIC}:1`]: 10, [`${TOPIC}:2`]: 10, [`${TOPIC}:3`]: 10 });
    await consumer.disconnect();
  });
});

describe("session timeout", () => {
  it("removes a member that stops heartbeating (SIGKILL) and the other takes its partitions", async () => {
    const groupId = "killed-member";
    const coordinator = t.coordinators[0]!.coordinator;
    const start = () => {
      const child = spawn("/usr/bin/python3", [
        path.join(SCRIPTS, "hold_member.py"),
        t.bootstrap,
        TOPIC,
        groupId,
        "1500",
      ]);
      const out = { line: "" };
      child.stdout.on("data", (chunk: Buffer) => (out.line += chunk.toString()));
      return { child, out };
    };
    const survivor = start();
    const victim = start();
    try {
      await waitFor(
        () => survivor.out.line.includes("]") && victim.out.line.includes("]"),
        30_000,
        "both members assigned",
      );
      const group = () => coordinator.group(groupId);
      await waitFor(() => group()?.state === "Stable" && group()!.members.size === 2, 10_000, "2 members");
      const before = coordinator.describeGroup(groupId).members.map((m) => assignmentPartitions(m.memberAssignment));
      expect(before.flatMap((a) => a!.flatMap((x) => x.partitions)).sort()).toEqual([0, 1, 2, 3]);
      victim.child.kill("SIGKILL");
      const killedAt = Date.now();
      await waitFor(
        () => group()?.state === "Stable" && group()!.members.size === 1,
        15_000,
        "rebalance after session timeout",
      );
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(1_000); // not before (most of) its 1.5 s session
      const [member] = coordinator.describeGroup(groupId).members;
      expect(assignmentPartitions(member!.memberAssignment)).toEqual([{ topic: TOPIC, partitions: [0, 1, 2, 3] }]);
    } finally {
      victim.child.kill("SIGKILL");
      survivor.child.kill("SIGKILL");
    }
  });
});
