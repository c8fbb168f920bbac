import type { Socket } from "node:net";
import { ProtocolError } from "../../protocol/protocol-error";
import type { EngineLogger } from "../broker/logger";
import { FrameReader } from "./frame-reader";
import { MAX_QUEUED_REQUESTS_PER_CONNECTION } from "./limits";

/** Thrown by a frame handler to close the connection on purpose (not a failure: logged at debug). */
export class CloseConnection extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "CloseConnection";
  }
}

/** What a handler knows about the connection a request came in on. */
export interface ConnectionContext {
  readonly id: number;
  readonly remoteAddress: string;
}

/**
 * Answers one request frame (size prefix removed) with one response frame (size prefix included),
 * or null when the protocol sends no response (Produce with acks=0). Throwing closes the
 * connection: that is what Kafka does with a request it cannot parse.
 */
export type FrameHandler = (frame: Buffer, context: ConnectionContext) => Buffer | null | Promise<Buffer | null>;

/**
 * A response as consecutive pieces of one frame (a zero-copy encoder references large record sets
 * instead of copying them), or null for no response.
 */
export type ResponseChunks = Buffer | readonly Buffer[] | null;

/** A FrameHandler that may answer in pieces; every FrameHandler is one. */
export type ChunkedFrameHandler = (
  frame: Buffer,
  context: ConnectionContext,
) => ResponseChunks | Promise<ResponseChunks>;

export interface ConnectionOptions {
  id: number;
  maxFrameBytes: number;
  idleTimeoutMs: number;
  handler: ChunkedFrameHandler;
  logger: EngineLogger;
  onClose: (connection: Connection) => void;
}

/**
 * One client connection. Requests may be pipelined; they are handled one at a time in arrival
 * order and answered in that order (Kafka's guarantee, protocol.html "Network"). A handler that
 * waits (a long-poll Fetch) holds back the requests behind it, as Kafka's muted channel does.
 *
 * Reading pauses while MAX_QUEUED_REQUESTS_PER_CONNECTION requests wait or the socket's send
 * buffer is full, so a client that never reads cannot make the broker buffer without bound.
 */
export class Connection {
  readonly context: ConnectionContext;
  private readonly reader: FrameReader;
  private readonly queue: Buffer[] = [];
  private pumping = false;
  private closed = false;
  private corked = false;
  private readingPaused = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.context = { id: options.id, remoteAddress: `${socket.remoteAddress}:${socket.remotePort}` };
    this.reader = new FrameReader(options.maxFrameBytes);
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs);
    socket.on("timeout", () => this.close("idle timeout"));
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("drain", () => this.updateReading());
    socket.on("error", (err) => this.options.logger.debug(`connection ${options.id}: ${err.message}`));
    socket.on("close", () => {
      this.closed = true;
      this.options.onClose(this);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Closes at once; responses not yet written are dropped (the client will retry elsewhere). */
  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.options.logger.debug(`closing connection ${this.context.id} (${this.context.remoteAddress}): ${reason}`);
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.close((err as Error).message);
      return;
    }
    for (const frame of frames) this.queue.push(frame);
    this.updateReading();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const frame = this.queue.shift()!;
        let response = this.options.handler(frame, this.context);
        if (response instanceof Promise) response = await response;
        if (response !== null && !this.closed) this.write(response);
        this.updateReading();
      }
    } catch (err) {
      // A ProtocolError is the client's fault (garbage, unsupported version): Kafka closes quietly.
      // Anything else is a broker bug: say so loudly, then close all the same.
      if (!(err instanceof ProtocolError) && !(err instanceof CloseConnection)) {
        this.options.logger.error(
          `connection ${this.context.id}: request failed: ${(err as Error).stack ?? String(err)}`,
        );
      }
      this.close(`request failed: ${(err as Error).message}`);
    } finally {
      this.pumping = false;
    }
  }

  /** Writes made in the same tick leave in as few TCP segments as possible. */
  private write(frame: Buffer | readonly Buffer[]): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    if (Buffer.isBuffer(frame)) this.socket.write(frame);
    else for (const piece of frame) this.socket.write(piece);
  }

  private updateReading(): void {
    if (this.closed) return;
    const shouldPause = this.queue.length >= MAX_QUEUED_REQUESTS_PER_CONNECTION || this.socket.writableNeedDrain;
    if (shouldPause && !this.readingPaused) {
      this.readingPaused = true;
      this.socket.pause();
    } else if (!shouldPause && this.readingPaused) {
      this.readingPaused = false;
      this.socket.resume();
    }
  }
}
