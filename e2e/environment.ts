import { existsSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * The environment of the console that e2e tests run against: its own port, broker ports and a
 * fresh data directory under test-results/, removed when this module loads (once per run).
 */
export const E2E_PORT = 3107;
export const E2E_KAFKA_PORT = 19192;
export const E2E_DATA_DIR = path.resolve("test-results/e2e-data");
export const E2E_EXTERNAL_CLUSTER = { name: "unreachable", bootstrap: "127.0.0.1:1" };

if (!process.env.PIER_E2E_KEEP_DATA) rmSync(E2E_DATA_DIR, { recursive: true, force: true });

export const E2E_ENV: Record<string, string> = {
  PORT: String(E2E_PORT),
  PIER_HOST: "127.0.0.1",
  PIER_DATA_DIR: E2E_DATA_DIR,
  PIER_KAFKA_PORT: String(E2E_KAFKA_PORT),
  PIER_BROKERS: "3",
  PIER_CLUSTERS: `${E2E_EXTERNAL_CLUSTER.name}=${E2E_EXTERNAL_CLUSTER.bootstrap}`,
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
