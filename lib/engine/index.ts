/**
 * The embedded Kafka-compatible engine: start a cluster of brokers in this process.
 * See lib/engine/cluster/embedded-cluster.ts.
 *
 * The embedded-only control interface the console uses lives on EmbeddedCluster:
 * brokerStates(), stopImpact(id), stopBroker(id, { mode: "clean" | "crash" }), startBroker(id);
 * refusals are ClusterControlError with a `code`.
 */
export { ClusterControlError, EmbeddedCluster, startEmbeddedCluster } from "./cluster/embedded-cluster";
export type {
  BrokerExtension,
  BrokerRunState,
  BrokerStatus,
  BrokerStopMode,
  EmbeddedBroker,
  EmbeddedClusterOptions,
  PartitionRef,
  StopImpact,
} from "./cluster/embedded-cluster";
export type { EngineLogger } from "./broker/logger";
export type { ApiHandler } from "./server/api-handler";
export { CONNECTION_IDLE_TIMEOUT_MS_DEFAULT, MAX_CONNECTIONS_DEFAULT, MAX_FRAME_BYTES_DEFAULT } from "./server/limits";
