import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect as baseExpect, test, type APIRequestContext, type Page } from "@playwright/test";
import kafkajs from "kafkajs";
import { E2E_BROKERS } from "./environment";

/**
 * The consumer-group actions on the group page, against the e2e server's embedded cluster: each
 * is previewed and applied in the browser, then checked in the cluster through kafkajs
 * (admin.fetchOffsets / describeGroups) and in the audit log (GET /api/clusters/local/audit).
 */
/** Every dry run and change reads the cluster afresh: allow for a loaded machine. */
const expect = baseExpect.configure({ timeout: 15_000 });
const ORDERS = "e2e-ga-orders";
const REFUNDS = "e2e-ga-refunds";
const RECORDS = 10;
const GROUPS = { reset: "e2e-ga-reset", remove: "e2e-ga-delete", active: "e2e-ga-active" } as const;
/** Record i of every orders partition is stamped T0 + i s; set in beforeAll (recent, so retention keeps it). */
let T0 = 0;

const execFileAsync = promisify(execFile);
/** kafka-python 2.0.2 commits outside group management (as an application with assigned partitions). */
const SEED_COMMITS_PY = `
import json, sys
from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata
by_group = {}
for g, t, p, o in json.loads(sys.argv[2]):
    by_group.setdefault(g, {})[TopicPartition(t, p)] = OffsetAndMetadata(o, "")
for g, offsets in by_group.items():
    consumer = KafkaConsumer(bootstrap_servers=sys.argv[1], group_id=g, enable_auto_commit=False)
    consumer.assign(list(offsets))
    consumer.commit(offsets)
    consumer.close(autocommit=False)
`;

const kafka = new kafkajs.Kafka({
  brokers: E2E_BROKERS,
  clientId: "pier-e2e-group-actions",
  logLevel: kafkajs.logLevel.NOTHING,
});
let admin: kafkajs.Admin;

/** "topic:partition" → committed offset (-1 = none), through kafkajs. */
async function committed(groupId: string): Promise<Record<string, number>> {
  const answer = await admin.fetchOffsets({ groupId, topics: [ORDERS, REFUNDS] });
  const out: Record<string, number> = {};
  for (const t of answer) for (const p of t.partitions) out[`${t.topic}:${p.partition}`] = Number(p.offset);
  return out;
}

interface Audit {
  id: number;
  action: string;
  target: string;
  outcome: string;
  before: unknown;
  after: unknown;
  parameters: unknown;
}

async function latestAudit(request: APIRequestContext, groupId: string): Promise<Audit | undefined> {
  const response = await request.get(`/api/clusters/local/audit?exactTarget=${encodeURIComponent(`group:${groupId}`)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { entries: Audit[] }).entries[0];
}

const entry = (topic: string, partition: number, offset: number | null) => ({ topic, partition, offset });

async function openGroup(page: Page, groupId: string) {
  await page.goto(`/clusters/local/consumer-groups/${groupId}`);
  await expect(page.getByTestId("group-actions")).toBeVisible();
}

/** The plan row of one partition: its accessible name starts with the topic and partition cells. */
function planRow(page: Page, topic: string, partition: number) {
  return page.getByTestId("offset-plan").getByRole("row", { name: new RegExp(`^${topic} ${partition} `) });
}

test.describe.configure({ mode: "serial", timeout: 60_000 });
test.use({ timezoneId: "UTC" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  // A whole second: the form's time field has second precision.
  T0 = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: ORDERS, numPartitions: 2, replicationFactor: 2 },
      { topic: REFUNDS, numPartitions: 1, replicationFactor: 1 },
    ],
    waitForLeaders: true,
  });
  const producer = kafka.producer();
  await producer.connect();
  for (const partition of [0, 1]) {
    await producer.send({
      topic: ORDERS,
      messages: Array.from({ length: RECORDS }, (_, i) => ({
        partition,
        value: `o${i}`,
        timestamp: String(T0 + i * 1000),
      })),
    });
  }
  await producer.send({ topic: REFUNDS, messages: [{ value: "r0" }, { value: "r1" }] });
  await producer.disconnect();
  const commits = [
    [GROUPS.reset, ORDERS, 0, 2],
    [GROUPS.reset, ORDERS, 1, 5],
    [GROUPS.remove, ORDERS, 0, 3],
    [GROUPS.remove, REFUNDS, 0, 1],
    [GROUPS.active, ORDERS, 0, 4],
  ];
  await execFileAsync("/usr/bin/python3", ["-c", SEED_COMMITS_PY, E2E_BROKERS.join(","), JSON.stringify(commits)]);
});

test.afterAll(async () => {
  await admin?.disconnect();
});

test("resets a topic's offsets after a dry run that shows the clamping", async ({ page, request }) => {
  await openGroup(page, GROUPS.reset);
  await page.getByRole("button", { name: "Reset offsets…" }).click();
  const dialog = page.getByTestId("reset-dialog");
  await expect(dialog).toBeVisible();
  // Escape closes the dialog; it opens again fresh.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Reset offsets…" }).click();
  await dialog.getByTestId("reset-scope").selectOption("topic");
  await dialog.getByTestId("reset-topic").fill(ORDERS);
  await dialog.getByTestId("reset-to").selectOption("offset");
  await dialog.getByTestId("reset-offset").fill("50");
  await expect(dialog.getByTestId("reset-apply")).toBeDisabled();
  await dialog.getByTestId("reset-offset").press("Enter");
  const p0 = planRow(page, ORDERS, 0);
  await expect(p0).toContainText("skip 8");
  await expect(p0.locator("[data-clamped='log_end']")).toContainText("50 is past the log end: moved to 10");
  await expect(planRow(page, ORDERS, 1)).toContainText("skip 5");
  await expect(dialog.getByTestId("offset-plan-totals")).toHaveText(
    "2 partitions change · 13 records will be skipped.",
  );
  expect(await committed(GROUPS.reset)).toMatchObject({ [`${ORDERS}:0`]: 2, [`${ORDERS}:1`]: 5 });

  await dialog.getByTestId("reset-apply").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("group-action-notice")).toContainText("Offsets reset: 2 partitions changed");
  expect(await committed(GROUPS.reset)).toMatchObject({ [`${ORDERS}:0`]: RECORDS, [`${ORDERS}:1`]: RECORDS });
  const audit = await latestAudit(request, GROUPS.reset);
  expect(audit).toMatchObject({
    action: "group.offsets.reset",
    outcome: "ok",
    before: [entry(ORDERS, 0, 2), entry(ORDERS, 1, 5)],
    after: [entry(ORDERS, 0, RECORDS), entry(ORDERS, 1, RECORDS)],
  });
  await expect(page.getByTestId("group-action-notice")).toContainText(`audit entry #${audit!.id}`);
});

test("resets one partition to a time, then shifts the whole group back", async ({ page, request }) => {
  await openGroup(page, GROUPS.reset);
  await page.getByRole("button", { name: "Reset offsets…" }).click();
  const dialog = page.getByTestId("reset-dialog");
  await dialog.getByTestId("reset-scope").selectOption("partition");
  await dialog.getByTestId("reset-topic").fill(ORDERS);
  await dialog.getByTestId("reset-partition").fill("1");
  await dialog.getByTestId("reset-to").selectOption("timestamp");
  // The browser runs in UTC: the first record at or after T0 + 5 s is offset 5.
  await dialog.getByTestId("reset-time").fill(new Date(T0 + 5_000).toISOString().slice(0, 19));
  await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
  await expect(planRow(page, ORDERS, 1)).toContainText("re-read 5");
  await dialog.getByTestId("reset-apply").click();
  await expect(dialog).toBeHidden();
  expect((await committed(GROUPS.reset))[`${ORDERS}:1`]).toBe(5);
  expect(await latestAudit(request, GROUPS.reset)).toMatchObject({
    action: "group.offsets.reset",
    parameters: { scope: { kind: "partition", topic: ORDERS, partition: 1 }, strategy: { to: "timestamp" } },
    before: [entry(ORDERS, 1, RECORDS)],
    after: [entry(ORDERS, 1, 5)],
  });

  await page.getByRole("button", { name: "Reset offsets…" }).click();
  await dialog.getByTestId("reset-to").selectOption("shift");
  await dialog.getByTestId("reset-shift").fill("-3");
  await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
  await expect(dialog.getByTestId("offset-plan-totals")).toHaveText(
    "2 partitions change · 6 records will be read again.",
  );
  await dialog.getByTestId("reset-apply").click();
  await expect(dialog).toBeHidden();
  expect(await committed(GROUPS.reset)).toMatchObject({ [`${ORDERS}:0`]: 7, [`${ORDERS}:1`]: 2 });
});

test("restores the offsets from before the last reset in one click", async ({ page, request }) => {
  await openGroup(page, GROUPS.reset);
  await page.getByRole("button", { name: "Restore previous offsets…" }).click();
  const dialog = page.getByTestId("restore-dialog");
  await expect(planRow(page, ORDERS, 0)).toContainText("skip 3");
  await expect(planRow(page, ORDERS, 1)).toContainText("skip 3");
  expect(await committed(GROUPS.reset)).toMatchObject({ [`${ORDERS}:0`]: 7, [`${ORDERS}:1`]: 2 });
  await dialog.getByTestId("restore-apply").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("group-action-notice")).toContainText("Offsets restored");
  expect(await committed(GROUPS.reset)).toMatchObject({ [`${ORDERS}:0`]: RECORDS, [`${ORDERS}:1`]: 5 });
  expect(await latestAudit(request, GROUPS.reset)).toMatchObject({
    action: "group.offsets.restore",
    outcome: "ok",
    before: [entry(ORDERS, 0, 7), entry(ORDERS, 1, 2)],
    after: [entry(ORDERS, 0, RECORDS), entry(ORDERS, 1, 5)],
  });
  // The restore is itself a restore point: the group's offsets table shows the restored offsets.
  await expect(page.getByRole("button", { name: "Restore previous offsets…" })).toBeVisible();
  const offsets = page.getByRole("table", { name: "Offsets" });
  await expect(offsets.getByRole("row").nth(1).locator("[data-value]").first()).toHaveAttribute("data-value", "10");
});

test("deletes a group's offsets of one topic, then the group itself", async ({ page, request }) => {
  await openGroup(page, GROUPS.remove);
  await page.getByRole("button", { name: "Delete a topic's offsets…" }).click();
  const offsetsDialog = page.getByTestId("delete-offsets-dialog");
  await offsetsDialog.getByTestId("delete-offsets-topic").selectOption(REFUNDS);
  await expect(offsetsDialog.getByRole("list", { name: "Offsets to delete" })).toContainText(`${REFUNDS}-0: 1`);
  await offsetsDialog.getByTestId("delete-offsets-apply").click();
  await expect(offsetsDialog).toBeHidden();
  expect(await committed(GROUPS.remove)).toMatchObject({ [`${ORDERS}:0`]: 3, [`${REFUNDS}:0`]: -1 });
  expect(await latestAudit(request, GROUPS.remove)).toMatchObject({
    action: "group.offsets.delete",
    before: [entry(REFUNDS, 0, 1)],
    after: [entry(REFUNDS, 0, null)],
  });

  await page.getByRole("button", { name: "Delete group…" }).click();
  const dialog = page.getByTestId("delete-group-dialog");
  const confirm = dialog.getByTestId("delete-group-apply");
  await expect(confirm).toBeDisabled();
  await dialog.getByTestId("delete-group-confirm").fill(GROUPS.remove.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await dialog.getByTestId("delete-group-confirm").fill(GROUPS.remove);
  await dialog.getByTestId("delete-group-confirm").press("Enter");
  await expect(page).toHaveURL(/\/clusters\/local\/consumer-groups$/);
  const described = await admin.describeGroups([GROUPS.remove]);
  expect(described.groups[0]?.state).toBe("Dead");
  expect(Object.values(await committed(GROUPS.remove)).every((o) => o === -1)).toBe(true);
  expect(await latestAudit(request, GROUPS.remove)).toMatchObject({
    action: "group.delete",
    outcome: "ok",
    before: [entry(ORDERS, 0, 3)],
    after: [],
  });
  // The list, once loaded (the other groups are there), no longer has the deleted group.
  await expect(page.getByRole("link", { name: GROUPS.reset, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: GROUPS.remove, exact: true })).toHaveCount(0);
});

test("a group with an active member can be previewed but not changed", async ({ page, request }) => {
  const consumer = kafka.consumer({ groupId: GROUPS.active, maxWaitTimeInMs: 100, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [ORDERS] });
  await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
  try {
    await expect
      .poll(async () => (await admin.describeGroups([GROUPS.active])).groups[0]?.state, { timeout: 20_000 })
      .toBe("Stable");
    await openGroup(page, GROUPS.active);
    await expect(page.getByTestId("group-actions-active")).toContainText("1 active member");
    await expect(page.getByRole("button", { name: "Delete group…" })).toBeDisabled();
    await page.getByRole("button", { name: "Reset offsets…" }).click();
    const dialog = page.getByTestId("reset-dialog");
    await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
    await expect(dialog.getByRole("alert")).toContainText("Stop its consumers");
    await expect(dialog.getByTestId("reset-apply")).toBeDisabled();
    const refused = await request.post(`/api/clusters/local/consumer-groups/${GROUPS.active}/offsets`, {
      data: { to: "earliest" },
    });
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "group_active",
      message: expect.stringMatching(/has 1 active member .* Stop its consumers/),
    });
    expect((await committed(GROUPS.active))[`${ORDERS}:0`]).toBe(4);
  } finally {
    await consumer.disconnect();
  }
});

test("a read-only cluster offers no group action", async ({ page, request }) => {
  expect((await request.patch("/api/clusters/local", { data: { readOnly: true } })).status()).toBe(200);
  try {
    await openGroup(page, GROUPS.reset);
    await expect(page.getByTestId("group-actions-read-only")).toContainText("marked read-only");
    for (const name of ["Reset offsets…", "Restore previous offsets…", "Delete a topic's offsets…", "Delete group…"]) {
      await expect(page.getByRole("button", { name })).toBeDisabled();
    }
    const refused = await request.post(`/api/clusters/local/consumer-groups/${GROUPS.reset}/offsets`, {
      data: { to: "earliest" },
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("read_only");
    expect(await committed(GROUPS.reset)).toMatchObject({ [`${ORDERS}:0`]: RECORDS, [`${ORDERS}:1`]: 5 });
  } finally {
    await request.patch("/api/clusters/local", { data: { readOnly: false } });
  }
});
