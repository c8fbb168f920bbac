import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import kafkajs from "kafkajs";
import { E2E_BROKERS } from "./environment";

/**
 * Reassignment (an edited, throttled RF change), cancel, preferred leader election and broker
 * stop/start, each driven through the console's pages against the e2e server's 3-broker embedded
 * cluster. The cluster's state afterwards is read through kafkajs (never through the console),
 * and each action's audit entry through the audit API. The cluster is left as the other specs
 * expect: every broker running, every leader preferred, this spec's topics deleted.
 */
const kafka = new kafkajs.Kafka({
  brokers: E2E_BROKERS,
  clientId: "pier-e2e-cluster-actions",
  logLevel: kafkajs.logLevel.NOTHING,
});
const admin = kafka.admin();
const TOPICS = { rf: "e2e-ra-rf", slow: "e2e-ra-slow", elect: "e2e-ra-elect", failover: "e2e-ra-failover" };
/** Long enough for a reassignment or a failover on a loaded machine. */
const SETTLE_MS = 30_000;

test.describe.configure({ mode: "serial", timeout: 90_000 });

async function produce(topic: string, partitions: number, records: number, bytes: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const perBatch = Math.max(1, Math.floor(500_000 / bytes));
  for (let partition = 0; partition < partitions; partition++) {
    for (let first = 0; first < records; first += perBatch) {
      const count = Math.min(perBatch, records - first);
      await producer.send({
        topic,
        messages: Array.from({ length: count }, (_, i) => ({ partition, value: `${first + i}`.padEnd(bytes, "x") })),
      });
    }
  }
  await producer.disconnect();
}

/**
 * A fresh kafkajs admin per read, asking for one topic: kafkajs fails a metadata refresh that
 * covers an offline partition (LEADER_NOT_AVAILABLE), and a stopped broker leaves the
 * replication-factor-1 partitions it hosted offline; a long-lived admin refreshes every topic it saw.
 */
async function withAdmin<T>(fn: (fresh: kafkajs.Admin) => Promise<T>): Promise<T> {
  const fresh = kafka.admin();
  await fresh.connect();
  try {
    return await fn(fresh);
  } finally {
    await fresh.disconnect();
  }
}

async function partitionsOf(topic: string) {
  const metadata = await withAdmin((fresh) => fresh.fetchTopicMetadata({ topics: [topic] }));
  return metadata.topics[0]!.partitions.sort((a, b) => a.partitionId - b.partitionId);
}

async function auditEntries(request: APIRequestContext, action: string) {
  const answer = await request.get(`/api/clusters/local/audit?action=${encodeURIComponent(action)}`);
  expect(answer.ok()).toBe(true);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- audit entries are arbitrary JSON
  return ((await answer.json()) as { entries: Record<string, any>[] }).entries;
}

async function confirm(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name, exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: SETTLE_MS });
}

async function brokerRunning(request: APIRequestContext, id: number): Promise<boolean> {
  const body = (await (await request.get("/api/clusters/local/brokers/control")).json()) as {
    brokers: { id: number; state: string }[];
  };
  return body.brokers.find((b) => b.id === id)?.state === "running";
}

test.beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: TOPICS.rf, numPartitions: 3, replicationFactor: 1 },
      { topic: TOPICS.slow, numPartitions: 1, replicationFactor: 1 },
      { topic: TOPICS.elect, numPartitions: 1, replicationFactor: 2 },
      { topic: TOPICS.failover, numPartitions: 1, replicationFactor: 3 },
    ],
    waitForLeaders: true,
  });
  await produce(TOPICS.rf, 3, 20, 1_000);
  await produce(TOPICS.slow, 1, 400, 5_000);
});

test.afterAll(async ({ request }) => {
  // Whatever failed, leave every broker running for the specs that follow.
  for (const id of [0, 1, 2]) {
    if (!(await brokerRunning(request, id)))
      await request.post(`/api/clusters/local/brokers/${id}/start`, { data: {} });
  }
  // The other specs count the cluster's topics: leave only what they seeded.
  await admin.deleteTopics({ topics: Object.values(TOPICS) });
  await admin.disconnect();
});

test("raises a topic's replication factor through an edited, throttled plan, and the throttle goes when it is done", async ({
  page,
  request,
}) => {
  const before = await partitionsOf(TOPICS.rf);
  await page.goto(`/clusters/local/reassignments?topics=${TOPICS.rf}`);
  await expect(page.getByLabel("Topics (comma-separated)")).toHaveValue(TOPICS.rf);
  await page.getByLabel("New replication factor").fill("2");
  await page.getByLabel(/Also balance replicas and leaders/).uncheck();
  await page.getByRole("button", { name: "Generate plan" }).click();
  const plan = page.getByTestId("plan");
  await expect(plan.locator("[data-move]")).toHaveCount(3);
  await expect(page.getByTestId("plan-loads").locator("[data-broker-load]")).toHaveCount(3);

  // Edit partition 0: its current replica first, then the broker after it.
  const first = before[0]!.replicas[0]!;
  const edited = [first, (first + 1) % 3];
  await page.getByLabel(`Replicas of ${TOPICS.rf}-0`).fill(edited.join(", "));
  await page.getByLabel("Throttle (MB/s, empty = none)").fill("50");
  await page.getByRole("button", { name: "Execute reassignment" }).click();
  await confirm(page, "Execute");
  await expect(page.getByTestId("execute-result")).toContainText("Reassignment started for 3 partition(s)");
  await expect(page.getByTestId("execute-result")).toContainText("50,000,000 bytes/s");

  // During the copy Metadata already lists the target replicas; done = none left in progress.
  await expect
    .poll(async () => (await admin.listPartitionReassignments({})).topics.length, { timeout: SETTLE_MS })
    .toBe(0);
  const after = await partitionsOf(TOPICS.rf);
  expect(after.map((p) => p.replicas.length)).toEqual([2, 2, 2]);
  expect(after.map((p) => p.isr.length)).toEqual([2, 2, 2]);
  expect(after[0]!.replicas).toEqual(edited);
  after.forEach((p, i) => expect(p.replicas.slice(0, 1)).toEqual(before[i]!.replicas));

  // The page polls the reassignments; seeing none left, the console removes the throttle.
  await expect(page.getByTestId("no-reassignment")).toHaveText("No reassignment is in progress.", {
    timeout: SETTLE_MS,
  });
  const configs = await admin.describeConfigs({
    resources: [0, 1, 2].map((id) => ({ type: kafkajs.ConfigResourceTypes.BROKER, name: String(id) })),
    includeSynonyms: false,
  });
  for (const resource of configs.resources) {
    const rate = resource.configEntries.find((c) => c.configName === "leader.replication.throttled.rate");
    expect(rate === undefined || rate.isDefault).toBe(true);
  }
  const [entry] = await auditEntries(request, "reassignment.execute");
  expect(entry).toMatchObject({
    target: `topic:${TOPICS.rf}`,
    outcome: "ok",
    parameters: { throttleBytesPerSec: 50_000_000 },
  });
  expect(entry!.after.assignments.find((a: { partition: number }) => a.partition === 0).replicas).toEqual(edited);
  expect(await auditEntries(request, "reassignment.throttle.remove")).not.toEqual([]);
});

test("shows a reassignment in progress and cancels it: the partition keeps its replicas", async ({ page, request }) => {
  const original = (await partitionsOf(TOPICS.slow))[0]!.replicas;
  const target = [original[0]!, (original[0]! + 1) % 3];
  // 2 MB at 1 KiB/s: still copying when the cancel comes.
  const started = await request.post("/api/clusters/local/reassignments", {
    data: {
      action: "execute",
      partitions: [{ topic: TOPICS.slow, partition: 0, replicas: target }],
      throttleBytesPerSec: 1_024,
    },
  });
  expect(started.status()).toBe(202);
  await page.goto("/clusters/local/reassignments");
  const row = page.locator(`[data-reassigning="${TOPICS.slow}-0"]`);
  await expect(row).toBeVisible();
  await expect(row.getByRole("progressbar")).toBeVisible();
  await expect(page.getByTestId("reassignment-totals")).toContainText("ETA");
  // kafkajs 2.2.4 answers `name` where its typings say `topic`.
  const ongoing = (await admin.listPartitionReassignments({})).topics as unknown as { name: string }[];
  expect(ongoing.map((t) => t.name)).toEqual([TOPICS.slow]);

  await page.getByRole("button", { name: "Cancel reassignment" }).click();
  await confirm(page, "Cancel reassignment");
  await expect(page.getByText(/Cancelled 1 partition reassignment/)).toBeVisible();
  expect((await admin.listPartitionReassignments({})).topics).toEqual([]);
  await expect
    .poll(async () => (await partitionsOf(TOPICS.slow))[0]!.replicas, { timeout: SETTLE_MS })
    .toEqual(original);
  const [entry] = await auditEntries(request, "reassignment.cancel");
  expect(entry).toMatchObject({ outcome: "ok", after: { assignments: [{ topic: TOPICS.slow, replicas: original }] } });
});

test("previews a preferred leader election for a topic and elects the preferred replica", async ({ page, request }) => {
  const { replicas, leader } = (await partitionsOf(TOPICS.elect))[0]!;
  // Swapping the replica order makes the follower preferred, without moving data or leadership.
  const reordered = [replicas[1]!, replicas[0]!];
  const swapped = await request.post("/api/clusters/local/reassignments", {
    data: { action: "execute", partitions: [{ topic: TOPICS.elect, partition: 0, replicas: reordered }] },
  });
  expect(swapped.status()).toBe(202);
  await expect
    .poll(async () => (await partitionsOf(TOPICS.elect))[0]!.replicas, { timeout: SETTLE_MS })
    .toEqual(reordered);
  expect((await partitionsOf(TOPICS.elect))[0]!.leader).toBe(leader);

  await page.goto("/clusters/local/reassignments");
  const election = page.getByTestId("preferred-election");
  await election.getByLabel("Partitions").selectOption("topic");
  await election.getByLabel("Topic", { exact: true }).fill(TOPICS.elect);
  await election.getByRole("button", { name: "Preview" }).click();
  const candidate = page.locator(`[data-candidate="${TOPICS.elect}-0"]`);
  await expect(candidate).toContainText(String(reordered[0]));
  await expect(candidate).toContainText("yes");
  await election.getByRole("button", { name: "Elect preferred leaders" }).click();
  await confirm(page, "Elect");
  await expect(page.locator('[data-election-result="elected"]')).toContainText(`leader ${leader} → ${reordered[0]}`);
  expect((await partitionsOf(TOPICS.elect))[0]!.leader).toBe(reordered[0]);
  const [entry] = await auditEntries(request, "leader-election.preferred");
  expect(entry).toMatchObject({
    target: `topic:${TOPICS.elect}`,
    before: { leaders: [{ topic: TOPICS.elect, partition: 0, leader }] },
    after: { leaders: [{ topic: TOPICS.elect, partition: 0, leader: reordered[0] }] },
  });
});

test("stops the leader's broker with its consequences shown first, then starts it again", async ({ page, request }) => {
  const { leader, replicas } = (await partitionsOf(TOPICS.failover))[0]!;
  await page.goto("/clusters/local/brokers");
  const card = page.locator(`[data-broker-state="${leader}"]`);
  await expect(card).toHaveAttribute("data-state", "running");
  await card.getByRole("button", { name: "Stop…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.locator(`[data-leader-moving="${TOPICS.failover}-0"]`)).toContainText("→ broker");
  await expect(dialog.locator(`[data-under-replicated="${TOPICS.failover}-0"]`)).toBeVisible();
  await dialog.getByLabel("How").selectOption("clean");
  await confirm(page, "Stop broker");
  await expect(card).toHaveAttribute("data-state", "stopped");

  const moved = (await partitionsOf(TOPICS.failover))[0]!;
  expect(moved.leader).not.toBe(leader);
  expect(replicas).toContain(moved.leader);
  expect(moved.isr).not.toContain(leader);
  expect(moved.offlineReplicas).toEqual([leader]);
  const [stopEntry] = await auditEntries(request, "broker.stop");
  expect(stopEntry).toMatchObject({
    target: `broker:${leader}`,
    parameters: { mode: "clean" },
    before: { state: "running" },
    after: {
      state: "stopped",
      leaders: expect.arrayContaining([{ topic: TOPICS.failover, partition: 0, leader: moved.leader }]),
    },
  });

  await card.getByRole("button", { name: "Start" }).click();
  await expect(card).toHaveAttribute("data-state", "running", { timeout: SETTLE_MS });
  await expect
    .poll(
      async () => {
        const { isr, offlineReplicas } = (await partitionsOf(TOPICS.failover))[0]!;
        return { isr: isr.length, offlineReplicas };
      },
      { timeout: SETTLE_MS },
    )
    .toEqual({ isr: 3, offlineReplicas: [] });
  const [startEntry] = await auditEntries(request, "broker.start");
  expect(startEntry).toMatchObject({
    target: `broker:${leader}`,
    before: { state: "stopped" },
    after: { state: "running" },
  });

  // Leadership back on the preferred replicas everywhere (every partition, for the specs that
  // follow), once the restarted broker is back in the ISRs it needs.
  const notPreferred = async () => {
    const elected = await request.post("/api/clusters/local/leader-elections", { data: {} });
    expect(elected.status()).toBe(200);
    const { topics } = await withAdmin((fresh) => fresh.fetchTopicMetadata());
    return topics.flatMap((t) =>
      t.partitions.filter((p) => p.leader !== p.replicas[0]).map((p) => `${t.name}-${p.partitionId}`),
    );
  };
  await expect.poll(notPreferred, { timeout: SETTLE_MS }).toEqual([]);
});
