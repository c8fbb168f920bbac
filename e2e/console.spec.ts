import { expect, test } from "@playwright/test";
import kafkajs from "kafkajs";
import { E2E_EXTERNAL_CLUSTER, E2E_BROKERS } from "./environment";
import { SEED, seedCluster } from "./seed";

/**
 * The console's views against the embedded cluster of the e2e server, seeded through kafkajs:
 * every page must show the numbers the seed put there, and the unreachable external cluster must
 * fail clearly without breaking the rest.
 */
const VISIBLE_TOPICS = 2 + SEED.bulkTopics;
const ALL_TOPICS = VISIBLE_TOPICS + 1; // + __consumer_offsets
const SEEDED_PARTITIONS = SEED.orders.partitions + SEED.payments.partitions + SEED.bulkTopics;
const ORDER_MESSAGES = SEED.orders.partitions * SEED.orders.messagesPerPartition;

/**
 * __consumer_offsets as the group coordinator made it (its partition count and the records the
 * seed's offset commit wrote there), read through kafkajs rather than through the console.
 */
async function offsetsTopicFigures(): Promise<{ partitions: number; messages: number }> {
  const kafka = new kafkajs.Kafka({ brokers: E2E_BROKERS, logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets("__consumer_offsets");
    const messages = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    return { partitions: offsets.length, messages };
  } finally {
    await admin.disconnect();
  }
}

test.describe.configure({ mode: "serial", timeout: 60_000 });

/** The console refreshes its metadata snapshot in the background (every 10 s): wait for the seed to show. */
const SNAPSHOT_WAIT_MS = 45_000;

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  await seedCluster(E2E_BROKERS);
  await expect
    .poll(
      async () => {
        const response = await request.get("/api/clusters/local/consumer-groups");
        const groups = (await response.json()) as { value?: { total: number } };
        const topics = (await (await request.get("/api/clusters/local/topics?internal=true")).json()) as {
          value?: { total: number };
        };
        return [topics.value?.total, groups.value?.total];
      },
      { timeout: SNAPSHOT_WAIT_MS, intervals: [1_000] },
    )
    .toEqual([ALL_TOPICS, 1]);
});

test("the overview shows the seeded cluster's figures", async ({ page }) => {
  const internal = await offsetsTopicFigures();
  await page.goto("/clusters/local");
  await expect(page.getByTestId("stat-brokers-online")).toContainText("3");
  await expect(page.getByTestId("stat-topics")).toContainText(String(ALL_TOPICS));
  await expect(page.getByTestId("stat-topics")).toContainText("(1 internal)");
  await expect(page.getByTestId("stat-partitions").locator("[data-value]")).toHaveAttribute(
    "data-value",
    String(SEEDED_PARTITIONS + internal.partitions),
  );
  // The coordinator may still be writing the seed group's last records (its LeaveGroup) while the
  // console shows a snapshot up to one refresh old: poll both until they agree.
  const messages = page.getByTestId("stat-messages").locator("[data-value]");
  await expect
    .poll(
      async () => {
        const expected = ORDER_MESSAGES + (await offsetsTopicFigures()).messages;
        return (await messages.getAttribute("data-value")) === String(expected);
      },
      { timeout: SNAPSHOT_WAIT_MS, intervals: [2_000] },
    )
    .toBe(true);
  await expect(page.getByTestId("stat-controller")).toContainText("broker");
  await expect(page.getByTestId("stat-size").locator("[data-value]")).not.toHaveAttribute("data-value", "");
  await expect(page.getByRole("heading", { name: "Problems" })).toBeVisible();
  await expect(page.getByTestId("freshness")).toBeVisible();
});

test("the brokers page lists every broker with its leaders", async ({ page }) => {
  await page.goto("/clusters/local/brokers");
  const rows = page.getByRole("table", { name: "Brokers" }).locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(page.getByRole("table", { name: "Brokers" }).getByText("controller", { exact: true })).toHaveCount(1);
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/clusters\/local\/brokers\/0$/);
  await expect(page.getByRole("heading", { name: "Broker 0" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Broker configs" })).toContainText("broker.id");
});

test("the topic list pages on the server, hides internal topics and virtualizes long pages", async ({ page }) => {
  await page.goto("/clusters/local/topics");
  await expect(page.getByTestId("pager-status")).toContainText(`${VISIBLE_TOPICS} topics`);
  const table = page.getByRole("table", { name: "Topics" });
  const rendered = await table.locator("tbody tr[data-row-index]").count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(VISIBLE_TOPICS);
  await page.getByLabel("Show internal topics").check();
  await expect(page.getByTestId("pager-status")).toContainText(`${ALL_TOPICS} topics`);
  await page.getByLabel("Show internal topics").uncheck();
  await page.getByLabel("Search topics").fill("e2e-orders");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  const row = table.locator("tbody tr").first();
  await expect(row).toContainText(String(SEED.orders.partitions));
  await expect(row.locator("td").nth(6).locator("[data-value]")).toHaveAttribute("data-value", String(ORDER_MESSAGES));
  await expect(row.locator("td").nth(7)).toHaveText("1"); // one consumer group
  await expect(page).toHaveURL(/q=e2e-orders/);
});

test("topic rows are keyboard-navigable and sortable", async ({ page }) => {
  await page.goto("/clusters/local/topics?q=e2e-");
  const table = page.getByRole("table", { name: "Topics" });
  await table.getByRole("button", { name: /Messages/ }).click();
  await expect(table.locator("tbody tr").first()).toContainText(SEED.orders.name);
  await table.locator("tbody tr").first().focus();
  await page.keyboard.press("ArrowDown");
  const second = (await table.locator("tbody tr").nth(1).locator("td").first().innerText()).trim();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/topics/${second}$`));
});

test("a topic shows its partitions, consumer groups with lag, and configs", async ({ page }) => {
  await page.goto(`/clusters/local/topics/${SEED.orders.name}`);
  await expect(page.getByRole("heading", { name: SEED.orders.name })).toBeVisible();
  await expect(page.getByTestId("stat-topic-messages").locator("[data-value]")).toHaveAttribute(
    "data-value",
    String(ORDER_MESSAGES),
  );
  await expect(page.getByTestId("stat-topic-rf")).toContainText(String(SEED.orders.replicationFactor));
  const partitions = page.getByRole("table", { name: "Partitions" }).locator("tbody tr");
  await expect(partitions).toHaveCount(SEED.orders.partitions);
  await expect(partitions.first().locator("td").nth(8).locator("[data-value]")).toHaveAttribute(
    "data-value",
    String(SEED.orders.messagesPerPartition),
  );
  const consumers = page.getByRole("table", { name: "Consumer groups of this topic" });
  await expect(consumers.locator("tbody tr")).toHaveCount(1);
  await expect(consumers.locator("tbody tr").first()).toContainText(SEED.group);
  await expect(consumers.locator("tbody tr").first().locator("td").nth(4).locator("[data-value]")).toHaveAttribute(
    "data-value",
    "3",
  );
  await expect(page.getByRole("table", { name: "Topic configs" })).toContainText("cleanup.policy");
});

test("consumer groups show lag, time lag and partitions without a commit", async ({ page }) => {
  await page.goto("/clusters/local/consumer-groups");
  const table = page.getByRole("table", { name: "Consumer groups" });
  const row = table.locator("tbody tr", { hasText: SEED.group });
  await expect(row).toHaveCount(1);
  await expect(row.locator("td").nth(4).locator("[data-value]")).toHaveAttribute("data-value", "3");
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: SEED.group })).toBeVisible();
  await expect(page.getByTestId("stat-group-lag").locator("[data-value]")).toHaveAttribute("data-value", "3");
  await expect(page.getByTestId("stat-group-time-lag")).toContainText(/^Time lag\s*(1 h 59 min|2 h)/);
  const offsets = page.getByRole("table", { name: "Offsets" }).locator("tbody tr");
  await expect(offsets).toHaveCount(SEED.orders.partitions);
  await expect(offsets.nth(2).locator("[data-flag]")).toHaveAttribute("data-flag", "no_commit");
  await expect(page.locator('[data-flag-explanation="no_commit"]')).toContainText("auto.offset.reset");
});

test("an unreachable cluster shows a clear error and the rest keeps working", async ({ page, request }) => {
  await page.goto(`/clusters/${E2E_EXTERNAL_CLUSTER.name}`);
  const alert = page.locator("[role=alert][data-error-code]");
  await expect(alert).toContainText("The cluster could not be read");
  await expect(alert).toContainText(`${E2E_EXTERNAL_CLUSTER.bootstrap}: connection refused`);
  await page.getByRole("navigation", { name: "Cluster sections" }).getByRole("link", { name: "Topics" }).click();
  await expect(page.locator("[role=alert][data-error-code]")).toContainText("The topics could not be read");
  const api = await request.get(`/api/clusters/${E2E_EXTERNAL_CLUSTER.name}/overview`);
  expect(api.status()).toBe(502);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe("unreachable");
  await page.getByLabel("Cluster", { exact: true }).selectOption("local");
  await expect(page.getByTestId("stat-brokers-online")).toContainText("3");
});

test("a cluster is registered, tested and removed from the console", async ({ page, request }) => {
  await page.goto("/clusters/local/settings");
  const form = page.getByRole("form", { name: "Register a cluster" });
  await form.getByLabel("Name").fill("e2e-extra");
  await form.getByLabel("Bootstrap servers").fill("127.0.0.1:2");
  await form.getByRole("button", { name: "Test connection" }).click();
  await expect(form.getByRole("status")).toContainText("connection refused");
  await form.getByRole("button", { name: "Register" }).click();
  await expect(page).toHaveURL(/\/clusters\/e2e-extra$/);
  await expect(page.locator("[role=alert][data-error-code]")).toContainText("127.0.0.1:2");
  await page.getByRole("navigation", { name: "Cluster sections" }).getByRole("link", { name: "Connection" }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Remove this cluster" }).click();
  await expect(page).toHaveURL(/\/$/);
  const clusters = (await (await request.get("/api/clusters")).json()) as { clusters: { id: string }[] };
  expect(clusters.clusters.map((c) => c.id)).not.toContain("e2e-extra");
});
