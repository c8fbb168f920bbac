import { listClusters } from "../db/clusters";
import { HistorySampler } from "../history/sampler";
import { registeredCluster, type RegisteredCluster } from "./clusters";
import { getConsoleContext } from "./context";

/**
 * The console process's one lag-history sampler (on globalThis: Next may load this module in
 * several bundles), sampling every registered cluster every PIER_SAMPLE_INTERVAL_MS.
 */
const store = globalThis as unknown as { pierHistorySampler?: HistorySampler };

export async function startHistorySampler(): Promise<HistorySampler> {
  if (store.pierHistorySampler) return store.pierHistorySampler;
  const { config, db } = await getConsoleContext();
  const sampler = new HistorySampler({
    db,
    intervalMs: config.sampleIntervalMs,
    clusters: async () => {
      const found = await Promise.all((await listClusters(db)).map((c) => registeredCluster(c.id)));
      return found
        .filter((c): c is RegisteredCluster => c !== undefined)
        .map((c) => ({ id: c.record.id, client: c.client }));
    },
    log: (message) => console.warn(`pier: ${message}`),
  });
  store.pierHistorySampler ??= sampler;
  store.pierHistorySampler.start();
  return store.pierHistorySampler;
}

/** Stops the sampler (process shutdown), waiting for a round in progress. */
export async function stopHistorySampler(): Promise<void> {
  const sampler = store.pierHistorySampler;
  store.pierHistorySampler = undefined;
  await sampler?.stop();
}
