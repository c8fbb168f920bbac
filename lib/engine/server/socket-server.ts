import net from "node:net";
import type { EngineLogger } from "../broker/logger";
import { Connection, type ChunkedFrameHandler } from "./connection";
import { FrameBufferPool } from "./frame-buffer-pool";
import {
  CONNECTION_IDLE_TIMEOUT_MS_DEFAULT,
  MAX_CONNECTIONS_DEFAULT,
  MAX_FRAME_BYTES_DEFAULT,
  SOCKET_READ_BUFFER_BYTES,
} from "./limits";

export interface SocketServerOptions {
  handler: ChunkedFrameHandler;
  /** See ConnectionOptions.isTransientFrame. */
  isTransientFrame?: (frame: Buffer) => boolean;
  logger: EngineLogger;
  maxFrameBytes?: number;
  maxConnections?: number;
  idleTimeoutMs?: number;
}

/**
 * One TCP listener (Kafka's SocketServer acceptor + processors, in one event loop). Owns its
 * connections; a misbehaving connection is closed on its own and never affects the others.
 */
export class SocketServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;
  private readonly maxFrameBytes: number;
  private readonly maxConnections: number;
  private readonly idleTimeoutMs: number;
  private readonly framePool = new FrameBufferPool();
  /** One read buffer for every connection: reads are handled one at a time, each before the next. */
  private readonly readBuffer = Buffer.allocUnsafeSlow(SOCKET_READ_BUFFER_BYTES);

  constructor(private readonly options: SocketServerOptions) {
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES_DEFAULT;
    this.maxConnections = options.maxConnections ?? MAX_CONNECTIONS_DEFAULT;
    this.idleTimeoutMs = options.idleTimeoutMs ?? CONNECTION_IDLE_TIMEOUT_MS_DEFAULT;
    // Paused on accept so that Connection can move the socket onto the shared read buffer before
    // anything is read (reused-read-buffer.ts).
    this.server = net.createServer({ pauseOnConnect: true }, (socket) => this.accept(socket));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen({ host, port, exclusive: true }, () => {
        this.server.off("error", reject);
        const address = this.server.address();
        resolve(typeof address === "object" && address !== null ? address.port : port);
      });
    });
  }

  /** Stops accepting, closes every connection, resolves once the listener is closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const connection of this.connections) connection.close("listener closing");
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }

  private accept(socket: net.Socket): void {
    if (this.connections.size >= this.maxConnections) {
      this.options.logger.warn(`refusing connection from ${socket.remoteAddress}: ${this.maxConnections} open`);
      socket.destroy();
      return;
    }
    const connection = new Connection(socket, {
      id: this.nextConnectionId++,
      maxFrameBytes: this.maxFrameBytes,
      idleTimeoutMs: this.idleTimeoutMs,
      handler: this.options.handler,
      isTransientFrame: this.options.isTransientFrame,
      framePool: this.framePool,
      readBuffer: this.readBuffer,
      logger: this.options.logger,
      onClose: (c) => this.connections.delete(c),
    });
    this.connections.add(connection);
  }
}
