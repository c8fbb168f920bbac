import net from "node:net";
import { ApiKey, type RequestInput, type ResponseData } from "../../protocol/apis";
import { decodeResponse, encodeRequest, readResponseCorrelationId } from "../../protocol/frames";
import { ProtocolError } from "../../protocol/protocol-error";
import { ChannelError } from "./channel-error";
import { ResponseFrameSplitter } from "./frame-splitter";

/** How long a connect may take before the fetcher backs off and retries. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Largest response frame accepted from a leader (a fetch answers at most replica.fetch.response.max.bytes plus one batch). */
export const MAX_RESPONSE_FRAME_BYTES = 256 * 1024 * 1024;
/** ApiVersions v3 (flexible); every Kafka broker since 2.4 and Pier answer it. */
const API_VERSIONS_VERSION = 3;

export { ChannelError };

interface Pending {
  apiKey: ApiKey;
  apiVersion: number;
  resolve: (body: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One TCP connection from a broker to another broker (Kafka's NetworkClient for inter-broker
 * requests), built on lib/protocol's frames: requests get increasing correlation ids and are
 * matched with their responses by id. On connect it learns the peer's API versions (ApiVersions),
 * so each request is sent at the highest version both sides speak. Any failure fails every
 * pending request and closes the connection; the owner reconnects.
 */
export class BrokerChannel {
  private nextCorrelationId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly splitter = new ResponseFrameSplitter(MAX_RESPONSE_FRAME_BYTES);
  private failure: Error | undefined;
  private readonly versions = new Map<number, { min: number; max: number }>();

  private constructor(
    private readonly socket: net.Socket,
    private readonly clientId: string,
    readonly label: string,
  ) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (err) => this.fail(new ChannelError(`${label}: ${err.message}`)));
    socket.on("close", () => this.fail(new ChannelError(`connection to ${label} closed`)));
  }

  static async connect(host: string, port: number, clientId: string): Promise<BrokerChannel> {
    const label = `${host}:${port}`;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new ChannelError(`connect to ${label} timed out`));
      }, CONNECT_TIMEOUT_MS);
      s.once("connect", () => {
        clearTimeout(timer);
        s.removeAllListeners("error");
        resolve(s);
      });
      s.once("error", (err) => {
        clearTimeout(timer);
        s.destroy();
        reject(new ChannelError(`connect to ${label}: ${err.message}`));
      });
    });
    socket.setNoDelay(true);
    const channel = new BrokerChannel(socket, clientId, label);
    try {
      const versions = await channel.send(ApiKey.ApiVersions, API_VERSIONS_VERSION, {
        clientSoftwareName: "pier-replica-fetcher",
        clientSoftwareVersion: "1.0",
      });
      if (versions.errorCode !== 0) throw new ChannelError(`${label}: ApiVersions failed with ${versions.errorCode}`);
      for (const k of versions.apiKeys) channel.versions.set(k.apiKey, { min: k.minVersion, max: k.maxVersion });
      return channel;
    } catch (err) {
      channel.close();
      throw err;
    }
  }

  get isOpen(): boolean {
    return this.failure === undefined;
  }

  /** The highest version of `apiKey` in [min, max] the peer serves; throws if there is none. */
  pickVersion(apiKey: ApiKey, min: number, max: number): number {
    const peer = this.versions.get(apiKey);
    const version = Math.min(max, peer?.max ?? -1);
    if (peer === undefined || version < Math.max(min, peer.min))
      throw new ChannelError(`${this.label} does not serve API ${apiKey} at versions ${min}-${max}`);
    return version;
  }

  send<K extends ApiKey>(apiKey: K, apiVersion: number, body: RequestInput<K>, timeoutMs = 30_000) {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId++;
    const frame = encodeRequest({ apiKey, apiVersion, correlationId, clientId: this.clientId }, body);
    return new Promise<ResponseData<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new ChannelError(`${this.label}: request ${apiKey} v${apiVersion} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.pending.set(correlationId, {
        apiKey,
        apiVersion,
        resolve: resolve as (body: unknown) => void,
        reject,
        timer,
      });
      this.socket.write(frame);
    });
  }

  close(): void {
    this.fail(new ChannelError(`connection to ${this.label} closed by this broker`));
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    for (const frame of frames) {
      try {
        const correlationId = readResponseCorrelationId(frame);
        const pending = this.pending.get(correlationId);
        if (pending === undefined) throw new ProtocolError(`unexpected correlation id ${correlationId}`);
        this.pending.delete(correlationId);
        clearTimeout(pending.timer);
        pending.resolve(decodeResponse(pending.apiKey, pending.apiVersion, frame).body);
      } catch (err) {
        this.fail(new ChannelError(`${this.label}: bad response: ${(err as Error).message}`));
        return;
      }
    }
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.socket.destroy();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}
