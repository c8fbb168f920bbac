import { expect, test } from "@playwright/test";
import { E2E_EXTERNAL_CLUSTER, E2E_KAFKA_PORT } from "./environment";

test("the home page lists the registered clusters, embedded first", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Clusters" })).toBeVisible();
  const rows = page.getByRole("table", { name: "Registered clusters" }).locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("local");
  await expect(rows.nth(0)).toContainText("embedded");
  await expect(rows.nth(0)).toContainText(
    `127.0.0.1:${E2E_KAFKA_PORT}, 127.0.0.1:${E2E_KAFKA_PORT + 1}, 127.0.0.1:${E2E_KAFKA_PORT + 2}`,
  );
  await expect(rows.nth(1)).toContainText(E2E_EXTERNAL_CLUSTER.name);
  await expect(rows.nth(1)).toContainText("external");
});

test("a cluster opens in the console frame and the switcher moves between clusters", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "local" }).click();
  await expect(page).toHaveURL(/\/clusters\/local$/);
  await expect(page.getByRole("heading", { name: "local" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Cluster sections" }).getByRole("link", { name: "Overview" }),
  ).toHaveAttribute("aria-current", "page");
  await page.getByLabel("Cluster", { exact: true }).selectOption(E2E_EXTERNAL_CLUSTER.name);
  await expect(page).toHaveURL(new RegExp(`/clusters/${E2E_EXTERNAL_CLUSTER.name}$`));
  await expect(page.getByTestId("bootstrap-servers")).toHaveText(E2E_EXTERNAL_CLUSTER.bootstrap);
});

test("an unknown cluster is a not-found page", async ({ page }) => {
  const response = await page.goto("/clusters/no-such-cluster");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("GET /api/clusters returns the registry as JSON", async ({ request }) => {
  const response = await request.get("/api/clusters");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { clusters: { id: string; kind: string }[] };
  expect(body.clusters.map((c) => [c.id, c.kind])).toEqual([
    ["local", "embedded"],
    [E2E_EXTERNAL_CLUSTER.name, "external"],
  ]);
});

/** Lightness 0..1 of a computed CSS colour (Chromium reports Tailwind v4's colours as lab, oklch or rgb). */
function lightness(color: string): number {
  const oklch = /^oklch\(([\d.]+)(%?)/.exec(color);
  if (oklch) return Number(oklch[1]) / (oklch[2] === "%" ? 100 : 1);
  const lab = /^lab\(([\d.]+)/.exec(color);
  if (lab) return Number(lab[1]) / 100;
  const rgb = /^rgba?\((\d+), (\d+), (\d+)/.exec(color);
  if (rgb) return (Number(rgb[1]) + Number(rgb[2]) + Number(rgb[3])) / (3 * 255);
  throw new Error(`unexpected colour ${color}`);
}

for (const scheme of ["light", "dark"] as const) {
  test(`the ${scheme} theme follows the system`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await page.goto("/");
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (scheme === "dark") expect(lightness(background)).toBeLessThan(0.3);
    else expect(lightness(background)).toBeGreaterThan(0.9);
    await context.close();
  });
}
