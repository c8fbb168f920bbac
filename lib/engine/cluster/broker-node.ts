import { Broker, type BrokerOptions } from "../broker/broker";
import type { EngineLogger } from "../broker/logger";
import type { BrokerRegistration, Controller } from "../controller/controller";
import type { ApiHandler } from "../server/api-handler";
import { BrokerServer } from "../server/broker-server";

/** A per-broker add-on serving more APIs (e.g. the consumer-group coordinator); stopped before its broker. */
export interface BrokerExtension {
  handlers: readonly ApiHandler[];
  stop?(): void;
}

export type BrokerExtensionFactory = (broker: Broker, controller: Controller) => BrokerExtension;

/** How a broker stops: "clean" hands leadership over first; "crash" is kill -9 of that broker alone. */
export type BrokerStopMode = "clean" | "crash";

export type BrokerRunState = "running" | "stopped";

/** One broker of an embedded cluster as clients and the console see it. */
export interface EmbeddedBroker {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  /** The broker currently (or last) running under this id; a restart makes a new one. */
  readonly broker: Broker;
  readonly server: BrokerServer;
  readonly extensions: readonly BrokerExtension[];
}

export interface BrokerNodeOptions {
  controller: Controller;
  dataDir: string;
  /** Bind address of the listener; the registration carries the advertised host. */
  bindHost: string;
  registration: BrokerRegistration;
  extensionFactories: readonly BrokerExtensionFactory[];
  logger: EngineLogger;
  maxFrameBytes?: number;
  maxConnections?: number;
  idleTimeoutMs?: number;
  /** Passed to every Broker this node creates (the replica fetchers' factory). */
  brokerOptions?: BrokerOptions;
}

interface Incarnation {
  broker: Broker;
  server: BrokerServer;
  extensions: BrokerExtension[];
}

/**
 * One broker id's lifecycle in the embedded cluster: each start makes a new Broker (over the same
 * log directory), new extensions and a new listener on the same host:port, and registers it with
 * the controller (the Broker itself heartbeats while it runs).
 *
 * Operations on one node run one at a time (a stop requested while starting waits for the start).
 */
export class BrokerNode implements EmbeddedBroker {
  private current: Incarnation | undefined;
  private last: Incarnation | undefined;
  private starts = 0;
  private queue: Promise<unknown> = Promise.resolve();
  registration: BrokerRegistration;

  constructor(private readonly options: BrokerNodeOptions) {
    this.registration = options.registration;
  }

  get id(): number {
    return this.registration.id;
  }

  get host(): string {
    return this.registration.host;
  }

  get port(): number {
    return this.registration.port;
  }

  get state(): BrokerRunState {
    return this.current !== undefined ? "running" : "stopped";
  }

  get broker(): Broker {
    return this.incarnation().broker;
  }

  get server(): BrokerServer {
    return this.incarnation().server;
  }

  get extensions(): readonly BrokerExtension[] {
    return this.incarnation().extensions;
  }

  /** Starts a new incarnation; resolves once it listens and the controller counts it live. */
  start(): Promise<void> {
    return this.serialize(() => this.doStart());
  }

  /** Stops the running incarnation (see BrokerStopMode); no-op if already stopped. */
  stop(mode: BrokerStopMode): Promise<void> {
    return this.serialize(() => this.doStop(mode));
  }

  private incarnation(): Incarnation {
    const incarnation = this.current ?? this.last;
    if (incarnation === undefined) throw new Error(`broker ${this.id} has never started`);
    return incarnation;
  }

  private serialize(operation: () => Promise<void>): Promise<void> {
    const next = this.queue.then(operation);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async doStart(): Promise<void> {
    if (this.current !== undefined) return;
    const { controller, logger } = this.options;
    // A restart within the session timeout of a crash: the old incarnation is still counted live.
    // Fence it first, as KRaft fences a replaced registration, so its partitions get new epochs.
    if (this.starts++ > 0 && controller.isBrokerLive(this.id)) controller.fenceBroker(this.id);
    const broker = new Broker(this.registration, controller, this.options.dataDir, logger, this.options.brokerOptions);
    broker.start();
    const extensions: BrokerExtension[] = [];
    let server: BrokerServer | undefined;
    try {
      for (const create of this.options.extensionFactories) extensions.push(create(broker, controller));
      server = new BrokerServer(broker, {
        host: this.options.bindHost,
        port: this.registration.port,
        logger,
        maxFrameBytes: this.options.maxFrameBytes,
        maxConnections: this.options.maxConnections,
        idleTimeoutMs: this.options.idleTimeoutMs,
        extraHandlers: extensions.flatMap((e) => e.handlers),
      });
      const port = await server.start();
      this.registration = { ...this.registration, port };
      broker.registration = this.registration;
    } catch (err) {
      await server?.stop();
      for (const e of extensions) e.stop?.();
      await broker.stop();
      throw err;
    }
    this.current = { broker, server, extensions };
    this.last = this.current;
    controller.registerBroker(this.registration);
    controller.unfenceBroker(this.id);
    logger.info(`broker ${this.id} listening on ${this.options.bindHost}:${this.port} (log dir ${broker.logDir})`);
  }

  /**
   * clean: the controller moves leadership away while the broker still serves (controlled
   * shutdown), then the listener closes (parked requests answered) and logs are flushed and closed.
   * crash: every socket is destroyed at once, heartbeats stop, and logs close without flushing or
   * clean-shutdown markers. The controller notices only when the session times out, as with a
   * real crash, and the next start recovers the logs as after kill -9.
   */
  private async doStop(mode: BrokerStopMode): Promise<void> {
    const incarnation = this.current;
    if (incarnation === undefined) return;
    this.current = undefined;
    if (mode === "clean") this.options.controller.controlledShutdown(this.id);
    await incarnation.server.stop();
    for (const e of incarnation.extensions) e.stop?.();
    await incarnation.broker.stop({ crash: mode === "crash" });
    this.options.logger.info(`broker ${this.id} stopped (${mode})`);
  }

  /** Stops this node as part of stopping the whole cluster: no leadership moves, logs flushed. */
  async shutdownWithCluster(): Promise<void> {
    await this.serialize(async () => {
      const incarnation = this.current;
      if (incarnation === undefined) return;
      this.current = undefined;
      await incarnation.server.stop();
      for (const e of incarnation.extensions) e.stop?.();
      await incarnation.broker.stop();
    });
  }
}
