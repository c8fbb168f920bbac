import { describe, expect, it } from "vitest";
import { ProtocolError } from "../protocol-error";
import { BATCH_HEADER_SIZE } from "./batch-header";
import { decodeRecordBatch, encodeRecordBatch, type RecordInput } from "./record-batch";
import { RecordScanner } from "./record-scanner";
import { hexLines } from "./test-fixtures";

const BASE_TS = 1_700_000_000_000n;
/** Timestamp deltas whose varlongs take 1, 2, 3, 7, 8 and 10 bytes (the last ones come back as bigints). */
const DELTAS = [0n, -1n, 63n, -64n, 64n, 8191n, -8192n, 8192n, (1n << 48n) - 1n, 1n << 48n, -(1n << 48n) - 1n];
DELTAS.push(1n << 62n, -(1n << 62n));
/** Byte-field lengths whose varints take 1, 2 and 3 bytes. */
const LENGTHS = [0, 1, 63, 64, 8191, 8192];

function scanAll(batch: Buffer, count: number) {
  const scanner = new RecordScanner(batch.subarray(BATCH_HEADER_SIZE));
  const seen = [];
  for (let i = 0; i < count; i++) {
    scanner.next();
    seen.push({
      offsetDelta: scanner.offsetDelta,
      timestampDelta: BigInt(scanner.timestampDelta),
      keyIsNull: scanner.keyIsNull,
    });
  }
  expect(scanner.position).toBe(batch.length - BATCH_HEADER_SIZE);
  return seen;
}

function expected(batch: Buffer) {
  return decodeRecordBatch(batch).records.map((r) => ({
    offsetDelta: r.offsetDelta,
    timestampDelta: r.timestampDelta,
    keyIsNull: r.key === null,
  }));
}

describe("RecordScanner agrees with decodeRecordBatch", () => {
  it("on timestamp deltas of every varlong size, small and bigint", () => {
    const records: RecordInput[] = DELTAS.map((d) => ({ value: Buffer.from("v"), timestamp: BASE_TS + d }));
    const batch = encodeRecordBatch({ records, baseTimestamp: BASE_TS });
    const seen = scanAll(batch, records.length);
    expect(seen.map((r) => r.timestampDelta)).toEqual(DELTAS);
    expect(seen).toEqual(expected(batch));
  });

  it("on keys, values and headers of 1-, 2- and 3-byte lengths, null or not", () => {
    const records: RecordInput[] = LENGTHS.flatMap((n) => [
      { key: Buffer.alloc(n, 1), value: null, headers: [{ key: "h".repeat(n), value: Buffer.alloc(n, 2) }] },
      { key: null, value: Buffer.alloc(n, 3), headers: [{ key: "", value: null }] },
    ]);
    const batch = encodeRecordBatch({ records, baseTimestamp: BASE_TS });
    const seen = scanAll(batch, records.length);
    expect(seen.map((r) => r.keyIsNull)).toEqual(records.map((r) => r.key === null));
    expect(seen).toEqual(expected(batch));
  });

  it("on offset deltas past one and two varint bytes", () => {
    const value = Buffer.from("x");
    const records: RecordInput[] = Array.from({ length: 9000 }, () => ({ value }));
    const batch = encodeRecordBatch({ records, baseTimestamp: BASE_TS });
    const seen = scanAll(batch, records.length);
    expect(seen.every((r, i) => r.offsetDelta === i)).toBe(true);
  });
});

describe("RecordScanner refuses", () => {
  const scan =
    (bytes: Buffer, end = bytes.length) =>
    () =>
      new RecordScanner(bytes, 0, end).next();

  it("a record longer than the bytes left, or a varint cut by the section's end", () => {
    expect(scan(hexLines("7e 00 00 00 01 02 00"))).toThrow(/record length 63 does not fit the 6 bytes left/);
    expect(scan(hexLines("80"))).toThrow(/varint truncated/);
    // The same record is whole in the buffer but not within `end`: nothing past `end` is read.
    expect(scan(hexLines("0e 00 00 00 01 02 00 00"), 7)).toThrow(/does not fit/);
  });

  it("fields that overrun their record, even when bytes follow it", () => {
    const keyOverrun = hexLines("0e 00 00 00 14 00 00 00  0e 00 00 00 01 01 00");
    expect(scan(keyOverrun)).toThrow(/key length 10 overruns/);
    const cutVarint = hexLines("06 00 00 00 01 01 80  00"); // header count's varint continues past the record
    expect(scan(cutVarint)).toThrow(/varint truncated/);
  });

  it("a null header key, a negative header count, and fields shorter than the record", () => {
    expect(scan(hexLines("10 00 00 00 01 01 02 01 01"))).toThrow(/null header key/);
    expect(scan(hexLines("0c 00 00 00 01 01 01"))).toThrow(/header count -1/);
    expect(scan(hexLines("10 00 00 00 01 02 61 00 ff"))).toThrow(/declares 8 bytes but its fields use 7/);
  });

  it("over-long varints, with ProtocolError", () => {
    const tooLong = hexLines("ff ff ff ff ff 01 00 00 00 01 01 00");
    expect(scan(tooLong)).toThrow(ProtocolError);
    expect(scan(tooLong)).toThrow(/longer than 5 bytes/);
  });
});
