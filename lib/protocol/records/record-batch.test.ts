import { describe, expect, it } from "vitest";
import { ProtocolError } from "../protocol-error";
import { BATCH_HEADER_SIZE, CompressionType, TimestampType, setBaseOffset, setLogAppendTime } from "./batch-header";
import { crc32c } from "./crc32c";
import { encodeRecordBatch, decodeRecordBatch, iterateBatches, type BatchInput } from "./record-batch";
import { handBuiltBatch } from "./test-fixtures";

const BASE_TS = 1_700_000_000_000n;
const ALL_CODECS = [
  CompressionType.None,
  CompressionType.Gzip,
  CompressionType.Snappy,
  CompressionType.Lz4,
  CompressionType.Zstd,
] as const;

function sampleInput(compression: CompressionType): BatchInput {
  return {
    compression,
    baseOffset: 1234n,
    partitionLeaderEpoch: 5,
    producerId: 99n,
    producerEpoch: 3,
    baseSequence: 10,
    records: [
      { key: Buffer.from("key-0"), value: Buffer.from("value-0"), timestamp: BASE_TS },
      { key: null, value: Buffer.from("no key"), timestamp: BASE_TS + 7n },
      { key: Buffer.from("tombstone"), value: null, timestamp: BASE_TS - 3n },
      {
        key: Buffer.from("k"),
        value: Buffer.alloc(0),
        headers: [
          { key: "trace-id", value: Buffer.from("abc") },
          { key: "ünïcode", value: null },
          { key: "trace-id", value: Buffer.from("dup") },
        ],
      },
    ],
  };
}

describe("golden bytes", () => {
  it("encodes exactly the batch built by hand from the spec", () => {
    const encoded = encodeRecordBatch({
      baseOffset: 16n,
      producerId: 7n,
      producerEpoch: 2,
      baseSequence: 42,
      records: [
        {
          key: Buffer.from("k"),
          value: Buffer.from("v1"),
          headers: [{ key: "h", value: Buffer.from("x") }],
          timestamp: BASE_TS,
        },
        { key: null, value: Buffer.from("v2"), timestamp: BASE_TS + 5n },
      ],
    });
    expect(encoded.toString("hex")).toBe(handBuiltBatch().toString("hex"));
  });

  it("decodes the hand-built batch field by field", () => {
    const batch = decodeRecordBatch(handBuiltBatch());
    expect(batch).toMatchObject({
      baseOffset: 16n,
      batchLength: 72,
      partitionLeaderEpoch: -1,
      magic: 2,
      attributes: 0,
      lastOffsetDelta: 1,
      baseTimestamp: BASE_TS,
      maxTimestamp: BASE_TS + 5n,
      producerId: 7n,
      producerEpoch: 2,
      baseSequence: 42,
      recordCount: 2,
    });
    expect(batch.records).toEqual([
      {
        attributes: 0,
        timestampDelta: 0n,
        offsetDelta: 0,
        key: Buffer.from("k"),
        value: Buffer.from("v1"),
        headers: [{ key: "h", value: Buffer.from("x") }],
      },
      { attributes: 0, timestampDelta: 5n, offsetDelta: 1, key: null, value: Buffer.from("v2"), headers: [] },
    ]);
  });
});

describe("round trips", () => {
  it.each(ALL_CODECS)("keeps every field with compression %i", (compression) => {
    const input = sampleInput(compression);
    const encoded = encodeRecordBatch(input);
    const batch = decodeRecordBatch(encoded);
    expect(batch.attributes & 0x07).toBe(compression);
    expect(batch).toMatchObject({ baseOffset: 1234n, partitionLeaderEpoch: 5, producerId: 99n, producerEpoch: 3 });
    expect(batch).toMatchObject({ baseSequence: 10, recordCount: 4, lastOffsetDelta: 3 });
    expect(batch.baseTimestamp).toBe(BASE_TS);
    expect(batch.maxTimestamp).toBe(BASE_TS + 7n);
    expect(batch.batchLength).toBe(encoded.length - 12);
    expect(batch.records.map((r) => r.offsetDelta)).toEqual([0, 1, 2, 3]);
    expect(batch.records.map((r) => r.timestampDelta)).toEqual([0n, 7n, -3n, 0n]);
    expect(batch.records.map((r) => r.key?.toString() ?? null)).toEqual(["key-0", null, "tombstone", "k"]);
    expect(batch.records.map((r) => r.value?.toString() ?? null)).toEqual(["value-0", "no key", null, ""]);
    expect(batch.records[3]!.headers).toEqual(input.records[3]!.headers);
  });

  it("carries transactional, control and LogAppendTime attributes", () => {
    const encoded = encodeRecordBatch({
      records: [{ value: Buffer.from("x") }],
      isTransactional: true,
      isControl: true,
      timestampType: TimestampType.LogAppendTime,
      baseTimestamp: 5n,
    });
    expect(decodeRecordBatch(encoded).attributes).toBe(0x10 | 0x20 | 0x08);
  });

  it("keeps explicit offset deltas with gaps (as a compacted batch has)", () => {
    const encoded = encodeRecordBatch({ records: [{ offsetDelta: 0 }, { offsetDelta: 4 }, { offsetDelta: 9 }] });
    const batch = decodeRecordBatch(encoded);
    expect(batch.records.map((r) => r.offsetDelta)).toEqual([0, 4, 9]);
    expect(batch.lastOffsetDelta).toBe(9);
    expect(batch.recordCount).toBe(3);
  });

  it("handles large timestamps, negative deltas and long varlongs", () => {
    const far = 1n << 60n;
    const encoded = encodeRecordBatch({ baseTimestamp: 0n, records: [{ timestamp: far }, { timestamp: -far }] });
    const batch = decodeRecordBatch(encoded);
    expect(batch.records.map((r) => r.timestampDelta)).toEqual([far, -far]);
    expect(batch.maxTimestamp).toBe(far);
  });

  it("encodes an empty batch and 10,000 records", () => {
    expect(decodeRecordBatch(encodeRecordBatch({ records: [], baseTimestamp: 1n })).records).toEqual([]);
    const many = Array.from({ length: 10_000 }, (_, i) => ({ value: Buffer.from(`v${i}`) }));
    const batch = decodeRecordBatch(encodeRecordBatch({ records: many, compression: CompressionType.Lz4 }));
    expect(batch.records).toHaveLength(10_000);
    expect(batch.records[9_999]!.value!.toString()).toBe("v9999");
  });

  it("decodes a batch at an offset inside a larger buffer and from a plain Uint8Array", () => {
    const encoded = encodeRecordBatch(sampleInput(CompressionType.None));
    const padded = new Uint8Array(encoded.length + 10);
    padded.set(encoded, 7);
    expect(decodeRecordBatch(padded, 7).records).toHaveLength(4);
    expect(decodeRecordBatch(new Uint8Array(encoded)).records[0]!.key!.toString()).toBe("key-0");
  });

  it("stays valid after the broker assigns offsets and LogAppendTime in place", () => {
    const encoded = encodeRecordBatch(sampleInput(CompressionType.Snappy));
    setBaseOffset(encoded, 0, 5000n);
    setLogAppendTime(encoded, 0, 1_800_000_000_000n);
    const batch = decodeRecordBatch(encoded);
    expect(batch.baseOffset).toBe(5000n);
    expect(batch.maxTimestamp).toBe(1_800_000_000_000n);
    expect(batch.attributes & 0x08).toBe(0x08);
  });

  it("refuses values that do not fit their wire types", () => {
    expect(() => encodeRecordBatch({ records: [{}], producerEpoch: 40_000 })).toThrow(ProtocolError);
    expect(() => encodeRecordBatch({ records: [{ offsetDelta: 1 }, { offsetDelta: 1 }] })).toThrow(/does not increase/);
    expect(() => encodeRecordBatch({ records: [{ offsetDelta: -1 }] })).toThrow(ProtocolError);
    expect(() => encodeRecordBatch({ records: [{}], baseOffset: 1n << 64n })).toThrow(/int64/);
    expect(() => encodeRecordBatch({ records: [{}], compression: 5 as CompressionType })).toThrow(/compression/);
  });
});

describe("decode errors", () => {
  const good = () => encodeRecordBatch(sampleInput(CompressionType.None));

  it("refuses a truncated batch", () => {
    const batch = good();
    for (const size of [0, 11, 60, batch.length - 1]) {
      expect(() => decodeRecordBatch(batch.subarray(0, size))).toThrow(ProtocolError);
    }
  });

  it("refuses a bad CRC, naming it", () => {
    const batch = good();
    batch[batch.length - 1]! ^= 0x01;
    expect(() => decodeRecordBatch(batch)).toThrow(/CRC/);
  });

  it("refuses magic 0 and 1", () => {
    const batch = good();
    batch[16] = 1;
    expect(() => decodeRecordBatch(batch)).toThrow(/magic 1/);
  });

  it("refuses an unknown codec", () => {
    const batch = good();
    batch.writeInt16BE(6, 21);
    batch.writeUInt32BE(crcOf(batch), 17);
    expect(() => decodeRecordBatch(batch)).toThrow(/compression type 6/);
  });

  it("refuses a record count that disagrees with the records", () => {
    for (const count of [3, 5, 1_000_000, -1]) {
      const batch = good();
      batch.writeInt32BE(count, 57);
      batch.writeUInt32BE(crcOf(batch), 17);
      expect(() => decodeRecordBatch(batch)).toThrow(ProtocolError);
    }
  });

  it("refuses a record whose length overruns the batch", () => {
    const batch = good();
    batch[BATCH_HEADER_SIZE] = 0x7e; // first record claims 63 bytes
    batch.writeUInt32BE(crcOf(batch), 17);
    expect(() => decodeRecordBatch(batch)).toThrow(/record length|does not fit|declares/);
  });

  it("refuses corrupt compressed records", () => {
    const batch = encodeRecordBatch(sampleInput(CompressionType.Zstd));
    batch.fill(0x55, BATCH_HEADER_SIZE + 4, BATCH_HEADER_SIZE + 8);
    batch.writeUInt32BE(crcOf(batch), 17);
    expect(() => decodeRecordBatch(batch)).toThrow(ProtocolError);
  });
});

describe("iterateBatches", () => {
  const a = encodeRecordBatch({ ...sampleInput(CompressionType.None), baseOffset: 0n });
  const b = encodeRecordBatch({ ...sampleInput(CompressionType.Gzip), baseOffset: 4n });
  const c = encodeRecordBatch({ records: [{ value: Buffer.from("last") }], baseOffset: 8n });

  it("walks concatenated batches, positions and headers", () => {
    const all = Buffer.concat([a, b, c]);
    const seen = [...iterateBatches(all)];
    expect(seen.map((s) => s.pos)).toEqual([0, a.length, a.length + b.length]);
    expect(seen.map((s) => s.header.baseOffset)).toEqual([0n, 4n, 8n]);
    expect(seen.map((s) => s.header.recordCount)).toEqual([4, 4, 1]);
  });

  it("stops cleanly at a trailing partial batch, however it is cut", () => {
    const all = Buffer.concat([a, b, c]);
    for (const cut of [1, 5, 11, 12, 30, 61, c.length - 1]) {
      const seen = [...iterateBatches(all.subarray(0, all.length - cut))];
      expect(seen).toHaveLength(2);
    }
    expect([...iterateBatches(new Uint8Array(0))]).toEqual([]);
  });

  it("throws on a complete batch with an impossible length or another magic", () => {
    const broken = Buffer.concat([a, b]);
    broken.writeInt32BE(10, a.length + 8);
    expect(() => [...iterateBatches(broken)]).toThrow(/shorter than its header/);
    const legacy = Buffer.concat([a]);
    legacy[16] = 0;
    expect(() => [...iterateBatches(legacy)]).toThrow(/magic 0/);
  });
});

/** Re-signs a batch whose fields a test changed, so the check under test is not the CRC one. */
function crcOf(batch: Buffer): number {
  return crc32c(batch.subarray(21));
}
