import { defineConfig } from "@playwright/test";
import { chromiumPath, E2E_ENV, E2E_PORT } from "./e2e/environment";

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against `next start`
 * with its own data directory and ports, so a console running on the defaults is not disturbed.
 * `npm test` builds first; `npm run test:e2e` alone expects a build.
 */
export default defineConfig({
  testDir: "./e2e",
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  outputDir: process.env.PIER_E2E_OUTPUT_DIR ?? "test-results/playwright",
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `node_modules/.bin/next start -p ${E2E_PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${E2E_PORT}/api/health`,
    env: { ...E2E_ENV, NEXT_TELEMETRY_DISABLED: "1" },
    reuseExistingServer: false,
    timeout: 90_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
