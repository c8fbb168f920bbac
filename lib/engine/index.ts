/**
 * The embedded Kafka-compatible engine: start a cluster of brokers in this process.
 * See lib/engine/cluster/embedded-cluster.ts.
 */
export { EmbeddedCluster, startEmbeddedCluster } from "./cluster/embedded-cluster";
export type { BrokerExtension, EmbeddedBroker, EmbeddedClusterOptions } from "./cluster/embedded-cluster";
export type { EngineLogger } from "./broker/logger";
export type { ApiHandler } from "./server/api-handler";
export { CONNECTION_IDLE_TIMEOUT_MS_DEFAULT, MAX_CONNECTIONS_DEFAULT, MAX_FRAME_BYTES_DEFAULT } from "./server/limits";
