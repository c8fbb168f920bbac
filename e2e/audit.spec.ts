import { expect as baseExpect, test } from "@playwright/test";
import kafkajs from "kafkajs";
import { E2E_BROKERS } from "./environment";

/**
 * The audit log page and the safety switches: entries of applied and refused changes, filtered
 * in the browser; a cluster marked read-only on its settings page (banner, disabled buttons, 403
 * from the API, nothing changed on the cluster as kafkajs sees it); and cross-site calls refused.
 * PIER_READ_ONLY=1 needs a restart of the server, so the API tests cover it
 * (lib/console/topic-actions.test.ts).
 */
const TOPIC = "e2e-audit-topic";

test.describe.configure({ mode: "serial", timeout: 60_000 });
/** Pages wait on the console's snapshot and groups refresh: generous on a loaded machine, never a fixed sleep. */
const expect = baseExpect.configure({ timeout: 15_000 });

let admin: kafkajs.Admin;

test.beforeAll(async () => {
  admin = new kafkajs.Kafka({ brokers: E2E_BROKERS, logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
});

test.afterAll(async ({ request }) => {
  await request.patch("/api/clusters/local", { data: { readOnly: false } });
  if ((await admin.listTopics()).includes(TOPIC)) await admin.deleteTopics({ topics: [TOPIC] });
  await admin.disconnect();
});

test("lists applied and refused changes, filtered by outcome and target, with their details", async ({
  page,
  request,
}) => {
  const created = await request.post("/api/clusters/local/topics", {
    data: { name: TOPIC, partitions: 2, replicationFactor: 1 },
  });
  expect(created.status()).toBe(201);
  const refused = await request.post("/api/clusters/local/topics", {
    data: { name: "e2e-audit-too-many-replicas", partitions: 1, replicationFactor: 9 },
  });
  expect(refused.status()).toBe(400);
  expect(await admin.listTopics()).toContain(TOPIC);
  expect(await admin.listTopics()).not.toContain("e2e-audit-too-many-replicas");

  await page.goto("/clusters/local");
  await page.getByRole("navigation", { name: "Cluster sections" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/clusters\/local\/audit/);
  const rows = page.getByTestId("audit-entry");
  await expect(page.locator(`[data-testid="audit-entry"][data-target="topic:${TOPIC}"]`)).toHaveCount(1);

  await page.getByRole("combobox", { name: "Outcome" }).selectOption("error");
  await page.getByRole("textbox", { name: "Target contains" }).fill("e2e-audit");
  const failed = page.locator('[data-testid="audit-entry"][data-target="topic:e2e-audit-too-many-replicas"]');
  await expect(failed).toHaveCount(1);
  await expect(rows).toHaveCount(1);
  await expect(failed).toHaveAttribute("data-outcome", "error");
  await expect(failed).toContainText("INVALID_REPLICATION_FACTOR");
  await failed.getByText("Parameters, before and after").click();
  await expect(failed).toContainText('"replicationFactor": 9');
  await expect(page).toHaveURL(/outcome=error/);

  await page.getByRole("combobox", { name: "Outcome" }).selectOption("ok");
  await expect(page.locator(`[data-testid="audit-entry"][data-target="topic:${TOPIC}"]`)).toHaveAttribute(
    "data-action",
    "topic.create",
  );
});

test("a cluster marked read-only shows it everywhere and refuses changes", async ({ page, request }) => {
  await page.goto("/clusters/local/settings");
  await page.getByTestId("read-only-switch").check();
  await expect(page.getByTestId("read-only-banner")).toContainText("marked read-only");

  await page.goto("/clusters/local/topics");
  await expect(page.getByTestId("read-only-banner")).toBeVisible();
  await expect(page.getByTestId("action-create-topic")).toBeDisabled();
  await expect(page.getByTestId("action-create-topic")).toHaveAttribute("title", /marked read-only/);
  await page.goto(`/clusters/local/topics/${TOPIC}`);
  for (const id of ["action-add-partitions", "action-edit-configs", "action-purge", "action-delete-topic"]) {
    await expect(page.getByTestId(id)).toBeDisabled();
  }

  const refused = await request.delete(`/api/clusters/local/topics/${TOPIC}`, { data: { confirm: TOPIC } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("read_only");
  expect(await admin.listTopics()).toContain(TOPIC);

  await page.goto("/clusters/local/settings");
  await page.getByTestId("read-only-switch").uncheck();
  await expect(page.getByTestId("read-only-banner")).toBeHidden();
  const entries = (await (await request.get("/api/clusters/local/audit?action=cluster.")).json()) as {
    entries: { action: string; after: { readOnly: boolean } }[];
  };
  expect(entries.entries.slice(0, 2).map((e) => e.after.readOnly)).toEqual([false, true]);
});

test("refuses cross-site calls and changes nothing", async ({ request }) => {
  const refused = await request.delete(`/api/clusters/local/topics/${TOPIC}`, {
    data: { confirm: TOPIC },
    headers: { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string; message: string } }).error.code).toBe("cross_origin");
  expect(await admin.listTopics()).toContain(TOPIC);
  const deleted = await request.delete(`/api/clusters/local/topics/${TOPIC}`, { data: { confirm: TOPIC } });
  expect(deleted.status()).toBe(200);
  expect(await admin.listTopics()).not.toContain(TOPIC);
});
