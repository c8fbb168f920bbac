import { expect, test, type Page } from "@playwright/test";
import kafkajs from "kafkajs";
import { E2E_BROKERS } from "./environment";

/**
 * The Messages view against the e2e server's embedded cluster: records produced through kafkajs
 * (JSON, binary, a large one, a headers-only tombstone, plain text) are browsed from every start
 * position, searched with the filter language, tailed live, and a record produced from the UI is
 * read back through kafkajs.
 */
const TOPIC = "e2e-messages";
/** Whole seconds, a minute ago: recent enough for retention, exact in a datetime-local input. */
const T0 = Math.floor((Date.now() - 60_000) / 1000) * 1000;
const LARGE_BYTES = 100_000;
const kafka = new kafkajs.Kafka({
  brokers: E2E_BROKERS,
  clientId: "pier-e2e-messages",
  logLevel: kafkajs.logLevel.NOTHING,
});

test.describe.configure({ mode: "serial", timeout: 60_000 });
test.use({ timezoneId: "UTC" });

test.beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 2 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const at = (ms: number) => String(T0 + ms);
  await producer.send({
    topic: TOPIC,
    messages: [
      { partition: 0, key: "json-1", value: JSON.stringify({ kind: "order", id: 1 }), timestamp: at(0) },
      { partition: 0, key: "bin", value: Buffer.from([0, 1, 2, 255, 254]), timestamp: at(1000) },
      { partition: 0, key: "large", value: "L".repeat(LARGE_BYTES), timestamp: at(2000) },
      { partition: 0, key: "headers-only", value: null, headers: { trace: "abc-123" }, timestamp: at(3000) },
      { partition: 0, key: "text-4", value: "plain error text", timestamp: at(4000) },
      ...[0, 1, 2, 3, 4].map((i) => ({
        partition: 1,
        key: `p1-${i}`,
        value: `p1 value ${i}`,
        timestamp: at(500 + i * 1000),
      })),
    ],
  });
  await producer.disconnect();
});

const rows = (page: Page) => page.getByTestId("record-list").locator("[data-record]");

async function browse(page: Page, start: string, fill?: () => Promise<void>) {
  await page.getByLabel("Start").selectOption(start);
  await fill?.();
  await page.getByRole("button", { name: "Browse" }).click();
}

test("browses from the oldest records, merged by timestamp, in every format", async ({ page }) => {
  await page.goto(`/clusters/local/topics/${TOPIC}/messages`);
  await browse(page, "oldest");
  await expect(rows(page)).toHaveCount(10);
  const order = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-record")));
  expect(order).toEqual(["0:0", "1:0", "0:1", "1:1", "0:2", "1:2", "0:3", "1:3", "0:4", "1:4"]);
  await expect(page.locator('[data-record="0:1"] [data-field="value"]')).toHaveText("0x000102fffe");

  await page.locator('[data-record="0:0"]').click();
  const detail = page.getByTestId("record-detail");
  await expect(detail.getByTestId("value-view")).toContainText('"kind": "order"');
  await expect(detail.getByTestId("value-view").locator("details")).toHaveCount(1);
  await detail.getByLabel("Value format").selectOption("hex");
  await expect(detail.getByTestId("value-view")).toContainText("7b 22 6b 69 6e 64");

  await page.locator('[data-record="0:2"]').click();
  await expect(detail).toContainText("Showing the first");
  await detail.getByRole("button", { name: "Load full value" }).click();
  await expect(detail.getByRole("button", { name: "Load full value" })).toHaveCount(0);
  await expect(detail.getByTestId("value-view")).toHaveText("L".repeat(LARGE_BYTES));

  await page.locator('[data-record="0:3"]').click();
  await expect(detail).toContainText("null (tombstone)");
  await expect(detail.getByTestId("header trace-view")).toHaveText("abc-123");
});

test("starts from the newest records, an offset (permalink) and a timestamp", async ({ page }) => {
  await page.goto(`/clusters/local/topics/${TOPIC}/messages`);
  await expect(rows(page)).toHaveCount(10);
  await expect(rows(page).last()).toHaveAttribute("data-record", "1:4");

  await page.goto(`/clusters/local/topics/${TOPIC}/messages?partition=0&offset=3`);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first()).toHaveAttribute("data-record", "0:3");
  await expect(page.getByTestId("record-detail")).toContainText("0 / 3");
  await expect(page.getByTestId("record-detail")).toContainText("abc-123");

  await page.getByLabel("Partitions").fill("");
  await browse(page, "timestamp", () =>
    page.getByLabel("Timestamp (local time)").fill(new Date(T0 + 2000).toISOString().slice(0, 19)),
  );
  await expect(rows(page)).toHaveCount(6);
  await expect(rows(page).first()).toHaveAttribute("data-record", "0:2");
});

test("searches with a filter expression and shows exactly the matches", async ({ page }) => {
  await page.goto(`/clusters/local/topics/${TOPIC}/messages`);
  await page.getByLabel("Filter kind").selectOption("expression");
  await page.getByLabel("Filter text").fill('value contains "error" or headers["trace"] exists');
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("search-status")).toContainText("scanned 10 of 10 records, 2 matches");
  await expect(page.getByTestId("search-status")).toContainText("reached the end");
  const found = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-record")));
  expect(found).toEqual(["0:3", "0:4"]);

  await page.getByLabel("Filter text").fill("value contain");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.locator("[data-error-code=invalid_filter]")).toContainText("Filter error at column 7");
});

test("tails a record produced while watching", async ({ page }) => {
  await page.goto(`/clusters/local/topics/${TOPIC}/messages`);
  await page.getByLabel("Filter text").fill("tailed");
  await page.getByRole("button", { name: "Live tail" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();
  await expect(page.getByText("Waiting for new records…")).toBeVisible();
  const marker = `tailed-${Date.now()}`;
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: [
      { partition: 0, value: "not this one" },
      { partition: 0, value: marker },
    ],
  });
  await producer.disconnect();
  await expect(rows(page)).toHaveCount(1, { timeout: 10_000 });
  await expect(rows(page).first().locator('[data-field="value"]')).toHaveText(marker);
  await page.getByRole("button", { name: "Pause tail" }).click();
  await expect(page.getByRole("button", { name: "Resume tail" })).toBeVisible();
});

/** Reads one record with kafkajs' own Fetch (no consumer group: the embedded engine has none yet). */
async function readWithKafkajs(partition: number, offset: number) {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === "private:Kafka:createCluster")!;
  const createCluster = (kafka as unknown as Record<symbol, (o: object) => KafkajsCluster>)[symbol]!;
  const cluster = createCluster({});
  await cluster.connect();
  try {
    await cluster.addTargetTopic(TOPIC);
    const leaders = cluster.findLeaderForPartitions(TOPIC, [partition]);
    const broker = await cluster.findBroker({ nodeId: Object.keys(leaders)[0]! });
    const answer = await broker.fetch({
      maxWaitTime: 0,
      topics: [{ topic: TOPIC, partitions: [{ partition, fetchOffset: String(offset), maxBytes: 1_048_576 }] }],
    });
    return answer.responses[0]!.partitions[0]!.messages.find((m) => m.offset === String(offset));
  } finally {
    await cluster.disconnect();
  }
}
interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(node: { nodeId: string }): Promise<{
    fetch(request: object): Promise<{
      responses: {
        partitions: {
          messages: { offset: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer> }[];
        }[];
      }[];
    }>;
  }>;
}

test("produces from the UI, and kafkajs reads the record back", async ({ page }) => {
  await page.goto(`/clusters/local/topics/${TOPIC}/messages`);
  await page.getByRole("button", { name: "Produce…" }).click();
  const form = page.getByRole("form", { name: "Produce" });
  await form.getByLabel("Partition", { exact: true }).fill("1");
  await form.getByLabel("Key", { exact: true }).fill("ui-key");
  await form.getByLabel("Value", { exact: true }).fill('{"from":"the ui"}');
  await form.getByLabel("Headers").fill("source: e2e");
  await form.getByLabel("Compression").selectOption("gzip");
  await form.getByRole("button", { name: "Produce" }).click();
  await expect(form.getByRole("status")).toHaveText("Produced 1 record: partition 1 from offset 5.");
  const record = await readWithKafkajs(1, 5);
  expect(record?.key?.toString()).toBe("ui-key");
  expect(record?.value?.toString()).toBe('{"from":"the ui"}');
  expect(record?.headers.source?.toString()).toBe("e2e");

  // Reproduce it: the form is filled from the record, edited, and sent again.
  await page.goto(`/clusters/local/topics/${TOPIC}/messages?partition=1&offset=5`);
  await page.getByTestId("record-detail").getByRole("button", { name: "Reproduce…" }).click();
  const again = page.getByRole("form", { name: "Produce" });
  await expect(again.getByLabel("Key", { exact: true })).toHaveValue("ui-key");
  await again.getByLabel("Value", { exact: true }).fill('{"from":"the ui","again":true}');
  await again.getByRole("button", { name: "Produce" }).click();
  await expect(again.getByRole("status")).toHaveText("Produced 1 record: partition 1 from offset 6.");
  expect((await readWithKafkajs(1, 6))?.value?.toString()).toBe('{"from":"the ui","again":true}');
});
