import { expect as baseExpect, test, type APIRequestContext } from "@playwright/test";
import kafkajs from "kafkajs";
import { E2E_BROKERS } from "./environment";

/**
 * The topic actions in a real browser against the embedded cluster: create (rules as you type,
 * validate-only preview), add partitions, edit configs (diff, broker validation), purge and delete.
 * After each action the cluster's state is read through kafkajs — never through the console — and
 * the audit entry is checked. The topic is deleted at the end, so other specs' counts hold.
 */
const TOPIC = "e2e-ta-orders";

test.describe.configure({ mode: "serial", timeout: 60_000 });
/** Pages wait on the console's snapshot and groups refresh: generous on a loaded machine, never a fixed sleep. */
const expect = baseExpect.configure({ timeout: 15_000 });

let kafka: kafkajs.Kafka;
let admin: kafkajs.Admin;

test.beforeAll(async () => {
  kafka = new kafkajs.Kafka({ brokers: E2E_BROKERS, logLevel: kafkajs.logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
});

test.afterAll(async () => {
  if ((await admin.listTopics()).includes(TOPIC)) await admin.deleteTopics({ topics: [TOPIC] });
  await admin.disconnect();
});

async function topicConfig(name: string): Promise<string | undefined> {
  const answer = await admin.describeConfigs({
    resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: TOPIC, configNames: [name] }],
    includeSynonyms: false,
  });
  return answer.resources[0]?.configEntries.find((c) => c.configName === name)?.configValue;
}

async function latestAudit(request: APIRequestContext, action: string) {
  const response = await request.get(`/api/clusters/local/audit?exactTarget=topic:${TOPIC}&action=${action}`);
  const { entries } = (await response.json()) as { entries: Record<string, unknown>[] };
  return entries[0];
}

test("creates a topic: name rules as you type, the cluster's preview, then the topic", async ({ page, request }) => {
  await page.goto("/clusters/local/topics");
  await page.getByTestId("action-create-topic").click();
  const dialog = page.getByRole("dialog", { name: "Create a topic" });
  const name = dialog.getByRole("textbox", { name: "Name" });
  await name.fill("bad name!");
  await expect(dialog.getByTestId("topic-name-rules")).toContainText('not space, "!"');
  await expect(dialog.getByTestId("create-topic-submit")).toBeDisabled();
  await name.fill(TOPIC);
  await expect(dialog.getByTestId("topic-name-rules")).not.toContainText("Only letters");
  await dialog.getByRole("spinbutton", { name: "Partitions" }).fill("3");
  await dialog.getByRole("spinbutton", { name: "Replication factor" }).fill("2");
  await dialog.getByRole("textbox", { name: "retention.ms", exact: true }).fill("3600000");
  await name.press("Enter");
  await expect(dialog.getByTestId("create-topic-preview")).toContainText("3 partition(s), replication factor 2");
  expect(await admin.listTopics()).not.toContain(TOPIC);
  await name.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/clusters/local/topics/${TOPIC}$`));

  const metadata = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  expect(metadata.topics[0]!.partitions).toHaveLength(3);
  expect(metadata.topics[0]!.partitions.every((p) => p.replicas.length === 2)).toBe(true);
  expect(await topicConfig("retention.ms")).toBe("3600000");
  expect(await latestAudit(request, "topic.create")).toMatchObject({
    outcome: "ok",
    parameters: { partitions: 3, replicationFactor: 2, configs: { "retention.ms": "3600000" } },
  });
  await expect(page.getByRole("region", { name: "Recent changes" }).getByTestId("audit-entry")).toHaveAttribute(
    "data-action",
    "topic.create",
  );
});

test("a refused creation shows the broker's error in words and creates nothing", async ({ page }) => {
  await page.goto("/clusters/local/topics");
  await page.getByTestId("action-create-topic").click();
  const dialog = page.getByRole("dialog", { name: "Create a topic" });
  await dialog.getByRole("textbox", { name: "Name" }).fill("e2e-ta-refused");
  await dialog.getByRole("button", { name: "Add another config" }).click();
  await dialog.getByRole("textbox", { name: "Other config 1 name" }).fill("segment.jitter.ms");
  await dialog.getByRole("textbox", { name: "Other config 1 value" }).fill("soon");
  await dialog.getByTestId("create-topic-submit").click();
  const error = dialog.getByTestId("action-error");
  await expect(error).toHaveAttribute("data-error-code", "invalid_config");
  await expect(error).toContainText("INVALID_CONFIG");
  await expect(error).toContainText("segment.jitter.ms");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await admin.listTopics()).not.toContain("e2e-ta-refused");
});

test("adds partitions after warning about keyed records", async ({ page, request }) => {
  await page.goto(`/clusters/local/topics/${TOPIC}`);
  await page.getByTestId("action-add-partitions").click();
  const dialog = page.getByRole("dialog", { name: `Add partitions to ${TOPIC}` });
  await expect(dialog.getByRole("note")).toContainText("hash(key)");
  const count = dialog.getByRole("spinbutton");
  await count.fill("2");
  await expect(dialog.getByTestId("add-partitions-submit")).toBeDisabled();
  await count.fill("5");
  await count.press("Enter");
  await expect(dialog.getByTestId("partitions-preview")).toContainText("3 → 5 partitions");
  expect((await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics[0]!.partitions).toHaveLength(3);
  await count.press("Enter");
  await expect(dialog).toBeHidden();
  expect((await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics[0]!.partitions).toHaveLength(5);
  expect(await latestAudit(request, "topic.partitions.add")).toMatchObject({
    outcome: "ok",
    before: { partitions: 3 },
    after: { partitions: 5 },
  });
  await expect(page.getByTestId("stat-topic-partitions")).toContainText("5");
});

test("edits a config with its diff, validated by the broker first", async ({ page, request }) => {
  await page.goto(`/clusters/local/topics/${TOPIC}`);
  await page.getByTestId("action-edit-configs").click();
  const dialog = page.getByRole("dialog", { name: `Edit configs of ${TOPIC}` });
  await dialog.getByRole("combobox", { name: "Config 1 name" }).fill("retention.ms");
  const value = dialog.getByRole("textbox", { name: "Config 1 value" });
  await value.fill("60000");
  const diff = dialog.getByTestId("configs-diff");
  await expect(diff).toContainText("3600000");
  await expect(diff).toContainText("60000");
  await value.press("Enter");
  await expect(dialog.getByTestId("configs-validated")).toBeVisible();
  expect(await topicConfig("retention.ms")).toBe("3600000");
  await value.press("Enter");
  await expect(dialog).toBeHidden();
  expect(await topicConfig("retention.ms")).toBe("60000");
  expect(await latestAudit(request, "topic.configs.alter")).toMatchObject({
    outcome: "ok",
    before: { "retention.ms": "3600000" },
    after: { "retention.ms": "60000" },
  });
});

test("purges records of one partition after showing how many go", async ({ page, request }) => {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: `r${i}` })),
  });
  await producer.disconnect();
  // A group's commit also creates __consumer_offsets, which the last test needs.
  await admin.setOffsets({ groupId: "e2e-ta-group", topic: TOPIC, partitions: [{ partition: 0, offset: "6" }] });
  await page.goto(`/clusters/local/topics/${TOPIC}`);
  await page.getByTestId("action-purge").click();
  const dialog = page.getByRole("dialog", { name: `Purge records of ${TOPIC}` });
  await dialog.getByRole("spinbutton", { name: "Offset" }).fill("4");
  for (const p of [1, 2, 3, 4]) await dialog.getByRole("checkbox", { name: String(p), exact: true }).uncheck();
  await dialog.getByTestId("purge-submit").click();
  await expect(dialog.getByTestId("purge-plan").locator("tr[data-partition]")).toHaveCount(1);
  await expect(dialog.getByTestId("purge-total")).toHaveText("4");
  expect((await admin.fetchTopicOffsets(TOPIC)).find((o) => o.partition === 0)!.low).toBe("0");
  await dialog.getByTestId("purge-submit").click();
  await expect(dialog.getByTestId("purge-done")).toContainText("Deleted 4 record(s)");
  const offsets = await admin.fetchTopicOffsets(TOPIC);
  expect(offsets.find((o) => o.partition === 0)!.low).toBe("4");
  expect(offsets.find((o) => o.partition === 1)!.low).toBe("0");
  expect(await latestAudit(request, "topic.purge")).toMatchObject({
    outcome: "ok",
    before: { logStartOffsets: { 0: 0 } },
    after: { logStartOffsets: { 0: 4 } },
  });
});

test("deletes the topic once its name is typed", async ({ page, request }) => {
  await page.goto(`/clusters/local/topics/${TOPIC}`);
  await page.getByTestId("action-delete-topic").click();
  const dialog = page.getByRole("dialog", { name: `Delete topic ${TOPIC}` });
  const submit = dialog.getByTestId("delete-topic-submit");
  await expect(submit).toBeDisabled();
  await dialog.getByRole("textbox", { name: "Topic name to confirm" }).fill(TOPIC.slice(0, -1));
  await expect(submit).toBeDisabled();
  await dialog.getByRole("textbox", { name: "Topic name to confirm" }).fill(TOPIC);
  await submit.click();
  await expect(page).toHaveURL(/\/clusters\/local\/topics$/);
  expect(await admin.listTopics()).not.toContain(TOPIC);
  expect(await latestAudit(request, "topic.delete")).toMatchObject({
    outcome: "ok",
    before: { partitions: 5, replicationFactor: 2, configs: { "retention.ms": "60000" } },
  });
});

test("internal topics cannot be deleted, purged or grown, and the buttons say why", async ({ page, request }) => {
  // The group commit above created __consumer_offsets: wait until the console's snapshot has it.
  await expect
    .poll(async () => (await request.get("/api/clusters/local/topics/__consumer_offsets")).status(), {
      timeout: 30_000,
    })
    .toBe(200);
  await page.goto("/clusters/local/topics/__consumer_offsets");
  for (const id of ["action-delete-topic", "action-purge", "action-add-partitions"]) {
    const button = page.getByTestId(id);
    await expect(button).toBeDisabled({ timeout: 20_000 });
    await expect(button).toHaveAttribute("title", /internal topic/);
  }
});
