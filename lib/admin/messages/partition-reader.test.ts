import { describe, expect, it } from "vitest";
import { CompressionType, ControlRecordType, encodeEndTransactionMarkerBatch, encodeRecordBatch } from "../../protocol";
import { decodeRecords } from "./partition-reader";
import { detectFormat, encodeBytes, toMessageRecord } from "./record-view";

const batch = (baseOffset: number, values: string[], compression: CompressionType = CompressionType.None) =>
  encodeRecordBatch({
    baseOffset: BigInt(baseOffset),
    baseTimestamp: 1_000n,
    compression,
    records: values.map((v, i) => ({ value: Buffer.from(v), timestamp: 1_000n + BigInt(i) })),
  });

describe("decoding a Fetch answer's record set", () => {
  it("drops records before the offset asked for inside the first batch, and stops before a partial batch", () => {
    const second = batch(13, ["d", "e"]);
    const records = Buffer.concat([
      batch(10, ["a", "b", "c"], CompressionType.Gzip),
      second.subarray(0, second.length - 5),
    ]);
    const decoded = decodeRecords({ partition: 2, offset: 11 }, records, Infinity);
    expect(decoded.records.map((r) => [r.partition, r.offset, r.value?.toString(), r.timestamp])).toEqual([
      [2, 11, "b", 1_001],
      [2, 12, "c", 1_002],
    ]);
    expect(decoded.records[0]!.compression).toBe("gzip");
    expect(decoded.nextOffset).toBe(13);
  });

  it("skips control batches but moves past them, and stops at maxRecords with the position after the last kept", () => {
    const marker = encodeEndTransactionMarkerBatch({
      type: ControlRecordType.COMMIT,
      baseOffset: 3n,
      producerId: 7n,
      producerEpoch: 0,
      coordinatorEpoch: 0,
      timestamp: 1_000n,
    });
    const records = Buffer.concat([batch(0, ["a", "b", "c"]), marker, batch(4, ["e", "f"])]);
    const all = decodeRecords({ partition: 0, offset: 0 }, records, Infinity);
    expect(all.records.map((r) => r.offset)).toEqual([0, 1, 2, 4, 5]);
    expect(all.nextOffset).toBe(6);
    const two = decodeRecords({ partition: 0, offset: 0 }, records, 2);
    expect(two.records.map((r) => r.offset)).toEqual([0, 1]);
    expect(two.nextOffset).toBe(2);
    expect(decodeRecords({ partition: 0, offset: 5 }, null, 10)).toEqual({ records: [], nextOffset: 5 });
  });
});

describe("what the browser receives", () => {
  it("detects JSON, text and binary and cuts large values with the full size kept", () => {
    expect(detectFormat(Buffer.from('{"a":[1,2]}'), false)).toBe("json");
    expect(detectFormat(Buffer.from("hello\nworld"), false)).toBe("text");
    expect(detectFormat(Buffer.from([0, 1, 2, 255]), false)).toBe("binary");
    expect(detectFormat(Buffer.from([0xc3, 0xa9, 0xc3]), true)).toBe("text"); // "é" then a cut character
    const big = encodeBytes(Buffer.alloc(100, 0x41), 10)!;
    expect(big).toEqual({
      size: 100,
      base64: Buffer.alloc(10, 0x41).toString("base64"),
      truncated: true,
      format: "text",
    });
    const [read] = decodeRecords({ partition: 0, offset: 0 }, batch(0, ["x"]), 1).records;
    expect(toMessageRecord(read!)).toMatchObject({ offset: 0, timestampType: "CreateTime", key: null, sizeBytes: 1 });
  });
});
