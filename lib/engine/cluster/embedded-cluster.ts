import fs from "node:fs";
import path from "node:path";
import { Broker } from "../broker/broker";
import { silentLogger, type EngineLogger } from "../broker/logger";
import { Controller, type BrokerRegistration } from "../controller/controller";
import type { ApiHandler } from "../server/api-handler";
import { BrokerServer } from "../server/broker-server";
import { groupCoordinatorExtension } from "../server/groups/extension";

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
  extensions?: ReadonlyArray<(broker: Broker, controller: Controller) => BrokerExtension>;
}

export interface BrokerExtension {
  handlers: readonly ApiHandler[];
  stop?(): void;
}

export interface EmbeddedBroker {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly broker: Broker;
  readonly server: BrokerServer;
  readonly extensions: readonly BrokerExtension[];
}

/** Brokers of one cluster in one process, sharing one in-process controller. */
export class EmbeddedCluster {
  private stopped = false;

  constructor(
    readonly controller: Controller,
    readonly brokers: readonly EmbeddedBroker[],
    private readonly logger: EngineLogger,
  ) {}

  get clusterId(): string {
    return this.controller.clusterId;
  }

  /** "host:port" of every broker, for clients' bootstrap lists. */
  get bootstrapServers(): string[] {
    return this.brokers.map((b) => `${b.host}:${b.port}`);
  }

  /** Closes listeners (parked fetches answer first), then flushes and closes every log. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.brokers.map((b) => b.server.stop()));
    for (const b of this.brokers) for (const e of b.extensions) e.stop?.();
    for (const b of this.brokers) b.broker.stop();
    this.controller.close();
    this.logger.info("embedded cluster stopped");
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
  const started: EmbeddedBroker[] = [];
  const brokers: Broker[] = [];
  try {
    for (const registration of registrations) {
      const broker = new Broker(registration, controller, options.dataDir, logger);
      brokers.push(broker);
      broker.start();
      const extensions = extensionFactories.map((create) => create(broker, controller));
      const handlers = extensions.flatMap((e) => e.handlers);
      const server = new BrokerServer(broker, { ...options, port: registration.port, logger, extraHandlers: handlers });
      const port = await server.start();
      broker.registration = { ...registration, port };
      controller.registerBroker(broker.registration);
      started.push({ id: registration.id, host: advertisedHost, port, broker, server, extensions });
      logger.info(`broker ${registration.id} listening on ${options.host}:${port} (log dir ${broker.logDir})`);
    }
  } catch (err) {
    await Promise.all(started.map((b) => b.server.stop()));
    for (const b of started) for (const e of b.extensions) e.stop?.();
    for (const b of brokers) b.stop();
    controller.close();
    throw err;
  }
  return new EmbeddedCluster(controller, started, logger);
}
