import { createHash } from "node:crypto";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Connection } from "./connection";
import { FrameBufferPool } from "./frame-buffer-pool";
import { FrameReader } from "./frame-reader";
import { SOCKET_READ_BUFFER_BYTES } from "./limits";
import { prng } from "../../protocol/testing/prng";

/**
 * Buffer ownership in Connection over real sockets: frames assembled in pooled buffers and reads
 * into one buffer shared by every connection must never let one request's bytes show through in
 * another's, whether a handler answers at once, answers later, or keeps the frame.
 *
 * Test frames: kind:int16 (TRANSIENT or KEPT), seq:int32, payload. The handler answers
 * seq:int32 + sha256(payload); it computes the hash only after waiting (as an acks=all produce
 * waits) for transient frames, and keeps KEPT frames to check them again at the end.
 */
const TRANSIENT = 0;
const KEPT = 1;
const logger = { debug() {}, info() {}, warn() {}, error() {} };

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest();

interface Sent {
  seq: number;
  kind: number;
  payload: Buffer;
}

function encode({ kind, seq, payload }: Sent): Buffer {
  const out = Buffer.alloc(4 + 6 + payload.length);
  out.writeInt32BE(6 + payload.length, 0);
  out.writeInt16BE(kind, 4);
  out.writeInt32BE(seq, 6);
  payload.copy(out, 10);
  return out;
}

interface Harness {
  port: number;
  connections: Connection[];
  kept: Array<{ frame: Buffer; hash: Buffer }>;
  server: net.Server;
}

async function startServer(shared: boolean): Promise<Harness> {
  const pool = new FrameBufferPool();
  const readBuffer = shared ? Buffer.allocUnsafeSlow(SOCKET_READ_BUFFER_BYTES) : undefined;
  const connections: Connection[] = [];
  const kept: Harness["kept"] = [];
  const answer = (frame: Buffer) => {
    const out = Buffer.alloc(4 + 4 + 32);
    out.writeInt32BE(36, 0);
    frame.copy(out, 4, 2, 6);
    sha(frame.subarray(6)).copy(out, 8);
    return out;
  };
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    const connection = new Connection(socket, {
      id: connections.length,
      maxFrameBytes: 16 << 20,
      idleTimeoutMs: 60_000,
      logger,
      onClose: () => {},
      framePool: pool,
      readBuffer,
      isTransientFrame: (frame) => frame.readInt16BE(0) === TRANSIENT,
      handler: (frame) => {
        if (frame.readInt16BE(0) === KEPT) {
          kept.push({ frame, hash: sha(frame.subarray(6)) });
          return answer(frame);
        }
        return new Promise((resolve) => setImmediate(() => resolve(answer(frame))));
      },
    });
    connections.push(connection);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, connections, kept, server };
}

/** Sends `frames` in randomly cut writes (small pauses between some), returns the responses. */
async function exchange(port: number, frames: Sent[], random: () => number): Promise<Buffer[]> {
  const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
  await new Promise((resolve) => socket.once("connect", resolve));
  const reader = new FrameReader(1 << 20);
  const responses: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => {
      responses.push(...reader.push(chunk));
      if (responses.length === frames.length) resolve();
    });
    socket.on("close", () => reject(new Error("closed by the server")));
  });
  const stream = Buffer.concat(frames.map(encode));
  for (let pos = 0; pos < stream.length;) {
    const n = Math.min(stream.length - pos, 1 + Math.floor(random() * (random() < 0.5 ? 500 : 200_000)));
    socket.write(stream.subarray(pos, pos + n));
    pos += n;
    if (random() < 0.3) await new Promise((resolve) => setImmediate(resolve));
  }
  await done;
  socket.destroy();
  return responses;
}

describe.each([
  ["one read buffer shared by every connection", true],
  ["a new buffer per read (Node's default)", false],
])("Connection buffer ownership, %s", (_name, shared) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    for (const c of harness?.connections ?? []) c.close("test over");
    await new Promise((resolve) => harness?.server.close(resolve));
  });

  it("answers pipelined small, large and split frames from concurrent connections with their own bytes", async () => {
    harness = await startServer(shared);
    const random = prng(shared ? 7 : 8);
    const workload = (client: number): Sent[] =>
      Array.from({ length: 60 }, (_, seq) => {
        const size =
          random() < 0.5 ? Math.floor(random() * 200) : Math.floor(random() * 1.5 * SOCKET_READ_BUFFER_BYTES);
        const payload = Buffer.allocUnsafe(size);
        for (let i = 0; i < size; i++) payload[i] = (i * 13 + seq * 101 + client * 7) & 0xff;
        return { seq, kind: random() < 0.6 ? TRANSIENT : KEPT, payload };
      });
    const workloads = [workload(0), workload(1), workload(2)];
    const results = await Promise.all(workloads.map((w) => exchange(harness!.port, w, random)));
    results.forEach((responses, client) => {
      expect(responses.map((r) => r.readInt32BE(0))).toEqual(workloads[client]!.map((s) => s.seq));
      responses.forEach((r, i) => expect(r.subarray(4).equals(sha(workloads[client]![i]!.payload))).toBe(true));
    });
    expect(harness.connections.map((c) => c.readsIntoSharedBuffer)).toEqual([shared, shared, shared]);
    // Frames the handler kept were copied out of pooled and shared buffers: still intact.
    expect(harness.kept.length).toBe(workloads.flat().filter((s) => s.kind === KEPT).length);
    for (const { frame, hash } of harness.kept) expect(sha(frame.subarray(6)).equals(hash)).toBe(true);
  });
});
