/**
 * Stand-alone entry (`npm run broker`): starts the embedded cluster from the environment
 * (lib/config/env.ts: PIER_HOST, PIER_KAFKA_PORT, PIER_BROKERS, PIER_DATA_DIR — data under
 * PIER_DATA_DIR/kafka — and PIER_AUTO_CREATE_TOPICS) and stops it cleanly on SIGTERM/SIGINT.
 */
import { ConfigError, loadConfig } from "../config/env";
import { embeddedOptionsFromConfig } from "./from-config";
import { startEmbeddedCluster } from "./index";

const logger = {
  debug: () => {},
  info: (message: string) => console.log(`[pier-broker] ${message}`),
  warn: (message: string) => console.warn(`[pier-broker] ${message}`),
  error: (message: string) => console.error(`[pier-broker] ${message}`),
};

async function main(): Promise<void> {
  const config = loadConfig();
  const cluster = await startEmbeddedCluster(embeddedOptionsFromConfig(config, logger));
  logger.info(`cluster ${cluster.clusterId} ready: ${cluster.bootstrapServers.join(",")}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    cluster.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`stop failed: ${(err as Error).stack ?? String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError ? err.message : `[pier-broker] failed to start: ${(err as Error).stack ?? String(err)}`,
  );
  process.exit(1);
});
