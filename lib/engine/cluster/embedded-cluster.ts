import fs from "node:fs";
import path from "node:path";
import { silentLogger, type EngineLogger } from "../broker/logger";
import { Controller, type BrokerRegistration } from "../controller/controller";
import { replicaFetcherManager } from "../replication";
import { groupCoordinatorExtension } from "../server/groups/extension";
import {
  BrokerNode,
  type BrokerExtensionFactory,
  type BrokerRunState,
  type BrokerStopMode,
  type EmbeddedBroker,
} from "./broker-node";
import { stopImpact, type StopImpact } from "./stop-impact";

export interface EmbeddedClusterOptions {
  /** Bind address of every listener. */
  host: string;
  /** Broker n listens on kafkaPort + n; 0 = every broker on an ephemeral port (tests). */
  kafkaPort: number;
  /** Number of brokers, ids 0..brokers-1. */
  brokers: number;
  dataDir: string;
  logger?: EngineLogger;
  /** Host published in Metadata; defaults to `host`, or 127.0.0.1 when binding a wildcard. */
  advertisedHost?: string;
  /** Static broker configs (STATIC_BROKER_CONFIG), e.g. { "auto.create.topics.enable": "true" }. */
  brokerConfig?: Record<string, string>;
  /** broker.rack of broker n (published in Metadata and DescribeCluster); default none. */
  racks?: ReadonlyArray<string | null>;
  /** socket.request.max.bytes for every listener. */
  maxFrameBytes?: number;
  maxConnections?: number;
  idleTimeoutMs?: number;
  /**
   * Per-broker add-ons that serve more APIs (e.g. the consumer-group coordinator): called once per
   * broker after its logs are open and before its listener starts; stopped before the broker.
   */
  extensions?: readonly BrokerExtensionFactory[];
}

export type { BrokerExtension, BrokerRunState, BrokerStopMode, EmbeddedBroker } from "./broker-node";
export type { PartitionRef, StopImpact } from "./stop-impact";

/** A broker as the console's control panel shows it. */
export interface BrokerStatus {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  /** Whether this process runs the broker (its listener is open). */
  state: BrokerRunState;
  /** Whether the controller counts it live (unfenced): a crashed broker is "stopped" but live until its session expires. */
  live: boolean;
}

/** A control request the cluster refuses (unknown broker, already stopped...), with a code the console maps to HTTP. */
export class ClusterControlError extends Error {
  constructor(
    readonly code: "UNKNOWN_BROKER" | "BROKER_NOT_RUNNING" | "BROKER_ALREADY_RUNNING" | "CLUSTER_STOPPED",
    message: string,
  ) {
    super(message);
    this.name = "ClusterControlError";
  }
}

/**
 * Brokers of one cluster in one process, sharing one in-process controller, with the
 * embedded-only controls the console uses (stop a broker cleanly or as a crash, start it again,
 * preview what a stop would do).
 */
export class EmbeddedCluster {
  private stopped = false;

  constructor(
    readonly controller: Controller,
    private readonly nodes: readonly BrokerNode[],
    private readonly logger: EngineLogger,
  ) {}

  /** Every broker id's current (or last) incarnation. */
  get brokers(): readonly EmbeddedBroker[] {
    return this.nodes;
  }

  get clusterId(): string {
    return this.controller.clusterId;
  }

  /** "host:port" of every broker, for clients' bootstrap lists. */
  get bootstrapServers(): string[] {
    return this.nodes.map((b) => `${b.host}:${b.port}`);
  }

  brokerStates(): BrokerStatus[] {
    return this.nodes.map((n) => ({
      id: n.id,
      host: n.host,
      port: n.port,
      rack: n.registration.rack,
      state: n.state,
      live: this.controller.isBrokerLive(n.id),
    }));
  }

  /** What stopping broker `id` would do to leadership and replication now. */
  stopImpact(id: number): StopImpact {
    this.node(id);
    return stopImpact(this.controller, id);
  }

  /**
   * Stops broker `id`. "clean": controlled shutdown (leadership moves first), listener closed,
   * logs flushed. "crash": sockets destroyed and logs closed unflushed at once; the controller
   * fences it when its session times out (broker.session.timeout.ms).
   */
  async stopBroker(id: number, options: { mode: BrokerStopMode }): Promise<void> {
    const node = this.node(id);
    if (node.state !== "running") throw new ClusterControlError("BROKER_NOT_RUNNING", `Broker ${id} is not running.`);
    await node.stop(options.mode);
  }

  /** Starts broker `id` again on the same host:port over its log directory (recovering it after a crash). */
  async startBroker(id: number): Promise<void> {
    const node = this.node(id);
    if (node.state === "running")
      throw new ClusterControlError("BROKER_ALREADY_RUNNING", `Broker ${id} is already running.`);
    await node.start();
  }

  /** Closes listeners (parked fetches answer first), then flushes and closes every log. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.controller.stopBackgroundTasks();
    await Promise.all(this.nodes.map((n) => n.shutdownWithCluster()));
    this.controller.close();
    this.logger.info("embedded cluster stopped");
  }

  private node(id: number): BrokerNode {
    if (this.stopped) throw new ClusterControlError("CLUSTER_STOPPED", "The cluster is stopped.");
    const node = this.nodes.find((n) => n.id === id);
    if (node === undefined) throw new ClusterControlError("UNKNOWN_BROKER", `No broker ${id} in this cluster.`);
    return node;
  }
}

function staticConfigs(options: EmbeddedClusterOptions, id: number, advertisedHost: string): Map<string, string> {
  const port = options.kafkaPort === 0 ? 0 : options.kafkaPort + id;
  return new Map<string, string>([
    ["broker.id", String(id)],
    ["node.id", String(id)],
    ["log.dirs", path.join(options.dataDir, `broker-${id}`)],
    ["listeners", `PLAINTEXT://${options.host}:${port}`],
    ["advertised.listeners", `PLAINTEXT://${advertisedHost}:${port}`],
    ...(typeof options.racks?.[id] === "string" ? [["broker.rack", options.racks[id]] as const] : []),
    ...Object.entries(options.brokerConfig ?? {}),
  ]);
}

/**
 * Starts `brokers` brokers over one data directory (dataDir/metadata for the cluster metadata
 * log, dataDir/broker-<id> per broker), each with its own listener. If a listener cannot bind,
 * everything already started is stopped again and the error is thrown.
 */
export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const logger = options.logger ?? silentLogger;
  const wildcard = options.host === "0.0.0.0" || options.host === "::";
  const advertisedHost = options.advertisedHost ?? (wildcard ? "127.0.0.1" : options.host);
  fs.mkdirSync(options.dataDir, { recursive: true });
  const ids = Array.from({ length: options.brokers }, (_, i) => i);
  const registrations: BrokerRegistration[] = ids.map((id) => ({
    id,
    host: advertisedHost,
    port: options.kafkaPort === 0 ? 0 : options.kafkaPort + id,
    rack: options.racks?.[id] ?? null,
  }));
  const controller = Controller.open({
    dataDir: options.dataDir,
    brokers: registrations,
    staticConfigs: new Map(ids.map((id) => [id, staticConfigs(options, id, advertisedHost)])),
    logger,
  });
  // Every broker runs a group coordinator (it creates __consumer_offsets on the first FindCoordinator).
  const extensionFactories = [groupCoordinatorExtension, ...(options.extensions ?? [])];
  const nodes = registrations.map(
    (registration) =>
      new BrokerNode({
        controller,
        dataDir: options.dataDir,
        bindHost: options.host,
        registration,
        extensionFactories,
        logger,
        maxFrameBytes: options.maxFrameBytes,
        maxConnections: options.maxConnections,
        idleTimeoutMs: options.idleTimeoutMs,
        brokerOptions: { replicaFetchers: replicaFetcherManager(logger) },
      }),
  );
  try {
    for (const node of nodes) await node.start();
  } catch (err) {
    await Promise.all(nodes.map((n) => n.shutdownWithCluster()));
    controller.close();
    throw err;
  }
  controller.startBackgroundTasks();
  return new EmbeddedCluster(controller, nodes, logger);
}
