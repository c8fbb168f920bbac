/**
 * Helpers for the engine's integration tests (not a test file itself): a cluster on ephemeral
 * ports over a temp data dir, and a raw protocol client built on Pier's own codec.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { ApiKey, RequestInput, ResponseData } from "../../protocol/apis";
import { decodeResponse, encodeRequest } from "../../protocol/frames";
import { startEmbeddedCluster, type EmbeddedCluster, type EmbeddedClusterOptions } from "../cluster/embedded-cluster";
import { FrameReader } from "./frame-reader";

export interface TestCluster {
  cluster: EmbeddedCluster;
  dataDir: string;
  bootstrap: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function startTestCluster(options: Partial<EmbeddedClusterOptions> = {}): Promise<TestCluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pier-broker-test-"));
  const cluster = await startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: 0, brokers: 1, dataDir, ...options });
  const first = cluster.brokers[0]!;
  return {
    cluster,
    dataDir,
    bootstrap: cluster.bootstrapServers.join(","),
    host: first.host,
    port: first.port,
    async stop() {
      await cluster.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A minimal Kafka client over one socket using lib/protocol: for tests of exact wire behaviour. */
export class RawKafkaClient {
  private readonly reader = new FrameReader(1 << 30);
  private readonly waiting: Array<{ resolve: (frame: Buffer) => void; reject: (err: Error) => void }> = [];
  private correlationId = 1;
  private closedPromise: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      for (const frame of this.reader.push(chunk)) this.waiting.shift()?.resolve(frame);
    });
    this.closedPromise = new Promise((resolve) =>
      socket.once("close", () => {
        for (const w of this.waiting.splice(0)) w.reject(new Error("connection closed by the broker"));
        resolve();
      }),
    );
    socket.on("error", () => {});
  }

  static connect(host: string, port: number): Promise<RawKafkaClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => resolve(new RawKafkaClient(socket)));
      socket.once("error", reject);
    });
  }

  get closed(): Promise<void> {
    return this.closedPromise;
  }

  /** Resolves with the next response frame (size prefix removed); rejects if the broker closes first. */
  nextFrame(): Promise<Buffer> {
    if (this.socket.destroyed) return Promise.reject(new Error("connection closed"));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async request<K extends ApiKey>(apiKey: K, apiVersion: number, body: RequestInput<K>): Promise<ResponseData<K>> {
    const correlationId = this.correlationId++;
    const response = this.nextFrame();
    this.socket.write(encodeRequest({ apiKey, apiVersion, correlationId, clientId: "pier-test" }, body));
    const decoded = decodeResponse(apiKey, apiVersion, await response);
    if (decoded.correlationId !== correlationId)
      throw new Error(`correlation id ${decoded.correlationId}, expected ${correlationId}`);
    return decoded.body;
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }
}
