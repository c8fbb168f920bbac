import net from "node:net";
import tls from "node:tls";
import {
  ApiKey,
  decodeResponse,
  encodeRequest,
  errorInfo,
  readResponseCorrelationId,
  type RequestInput,
  type ResponseData,
} from "../../protocol";
import { type BrokerAddress, type ClusterConnectionSettings, usesSasl, usesTls } from "../connection-settings";
import { AdminError, UnsupportedByClusterError } from "../errors";
import { FrameSplitter } from "./frame-splitter";
import { ScramClient } from "./sasl-scram";

/**
 * One TCP (or TLS) connection to one broker, speaking Kafka's request/response protocol with
 * lib/protocol's codecs. Requests are pipelined: each gets the next correlation id and a pending
 * entry; responses are matched by correlation id (Kafka answers in order per connection, but
 * matching by id also catches a broker that does not). On open it learns the broker's API version
 * ranges (ApiVersions) and authenticates (SASL) when the settings ask for it.
 */
export const CONNECT_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 15_000;
export const MAX_RESPONSE_FRAME_BYTES = 128 * 1024 * 1024;
/** ApiVersions v2: understood by every broker since Kafka 2.0 and by librdkafka's mock. */
const API_VERSIONS_REQUEST_VERSION = 2;
const CLIENT_ID = "pier-console";

interface Pending {
  apiKey: ApiKey;
  apiVersion: number;
  resolve: (body: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface VersionRange {
  min: number;
  max: number;
}

export class BrokerConnection {
  private nextCorrelationId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly splitter = new FrameSplitter(MAX_RESPONSE_FRAME_BYTES);
  private closedError: Error | undefined;
  private versions = new Map<number, VersionRange>();
  lastUsedMs = Date.now();

  private constructor(
    private readonly socket: net.Socket,
    readonly address: BrokerAddress,
  ) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(new AdminError("unreachable", describeSocketError(address, error))));
    socket.on("close", () => this.fail(new AdminError("unreachable", `connection to ${label(address)} closed`)));
  }

  /** Connects, negotiates API versions and authenticates; rejects with a typed AdminError. */
  static async open(address: BrokerAddress, settings: ClusterConnectionSettings): Promise<BrokerConnection> {
    const socket = await connectSocket(address, settings);
    const connection = new BrokerConnection(socket, address);
    try {
      await connection.negotiateVersions();
      if (usesSasl(settings)) await connection.authenticate(settings);
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.closedError === undefined;
  }

  /** The highest version both sides support within [clientMin, clientMax]; throws if there is none. */
  pickVersion(apiKey: ApiKey, clientMin: number, clientMax: number, apiName: string): number {
    const broker = this.versions.get(apiKey);
    if (!broker) throw new UnsupportedByClusterError(apiName, `broker ${label(this.address)} does not offer it`);
    const version = Math.min(broker.max, clientMax);
    if (version < Math.max(broker.min, clientMin)) {
      throw new UnsupportedByClusterError(
        apiName,
        `broker offers v${broker.min}-${broker.max}, Pier speaks v${clientMin}-${clientMax}`,
      );
    }
    return version;
  }

  /**
   * Lowers the highest version used for `apiKey` on this connection: a broker that advertises a
   * version but answers it with bytes that do not decode (librdkafka 2.0.2's mock does this for
   * ListOffsets v4+) is then spoken to at the version below.
   */
  capVersion(apiKey: ApiKey, max: number): void {
    const range = this.versions.get(apiKey);
    if (range) this.versions.set(apiKey, { min: range.min, max: Math.min(range.max, max) });
  }

  supports(apiKey: ApiKey): boolean {
    return this.versions.has(apiKey);
  }

  send<K extends ApiKey>(apiKey: K, apiVersion: number, body: RequestInput<K>, timeoutMs = REQUEST_TIMEOUT_MS) {
    if (this.closedError) return Promise.reject(this.closedError);
    this.lastUsedMs = Date.now();
    const correlationId = this.nextCorrelationId++;
    let frame: Buffer;
    try {
      frame = encodeRequest({ apiKey, apiVersion, correlationId, clientId: CLIENT_ID }, body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return Promise.reject(new AdminError("protocol_error", `cannot encode the request: ${message}`));
    }
    return new Promise<ResponseData<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new AdminError("timeout", `broker ${label(this.address)} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
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
    this.fail(new AdminError("unreachable", `connection to ${label(this.address)} closed`));
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.splitter.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      this.socket.destroy();
      return;
    }
    for (const frame of frames) this.onFrame(frame);
  }

  private onFrame(frame: Buffer): void {
    const correlationId = readResponseCorrelationId(frame);
    const entry = this.pending.get(correlationId);
    if (!entry) return; // answer to a request that already timed out
    this.pending.delete(correlationId);
    clearTimeout(entry.timer);
    try {
      entry.resolve(decodeResponse(entry.apiKey, entry.apiVersion, frame).body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      entry.reject(new UndecodableResponseError(`undecodable answer from ${label(this.address)}: ${message}`));
    }
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(error);
      this.pending.delete(id);
    }
  }

  private async negotiateVersions(): Promise<void> {
    const body = await this.send(ApiKey.ApiVersions, API_VERSIONS_REQUEST_VERSION, {});
    if (body.errorCode !== 0) throw kafkaError("ApiVersions", body.errorCode, this.address);
    this.versions = new Map(body.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }]));
  }

  private async authenticate(settings: ClusterConnectionSettings): Promise<void> {
    const sasl = settings.sasl;
    if (!sasl) throw new AdminError("auth_failed", "SASL is enabled but no mechanism and credentials are set");
    const handshakeVersion = this.pickVersion(ApiKey.SaslHandshake, 1, 1, "SaslHandshake");
    const handshake = await this.send(ApiKey.SaslHandshake, handshakeVersion, { mechanism: sasl.mechanism });
    if (handshake.errorCode !== 0) {
      throw new AdminError(
        "auth_failed",
        `the broker does not enable SASL ${sasl.mechanism} (it offers ${handshake.mechanisms.join(", ") || "none"})`,
      );
    }
    if (sasl.mechanism === "PLAIN") {
      await this.saslStep(Buffer.from(`\u0000${sasl.username}\u0000${sasl.password}`, "utf8"));
      return;
    }
    const scram = new ScramClient(
      sasl.mechanism === "SCRAM-SHA-256" ? "sha256" : "sha512",
      sasl.username,
      sasl.password,
    );
    const serverFirst = await this.saslStep(scram.clientFirst());
    const serverFinal = await this.saslStep(scram.clientFinal(serverFirst));
    scram.verifyServerFinal(serverFinal);
  }

  private async saslStep(authBytes: Buffer): Promise<Buffer> {
    const version = this.pickVersion(ApiKey.SaslAuthenticate, 0, 2, "SaslAuthenticate");
    const answer = await this.send(ApiKey.SaslAuthenticate, version, { authBytes });
    if (answer.errorCode !== 0) {
      throw new AdminError(
        "auth_failed",
        `authentication failed: ${answer.errorMessage ?? errorInfo(answer.errorCode).message}`,
      );
    }
    return answer.authBytes;
  }
}

/** A broker's answer did not decode at the version asked for. */
export class UndecodableResponseError extends AdminError {
  constructor(message: string) {
    super("protocol_error", message);
    this.name = "UndecodableResponseError";
  }
}

export function label(address: BrokerAddress): string {
  return `${address.host}:${address.port}`;
}

export function kafkaError(api: string, code: number, address?: BrokerAddress): AdminError {
  const info = errorInfo(code);
  const where = address ? ` from ${label(address)}` : "";
  return new AdminError("kafka_error", `${api} failed${where}: ${info.name} (${info.message})`);
}

function describeSocketError(address: BrokerAddress, error: NodeJS.ErrnoException): string {
  const why =
    error.code === "ECONNREFUSED"
      ? "connection refused (is a broker listening there?)"
      : error.code === "ENOTFOUND" || error.code === "EAI_AGAIN"
        ? "the host name does not resolve"
        : error.code === "ETIMEDOUT"
          ? "the connection timed out"
          : error.message;
  return `cannot reach ${label(address)}: ${why}`;
}

function connectSocket(address: BrokerAddress, settings: ClusterConnectionSettings): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const secure = usesTls(settings);
    const socket = secure
      ? tls.connect({
          host: address.host,
          port: address.port,
          ca: settings.tls?.ca,
          rejectUnauthorized: settings.tls?.rejectUnauthorized ?? true,
          servername: net.isIP(address.host) ? undefined : address.host,
        })
      : net.connect({ host: address.host, port: address.port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new AdminError("unreachable", `cannot reach ${label(address)}: no answer within ${CONNECT_TIMEOUT_MS} ms`),
      );
    }, CONNECT_TIMEOUT_MS);
    const onError = (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      const tlsProblem = secure && !["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT"].includes(error.code ?? "");
      reject(
        tlsProblem
          ? new AdminError("auth_failed", `TLS handshake with ${label(address)} failed: ${error.message}`)
          : new AdminError("unreachable", describeSocketError(address, error)),
      );
    };
    socket.once("error", onError);
    socket.once(secure ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      resolve(socket);
    });
  });
}
