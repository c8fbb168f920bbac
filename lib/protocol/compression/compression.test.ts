import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CompressionType } from "../records/batch-header";
import { ProtocolError } from "../protocol-error";
import { DECOMPRESSED_BATCH_MAX_BYTES } from "./codec";
import { codecFor, compress, decompress } from "./compression";
import { kafkajsCodecs } from "./kafkajs-codecs";

const CODECS = [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd] as const;

function jsonLines(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = JSON.stringify({
      id: i,
      user: `user-${(i * 7919) % 10007}`,
      event: ["click", "view"][i % 2],
      ts: 1e12 + i * 37,
    });
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join("\n")).subarray(0, bytes);
}

describe.each(CODECS)("codec %i", (type) => {
  it.each([0, 1, 100, 70_000, 300_000])("round-trips %i bytes of text", (size) => {
    const data = jsonLines(size);
    expect(decompress(type, compress(type, data)).equals(data)).toBe(true);
  });

  it("round-trips incompressible data and compresses text", () => {
    const noise = randomBytes(200_000);
    expect(decompress(type, compress(type, noise)).equals(noise)).toBe(true);
    const text = jsonLines(200_000);
    expect(compress(type, text).length).toBeLessThan(text.length / 2);
  });

  it("accepts Uint8Array views that are not Buffers", () => {
    const data = jsonLines(5_000);
    const compressed = compress(type, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const view = new Uint8Array(compressed.length + 4);
    view.set(compressed, 4);
    expect(decompress(type, view.subarray(4)).equals(data)).toBe(true);
  });

  it("refuses output past the ceiling with a ProtocolError, before building it", () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const small = compress(type, zeros);
    expect(small.length).toBeLessThan(300 * 1024);
    expect(() => decompress(type, small, 1024 * 1024)).toThrow(/over the limit of 1048576 bytes/);
    expect(decompress(type, small, 4 * 1024 * 1024 + 64 * 1024).length).toBe(zeros.length);
  });

  it("refuses garbage, empty and truncated input with a ProtocolError", () => {
    const compressed = compress(type, jsonLines(50_000));
    for (const bad of [
      Buffer.alloc(0),
      Buffer.from("definitely not compressed"),
      compressed.subarray(0, compressed.length - 3),
    ]) {
      expect(() => decompress(type, bad)).toThrow(ProtocolError);
    }
  });
});

describe("codec registry", () => {
  it("uses Kafka's codec ids and refuses unknown ones", () => {
    expect(CODECS.map((t) => codecFor(t).name)).toEqual(["gzip", "snappy", "lz4", "zstd"]);
    for (const id of [0, 5, 6, 7]) expect(() => codecFor(id)).toThrow(/unknown compression type/);
  });

  it("passes uncompressed bytes through, still bounded", () => {
    const data = Buffer.from("plain");
    expect(decompress(CompressionType.None, data)).toEqual(data);
    expect(() => decompress(CompressionType.None, data, 2)).toThrow(ProtocolError);
    expect(DECOMPRESSED_BATCH_MAX_BYTES).toBe(64 * 1024 * 1024);
  });

  it("reads concatenated gzip members as GZIPInputStream does, refuses a gzip bomb", () => {
    const both = Buffer.concat([gzipSync("hello "), gzipSync("world")]);
    expect(decompress(CompressionType.Gzip, both).toString()).toBe("hello world");
    expect(() => decompress(CompressionType.Gzip, gzipSync(Buffer.alloc(2_000_000)), 1_000_000)).toThrow(
      /over the limit/,
    );
  });
});

describe("kafkajs codec adapters", () => {
  it.each([CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd] as const)(
    "codec %i has kafkajs's factory shape and writes the Java client's framing",
    async (type) => {
      const codec = kafkajsCodecs[type]();
      const data = jsonLines(10_000);
      const compressed = await codec.compress({ buffer: data });
      expect(compressed.equals(compress(type, data))).toBe(true);
      expect((await codec.decompress(compressed)).equals(data)).toBe(true);
      await expect(codec.decompress(Buffer.from("junk"))).rejects.toBeInstanceOf(ProtocolError);
    },
  );

  it("leaves gzip to kafkajs", () => {
    expect(Object.keys(kafkajsCodecs).map(Number)).toEqual([2, 3, 4]);
  });
});
