import { decompress as fzstdDecompress } from "fzstd";
import Decoder from "kafkajs/src/protocol/decoder.js";
import { Codecs } from "kafkajs/src/protocol/message/compression/index.js";
import Record from "kafkajs/src/protocol/recordBatch/record/v0/index.js";
import decodeKafkajsBatch from "kafkajs/src/protocol/recordBatch/v0/decoder.js";
import { RecordBatch as KafkajsRecordBatch } from "kafkajs/src/protocol/recordBatch/v0/index.js";
import Long from "kafkajs/src/utils/long.js";
import * as lz4js from "lz4js";
import * as snappyjs from "snappyjs";
import { afterEach, describe, expect, it } from "vitest";
import { kafkajsCodecs, type KafkajsCodec } from "../compression/kafkajs-codecs";
import { CompressionType } from "./batch-header";
import { validateBatchForAppend } from "./batch-validation";
import { decodeRecordBatch, encodeRecordBatch } from "./record-batch";

/**
 * Cross-implementation checks against kafkajs 2.2.4's own record batch v2 encoder and decoder, with
 * third-party codecs (snappyjs, lz4js, fzstd) where one exists, so a shared misunderstanding of the
 * format between our encoder and our decoder cannot pass unnoticed.
 */
const FIRST_TS = 1_700_000_000_000;
const savedCodecs = { ...Codecs };

afterEach(() => Object.assign(Codecs, savedCodecs));

function register(type: number, codec: KafkajsCodec): void {
  Codecs[type] = () => codec;
}

/** Third-party codecs, registered the way kafkajs-snappy and kafkajs-lz4 do. */
const thirdParty: Record<number, KafkajsCodec> = {
  [CompressionType.Snappy]: {
    compress: async (encoder) => Buffer.from(snappyjs.compress(encoder.buffer)), // raw block, as kafkajs-snappy
    decompress: async (buffer) => Buffer.concat(xerialBlocks(buffer).map((b) => Buffer.from(snappyjs.uncompress(b)))),
  },
  [CompressionType.Lz4]: {
    compress: async (encoder) => Buffer.from(lz4js.compress(encoder.buffer)),
    decompress: async (buffer) => Buffer.from(lz4js.decompress(buffer)),
  },
  [CompressionType.Zstd]: {
    compress: (encoder) => kafkajsCodecs[CompressionType.Zstd]().compress(encoder), // no pure-JS zstd compressor exists
    decompress: async (buffer) => Buffer.from(fzstdDecompress(buffer)),
  },
};

/** The xerial framing split as go-xerial-snappy / kafkajs-snappy do it: 16-byte header, [int32 length, block]*. */
function xerialBlocks(buffer: Buffer): Buffer[] {
  expect(buffer.subarray(0, 8).toString("hex")).toBe("82534e4150505900");
  const blocks: Buffer[] = [];
  for (let pos = 16; pos < buffer.length;) {
    const size = buffer.readUInt32BE(pos);
    blocks.push(buffer.subarray(pos + 4, pos + 4 + size));
    pos += 4 + size;
  }
  return blocks;
}

async function kafkajsBatch(compression: number): Promise<Buffer> {
  const records = [
    Record({
      offsetDelta: 0,
      timestampDelta: 0,
      key: Buffer.from("k0"),
      value: Buffer.from("v0"),
      headers: { a: "1", b: ["x", "y"] },
    }),
    Record({ offsetDelta: 1, timestampDelta: 25, key: null, value: Buffer.from("v1".repeat(500)) }),
    Record({ offsetDelta: 2, timestampDelta: 3, key: Buffer.from("k2"), value: null }),
  ];
  const encoder = await KafkajsRecordBatch({
    compression,
    firstTimestamp: FIRST_TS,
    maxTimestamp: FIRST_TS + 25,
    lastOffsetDelta: 2,
    transactional: true,
    producerId: Long.fromValue(4242),
    producerEpoch: 7,
    firstSequence: 100,
    records,
  });
  return encoder.buffer;
}

const CODECS = [
  CompressionType.None,
  CompressionType.Gzip,
  CompressionType.Snappy,
  CompressionType.Lz4,
  CompressionType.Zstd,
];

describe("kafkajs encodes, Pier decodes", () => {
  it.each(CODECS)("reads kafkajs's batch with compression %i (third-party compressor)", async (compression) => {
    if (thirdParty[compression]) register(compression, thirdParty[compression]);
    const bytes = await kafkajsBatch(compression);
    const batch = decodeRecordBatch(bytes);
    expect(batch).toMatchObject({
      recordCount: 3,
      lastOffsetDelta: 2,
      producerId: 4242n,
      producerEpoch: 7,
      baseSequence: 100,
    });
    expect(batch.attributes).toBe(compression | 0x10);
    expect(batch.baseTimestamp).toBe(BigInt(FIRST_TS));
    expect(batch.maxTimestamp).toBe(BigInt(FIRST_TS + 25));
    const [r0, r1, r2] = batch.records;
    expect(r0!.headers).toEqual([
      { key: "a", value: Buffer.from("1") },
      { key: "b", value: Buffer.from("x") },
      { key: "b", value: Buffer.from("y") },
    ]);
    expect(r1).toMatchObject({ key: null, timestampDelta: 25n, offsetDelta: 1 });
    expect(r1!.value!.toString()).toBe("v1".repeat(500));
    expect(r2).toMatchObject({ key: Buffer.from("k2"), value: null, timestampDelta: 3n });
    expect(validateBatchForAppend(bytes)).toMatchObject({ isTransactional: true, hasNullKey: true });
    expect(validateBatchForAppend(bytes).maxRecordTimestamp).toBe(BigInt(FIRST_TS + 25));
  });
});

describe("Pier encodes, kafkajs decodes", () => {
  it.each(CODECS)("kafkajs reads Pier's batch with compression %i (third-party decompressor)", async (compression) => {
    if (thirdParty[compression]) register(compression, thirdParty[compression]);
    const bytes = encodeRecordBatch({
      compression,
      baseOffset: 500n,
      partitionLeaderEpoch: 9,
      producerId: 77n,
      producerEpoch: 1,
      baseSequence: 5,
      isTransactional: true,
      records: [
        { key: Buffer.from("a"), value: Buffer.from("x".repeat(3000)), timestamp: BigInt(FIRST_TS) },
        { key: null, value: null, headers: [{ key: "h", value: Buffer.from("1") }], timestamp: BigInt(FIRST_TS + 9) },
      ],
    });
    const decoded = await decodeKafkajsBatch(new Decoder(bytes));
    expect(decoded).toMatchObject({
      firstOffset: "500",
      partitionLeaderEpoch: 9,
      lastOffsetDelta: 1,
      producerId: "77",
      producerEpoch: 1,
      firstSequence: 5,
      inTransaction: true,
      isControlBatch: false,
      maxTimestamp: String(FIRST_TS + 9),
    });
    expect(decoded.records.map((r) => [r.offset, r.timestamp])).toEqual([
      ["500", String(FIRST_TS)],
      ["501", String(FIRST_TS + 9)],
    ]);
    expect(decoded.records[0]!.value!.toString()).toBe("x".repeat(3000));
    expect(decoded.records[1]).toMatchObject({ key: null, value: null, headers: { h: Buffer.from("1") } });
  });

  it("kafkajs with Pier's kafkajsCodecs registered round-trips every codec through its own encoder and decoder", async () => {
    for (const compression of [CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd] as const) {
      register(compression, kafkajsCodecs[compression]());
      const bytes = await kafkajsBatch(compression);
      const decoded = await decodeKafkajsBatch(new Decoder(bytes));
      expect(decoded.records.map((r) => r.value?.toString().length ?? null)).toEqual([2, 1000, null]);
      expect(decodeRecordBatch(bytes).records).toHaveLength(3);
    }
  });
});
