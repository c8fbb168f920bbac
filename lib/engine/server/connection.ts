import type { Socket } from "node:net";
import { ProtocolError } from "../../protocol/protocol-error";
import type { EngineLogger } from "../broker/logger";
import { releaseWrittenFetchReads } from "./fetch-read-buffers";
import type { FrameBufferPool } from "./frame-buffer-pool";
import { FrameReader } from "./frame-reader";
import { MAX_QUEUED_REQUESTS_PER_CONNECTION } from "./limits";
import { adoptWithReusedReadBuffer } from "./reused-read-buffer";

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
  /**
   * Read the socket into this buffer, shared with other connections, instead of a new buffer per
   * read (see reused-read-buffer.ts; the socket must have been accepted with pauseOnConnect).
   */
  readBuffer?: Buffer;
  /** Where frames are assembled when they span socket reads or arrive in `readBuffer`. */
  framePool?: FrameBufferPool;
  /**
   * Whether nothing references a request frame's bytes once the handler has produced its response
   * (the response included). Only such frames are handled in place in a pooled buffer, which goes
   * back to the pool afterwards; any other frame assembled in one is copied out first.
   */
  isTransientFrame?: (frame: Buffer) => boolean;
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

  private readonly socket: Socket;
  /** Whether reads go into ConnectionOptions.readBuffer (false: a new buffer per read, from Node). */
  readonly readsIntoSharedBuffer: boolean;

  constructor(
    accepted: Socket,
    private readonly options: ConnectionOptions,
  ) {
    const adopted =
      options.readBuffer === undefined
        ? undefined
        : adoptWithReusedReadBuffer(accepted, options.readBuffer, (chunk) => this.onData(chunk, true));
    const socket = adopted ?? accepted;
    this.socket = socket;
    this.readsIntoSharedBuffer = adopted !== undefined;
    this.context = { id: options.id, remoteAddress: `${socket.remoteAddress}:${socket.remotePort}` };
    this.reader = new FrameReader(options.maxFrameBytes, options.framePool);
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs);
    socket.on("timeout", () => this.close("idle timeout"));
    if (adopted === undefined) {
      socket.on("data", (chunk: Buffer) => this.onData(chunk, false));
      socket.resume(); // accepted with pauseOnConnect when a read buffer was offered
    }
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

  /** `reusedChunk`: the chunk's memory is overwritten after this returns, so frames are copied out of it. */
  private onData(chunk: Buffer, reusedChunk: boolean): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk, reusedChunk);
    } catch (err) {
      this.close((err as Error).message);
      return;
    }
    for (const frame of frames) this.queue.push(this.ownUnlessTransient(frame));
    this.updateReading();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const frame = this.queue.shift()!;
        try {
          let response = this.options.handler(frame, this.context);
          if (response instanceof Promise) response = await response;
          if (response !== null && !this.closed) this.write(response);
        } finally {
          this.reader.release(frame);
        }
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

  /**
   * A frame in a pooled buffer is handled there only when it is transient; otherwise the handler
   * gets a copy (it may keep views of the bytes in broker state) and the buffer goes back at once.
   * Frames still queued when the connection closes are never released: their buffers are simply
   * not reused, as a handler may still be running on one.
   */
  private ownUnlessTransient(frame: Buffer): Buffer {
    if (!this.reader.isBorrowed(frame) || this.options.isTransientFrame?.(frame) === true) return frame;
    const copy = Buffer.from(frame);
    this.reader.release(frame);
    return copy;
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
    if (Buffer.isBuffer(frame)) {
      this.socket.write(frame);
      return;
    }
    // Pieces are written in order: once the last is taken, every buffer of the response is free.
    const last = frame.length - 1;
    frame.forEach((piece, i) =>
      this.socket.write(piece, i === last ? (err) => (err ? undefined : releaseWrittenFetchReads(frame)) : undefined),
    );
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
