import type { Broker } from "../broker/broker";
import type { EngineLogger } from "../broker/logger";
import type { ApiHandler } from "./api-handler";
import type { AdvertisedApis } from "./handlers/api-versions";
import { createRequestRouter } from "./request-router";
import { SocketServer } from "./socket-server";

export interface BrokerServerOptions {
  host: string;
  port: number;
  maxFrameBytes?: number;
  maxConnections?: number;
  idleTimeoutMs?: number;
  logger: EngineLogger;
  /** APIs served besides the broker's own (e.g. the consumer-group APIs); they win on a shared key. */
  extraHandlers?: readonly ApiHandler[];
}

/** A broker's Kafka listener: a SocketServer whose frames go through the broker's request router. */
export class BrokerServer {
  private readonly socketServer: SocketServer;
  private readonly shutdown = new AbortController();
  readonly advertised: AdvertisedApis;
  private boundPort = -1;

  constructor(
    readonly broker: Broker,
    private readonly options: BrokerServerOptions,
  ) {
    const router = createRequestRouter(broker, this.shutdown.signal, options.extraHandlers);
    this.advertised = router.advertised;
    this.socketServer = new SocketServer({
      ...options,
      handler: router.chunkedHandler,
      isTransientFrame: router.isTransientFrame,
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionCount(): number {
    return this.socketServer.connectionCount;
  }

  async start(): Promise<number> {
    this.boundPort = await this.socketServer.listen(this.options.host, this.options.port);
    return this.boundPort;
  }

  /** Answers parked requests, closes connections and the listener. */
  async stop(): Promise<void> {
    this.shutdown.abort();
    await this.socketServer.close();
  }
}
