import { loadConfig, type PierConfig } from "../config/env";
import { getDb, type Db } from "../db/client";
import { syncConfiguredClusters } from "../db/clusters";

/**
 * What every server-side part of the console needs: the validated configuration and the migrated
 * database with the configured clusters registered. Built once per process (kept on globalThis
 * because Next may load this module in several bundles).
 */
export interface ConsoleContext {
  config: PierConfig;
  db: Db;
}

const store = globalThis as unknown as { pierConsole?: Promise<ConsoleContext> };

async function build(): Promise<ConsoleContext> {
  const config = loadConfig();
  const db = await getDb(config.dataDir);
  await syncConfiguredClusters(db, config);
  return { config, db };
}

export function getConsoleContext(): Promise<ConsoleContext> {
  store.pierConsole ??= build().catch((error: unknown) => {
    store.pierConsole = undefined;
    throw error;
  });
  return store.pierConsole;
}
