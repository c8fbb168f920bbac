import type { ClusterConnectionSettings } from "./connection-settings";
import { KafkaClusterClient, type ClusterClient } from "./cluster-client";

/**
 * One ClusterClient per registered cluster, per process (on globalThis: Next may load this module
 * in several bundles). Connections that stay unused for CLIENT_IDLE_MS are closed by a sweep
 * (cached figures stay); a cluster whose settings change gets a new client.
 */
export const CLIENT_IDLE_MS = 5 * 60_000;
export const IDLE_SWEEP_INTERVAL_MS = 60_000;

interface PoolEntry {
  key: string;
  client: KafkaClusterClient;
}

interface PoolStore {
  pierClusterClients?: Map<string, PoolEntry>;
  pierClusterSweep?: NodeJS.Timeout;
}
const store = globalThis as unknown as PoolStore;

function entries(): Map<string, PoolEntry> {
  store.pierClusterClients ??= new Map();
  if (!store.pierClusterSweep) {
    store.pierClusterSweep = setInterval(() => void sweepIdle(CLIENT_IDLE_MS), IDLE_SWEEP_INTERVAL_MS);
    store.pierClusterSweep.unref();
  }
  return store.pierClusterClients;
}

/** The pooled client of a cluster, created on first use or when its settings changed. */
export function clusterClient(settings: ClusterConnectionSettings): ClusterClient {
  const key = JSON.stringify(settings);
  const pool = entries();
  const existing = pool.get(settings.id);
  if (existing?.key === key) return existing.client;
  if (existing) void existing.client.close();
  const client = new KafkaClusterClient(settings);
  pool.set(settings.id, { key, client });
  return client;
}

/** Closes and forgets the client of a cluster (it was removed or edited). */
export async function releaseClusterClient(id: string): Promise<void> {
  const pool = entries();
  const entry = pool.get(id);
  pool.delete(id);
  await entry?.client.close();
}

export async function sweepIdle(idleMs: number): Promise<void> {
  await Promise.all([...entries().values()].map((e) => e.client.closeIdleConnections(idleMs)));
}

/** Closes every pooled client (process shutdown, tests). */
export async function closeAllClusterClients(): Promise<void> {
  const pool = entries();
  const all = [...pool.values()];
  pool.clear();
  if (store.pierClusterSweep) clearInterval(store.pierClusterSweep);
  store.pierClusterSweep = undefined;
  await Promise.all(all.map((e) => e.client.close()));
}
