import { embeddedDataDir, type PierConfig } from "../config/env";
import type { EngineLogger } from "./broker/logger";
import type { EmbeddedClusterOptions } from "./cluster/embedded-cluster";

/**
 * The embedded cluster's options from Pier's validated configuration — one mapping for both
 * entry points (`npm start` through the console's server start, and `npm run broker`), so they
 * serve the same brokers, ports and data.
 */
export function embeddedOptionsFromConfig(config: PierConfig, logger: EngineLogger): EmbeddedClusterOptions {
  return {
    host: config.host,
    kafkaPort: config.kafkaPort,
    brokers: config.brokers,
    dataDir: embeddedDataDir(config),
    logger,
    brokerConfig: {
      "auto.create.topics.enable": String(config.autoCreateTopics),
      "group.initial.rebalance.delay.ms": String(config.groupInitialRebalanceDelayMs),
    },
  };
}
