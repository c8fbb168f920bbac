import { describe, expect, it } from "vitest";
import { BATCH_HEADER_SIZE } from "./batch-header";
import { encodeRecordBatch, type RecordInput } from "./record-batch";
import { fastWalkRecords } from "./record-fast-walk";
import { RecordScanner } from "./record-scanner";
import { hexLines } from "./test-fixtures";
import { prng } from "../testing/prng";

const BASE_TS = 1_700_000_000_000n;

/** What the general scanner says of a section: refused, or the fast walk's answer. */
function reference(bytes: Uint8Array, count: number) {
  const scanner = new RecordScanner(bytes);
  let maxTimestampDelta = Number.MIN_SAFE_INTEGER;
  let hasNullKey = false;
  try {
    for (let i = 0; i < count; i++) {
      scanner.next();
      if (scanner.offsetDelta !== i) return "refused";
      const delta = Number(scanner.timestampDelta);
      if (delta > maxTimestampDelta) maxTimestampDelta = delta;
      if (scanner.keyIsNull) hasNullKey = true;
    }
  } catch {
    return "refused";
  }
  return scanner.position === bytes.byteLength ? { maxTimestampDelta, hasNullKey } : "refused";
}

/** Lengths and deltas around the 1/2/3/4-byte varint boundaries. */
const SIZES = [0, 1, 63, 64, 8191, 8192, 9000];
const DELTAS = [0n, -1n, 63n, -64n, 64n, 8191n, 8192n, -8193n, 1_048_575n, 1_048_576n, -1_048_577n, 1n << 40n];

function randomRecords(rand: () => number, count: number): RecordInput[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: count }, () => ({
    key: rand() < 0.3 ? null : Buffer.alloc(pick(SIZES) % 200, 1),
    value: rand() < 0.1 ? null : Buffer.alloc(pick(SIZES), 2),
    timestamp: BASE_TS + (rand() < 0.8 ? BigInt(Math.floor(rand() * 100)) : pick(DELTAS)),
    headers: Array.from({ length: Math.floor(rand() * 3) }, () => ({
      key: "h".repeat(pick(SIZES) % 100),
      value: rand() < 0.3 ? null : Buffer.alloc(pick(SIZES) % 300, 3),
    })),
  }));
}

const sectionOf = (batch: Buffer) => batch.subarray(BATCH_HEADER_SIZE);

describe("fastWalkRecords", () => {
  it("answers as the general scanner on valid batches, and takes every batch of short varints", () => {
    const rand = prng(7);
    for (let round = 0; round < 200; round++) {
      const records = randomRecords(rand, 1 + Math.floor(rand() * 40));
      const section = sectionOf(encodeRecordBatch({ records, baseTimestamp: BASE_TS }));
      const fast = fastWalkRecords(section, records.length);
      const expected = reference(section, records.length);
      expect(expected).not.toBe("refused");
      if (fast !== undefined) expect(fast).toEqual(expected);
      const short = records.every((r) => {
        const delta = r.timestamp! - BASE_TS;
        return delta > -1_048_576n && delta < 1_048_576n;
      });
      if (short) expect(fast).toBeDefined();
    }
  });

  it("takes offset deltas of three varint bytes (kcat's batches of 10,000 records)", () => {
    const value = Buffer.alloc(100, 0x79);
    const records: RecordInput[] = Array.from({ length: 10_000 }, () => ({ value }));
    const section = sectionOf(encodeRecordBatch({ records, baseTimestamp: BASE_TS }));
    expect(fastWalkRecords(section, records.length)).toEqual({ maxTimestampDelta: 0, hasNullKey: true });
  });

  it("never accepts a damaged section the general scanner refuses (10,000 mutations)", () => {
    const rand = prng(11);
    let refused = 0;
    for (let round = 0; round < 10_000; round++) {
      const records = randomRecords(rand, 1 + Math.floor(rand() * 5));
      const section = Buffer.from(sectionOf(encodeRecordBatch({ records, baseTimestamp: BASE_TS })));
      for (let flips = 1 + Math.floor(rand() * 3); flips > 0; flips--) {
        section[Math.floor(rand() * section.length)] = Math.floor(rand() * 256);
      }
      const cut = rand() < 0.2 ? section.subarray(0, Math.floor(rand() * section.length)) : section;
      const count = rand() < 0.1 ? records.length + 1 : records.length;
      const expected = reference(cut, count);
      if (expected === "refused") refused++;
      const fast = fastWalkRecords(cut, count);
      if (fast !== undefined) expect(fast).toEqual(expected);
    }
    expect(refused).toBeGreaterThan(1_000);
  });

  it("leaves non-canonical varints, null header keys and wrong offsetDeltas to the general scanner", () => {
    // length 7, attributes, timestamp 0, offsetDelta 0 written as 80 00, key null, value 0, no headers
    expect(fastWalkRecords(hexLines("0e 00 00 80 00 01 00 00"), 1)).toBeUndefined();
    expect(fastWalkRecords(hexLines("10 00 00 00 01 01 02 01 01"), 1)).toBeUndefined();
    expect(fastWalkRecords(hexLines("0c 00 00 02 01 01 00"), 1)).toBeUndefined();
    expect(fastWalkRecords(hexLines("0c 00 00 00 01 01 00"), 1)).toEqual({ maxTimestampDelta: 0, hasNullKey: true });
  });
});
