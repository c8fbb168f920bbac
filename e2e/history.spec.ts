import { expect, test } from "@playwright/test";
import { E2E_BROKERS, E2E_SAMPLE_INTERVAL_MS } from "./environment";
import { SEED, seedCluster } from "./seed";

/**
 * Lag history against the e2e server, whose sampler reads the embedded cluster every
 * E2E_SAMPLE_INTERVAL_MS: the group page charts the sampled lag with the catch-up estimate, and a
 * lag alert highlights the group in the list and on the overview.
 */
/** The seed commits 1 of 4 records on partition 0 and all 4 on partition 1. */
const SEEDED_LAG = 3;

test.describe.configure({ mode: "serial", timeout: 60_000 });

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  await seedCluster(E2E_BROKERS);
  // At least two samples of the seeded group, so rates and the estimate exist.
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/clusters/local/consumer-groups/${SEED.group}/lag-history`);
        const body = (await response.json()) as { total?: { lag: { last: number } | null }[] };
        return (body.total ?? []).filter((p) => p.lag?.last === SEEDED_LAG).length;
      },
      { timeout: 60_000, intervals: [E2E_SAMPLE_INTERVAL_MS] },
    )
    .toBeGreaterThanOrEqual(2);
});

test("the group page charts the sampled lag with the catch-up estimate", async ({ page }) => {
  await page.goto(`/clusters/local/consumer-groups/${SEED.group}`);
  const history = page.getByTestId("lag-history");
  await expect(history.getByRole("heading", { name: "Lag history" })).toBeVisible();
  const chart = history.getByTestId("lag-chart");
  await expect.poll(async () => Number(await chart.getAttribute("data-samples"))).toBeGreaterThanOrEqual(2);
  await expect(chart.locator(".recharts-line-curve")).toHaveCount(1);
  // Nothing is produced or consumed: the backlog of 3 is not shrinking.
  await expect(history.getByTestId("catch-up-estimate")).toContainText("not catching up");
  await expect(history.getByTestId("lag-trend")).toContainText("stable");
  await expect(history.getByTestId("time-lag-chart")).toBeVisible();
  await expect(history.getByTestId("sampler-note")).toContainText("Last sample");

  // The per-topic breakdown stacks the group's topics; the range picker is keyboard-reachable.
  await history.getByLabel("By topic (stacked)").check();
  await expect(chart.locator(".recharts-area")).toHaveCount(1);
  const sixHours = history.getByTestId("time-range").getByRole("radio", { name: "6 h", exact: true });
  await sixHours.focus();
  await page.keyboard.press("Enter");
  await expect(sixHours).toHaveAttribute("aria-checked", "true");
  // 6 h are drawn in 30-s steps: the few seconds sampled so far fill at least one.
  await expect(history.getByText("every sample")).toBeVisible();
  await expect.poll(async () => Number(await chart.getAttribute("data-samples"))).toBeGreaterThanOrEqual(1);
});

test("a lag alert highlights the group in the list and on the overview", async ({ page, request }) => {
  await page.goto(`/clusters/local/consumer-groups/${SEED.group}`);
  const form = page.getByTestId("lag-alert-form");
  await form.getByLabel("Lag above (records)").fill("1");
  await form.getByRole("button", { name: "Save alert" }).click();
  await expect(form.getByRole("status")).toHaveText("Alert saved.");

  await page.goto("/clusters/local/consumer-groups");
  const row = page.getByRole("table", { name: "Consumer groups" }).locator("tbody tr", { hasText: SEED.group });
  await expect(row.getByTestId("lag-alert-badge")).toBeVisible();
  await page.goto("/clusters/local");
  await expect(page.getByTestId("lag-alerts-over")).toContainText(SEED.group);

  const removed = await request.delete(`/api/clusters/local/consumer-groups/${SEED.group}/lag-alert`);
  expect(removed.status()).toBe(204);
});
