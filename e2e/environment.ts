import { existsSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * The environment of the console that e2e tests run against: its own port, broker ports and a
 * fresh data directory under test-results/, removed when this module loads (once per run).
 */
/** PIER_E2E_PORT / PIER_E2E_KAFKA_PORT move the e2e console and brokers, e.g. beside a running console. */
export const E2E_PORT = Number(process.env.PIER_E2E_PORT ?? 3107);
export const E2E_KAFKA_PORT = Number(process.env.PIER_E2E_KAFKA_PORT ?? 19192);
/** The bootstrap addresses of the three e2e brokers. */
export const E2E_BROKERS = [0, 1, 2].map((n) => `127.0.0.1:${E2E_KAFKA_PORT + n}`);
/** PIER_E2E_DATA_DIR moves the data directory, so two e2e runs can share a checkout. */
export const E2E_DATA_DIR = path.resolve(process.env.PIER_E2E_DATA_DIR ?? "test-results/e2e-data");
export const E2E_SAMPLE_INTERVAL_MS = 2_000;
export const E2E_EXTERNAL_CLUSTER = { name: "unreachable", bootstrap: "127.0.0.1:1" };

// Playwright loads this module in its runner and again in every worker (test files import it):
// only the first load may clear the directory, or a worker would delete the running server's
// database and broker logs. Workers inherit the runner's environment, so the flag reaches them.
if (!process.env.PIER_E2E_KEEP_DATA) {
  rmSync(E2E_DATA_DIR, { recursive: true, force: true });
  process.env.PIER_E2E_KEEP_DATA = "1";
}

export const E2E_ENV: Record<string, string> = {
  PORT: String(E2E_PORT),
  PIER_HOST: "127.0.0.1",
  PIER_DATA_DIR: E2E_DATA_DIR,
  PIER_KAFKA_PORT: String(E2E_KAFKA_PORT),
  PIER_BROKERS: "3",
  PIER_CLUSTERS: `${E2E_EXTERNAL_CLUSTER.name}=${E2E_EXTERNAL_CLUSTER.bootstrap}`,
  // Groups the tests create (kafkajs' admin.setOffsets joins the group) need not wait 3 s.
  PIER_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
  // Lag history fills within seconds (the default is 30 s).
  PIER_SAMPLE_INTERVAL_MS: String(E2E_SAMPLE_INTERVAL_MS),
};

/** Debian's Chromium by default; PIER_CHROMIUM_PATH points elsewhere (e.g. Playwright's own build). */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

export function chromiumPath(): string {
  return process.env.PIER_CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
}

export function chromiumMissingMessage(): string | undefined {
  const file = chromiumPath();
  if (existsSync(file)) return undefined;
  return (
    `Chromium was not found at ${file}. The end-to-end tests drive Debian's Chromium: ` +
    `install the package "chromium" (sudo apt-get install -y chromium), ` +
    `or set PIER_CHROMIUM_PATH to another Chromium or Chrome binary.`
  );
}
