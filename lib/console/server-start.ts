import { ConfigError, type PierConfig } from "../config/env";
import { closeAllClusterClients } from "../admin";
import { publishEmbeddedCluster } from "../admin/embedded-control";
import { startEmbeddedCluster, type EmbeddedCluster } from "../engine";
import { embeddedOptionsFromConfig } from "../engine/from-config";
import { getConsoleContext } from "./context";
import { startHistorySampler, stopHistorySampler } from "./history-sampler";

const store = globalThis as unknown as {
  pierServerStarted?: Promise<void>;
  pierEmbeddedCluster?: Promise<EmbeddedCluster>;
};

/**
 * Starts the embedded cluster once per process (PIER_EMBEDDED=1), with brokers on
 * PIER_KAFKA_PORT + n, and stops it (flushing its logs) on SIGTERM / SIGINT.
 */
function startEmbedded(config: PierConfig): Promise<EmbeddedCluster> {
  const logger = {
    debug: () => {},
    info: (m: string) => console.log(`pier: ${m}`),
    warn: console.warn,
    error: console.error,
  };
  store.pierEmbeddedCluster ??= startEmbeddedCluster(embeddedOptionsFromConfig(config, logger)).then((cluster) => {
    // The brokers page's stop/start reaches it through lib/admin/embedded-control.ts.
    publishEmbeddedCluster(cluster);
    const stop = (signal: NodeJS.Signals) => {
      // The sampler first: its round in progress needs the cluster and the database.
      publishEmbeddedCluster(undefined);
      void stopHistorySampler()
        .then(() => Promise.all([cluster.stop(), closeAllClusterClients()]))
        .finally(() => process.kill(process.pid, signal));
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
    return cluster;
  });
  return store.pierEmbeddedCluster;
}

/**
 * Start-up of the console's server process, guarded by a globalThis singleton so a second call
 * (Next may evaluate instrumentation more than once) is a no-op. A configuration error ends the
 * process with the message instead of serving a console that cannot work; so does an embedded
 * cluster that cannot start (e.g. its ports are taken).
 */
export function startConsoleServer(): Promise<void> {
  store.pierServerStarted ??= (async () => {
    try {
      const { config } = await getConsoleContext();
      if (config.embedded) await startEmbedded(config);
      await startHistorySampler();
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(`pier: ${error.message}`);
        process.exit(1);
      }
      console.error(
        `pier: the embedded cluster could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    }
  })();
  return store.pierServerStarted;
}
