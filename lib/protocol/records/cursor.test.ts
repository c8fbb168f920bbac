import { describe, expect, it } from "vitest";
import { readVarint, readVarlong, writeVarint, writeVarlong } from "../primitives/varint";
import { ProtocolError } from "../protocol-error";
import { ByteCursor, readLengthAt, readVarintAt, readVarlongAt } from "./cursor";

const LONGS = [0n, 1n, -1n, 63n, -64n, 64n, (1n << 48n) - 1n, 1n << 48n, -(1n << 48n), -(1n << 48n) - 1n];
LONGS.push(1n << 62n, (1n << 63n) - 1n, -(1n << 63n), 1_700_000_000_000n, -1_700_000_000_000n);
const INTS = [0, 1, -1, 63, -64, 64, 8191, -8192, 2 ** 31 - 1, -(2 ** 31), 1_000_000];

describe("ByteCursor readers agree with primitives/varint", () => {
  it.each(LONGS)("varlong %s", (value) => {
    const buf = Buffer.alloc(12);
    const end = writeVarlong(buf, 1, value);
    const cursor = new ByteCursor(buf, 1, end);
    const read = readVarlongAt(cursor);
    expect(BigInt(read)).toBe(readVarlong(buf, 1, end).value);
    expect(BigInt(read)).toBe(value);
    expect(cursor.pos).toBe(end);
  });

  it.each(INTS)("varint %i", (value) => {
    const buf = Buffer.alloc(6);
    const end = writeVarint(buf, 0, value);
    const cursor = new ByteCursor(buf, 0, end);
    expect(readVarintAt(cursor)).toBe(readVarint(buf, 0, end).value);
    expect(cursor.pos).toBe(end);
  });

  it("throws ProtocolError on truncation and over-long encodings, never reading past end", () => {
    const continuation = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(() => readVarintAt(new ByteCursor(continuation, 0, 3))).toThrow(/truncated/);
    expect(() => readVarintAt(new ByteCursor(continuation, 0, 11))).toThrow(/longer than 5/);
    expect(() => readVarlongAt(new ByteCursor(continuation, 0, 5))).toThrow(/truncated/);
    expect(() => readVarlongAt(new ByteCursor(continuation, 0, 11))).toThrow(/longer than 10/);
    expect(() => readVarlongAt(new ByteCursor(continuation, 0, 9))).toThrow(ProtocolError);
  });

  it("checks lengths against the bytes left", () => {
    const buf = Buffer.from([0x06, 1, 2, 3]); // length 3, then 3 bytes
    expect(readLengthAt(new ByteCursor(buf, 0, 4), "key")).toBe(3);
    expect(() => readLengthAt(new ByteCursor(buf, 0, 3), "key")).toThrow(/key length 3 does not fit/);
    expect(() => readLengthAt(new ByteCursor(Buffer.from([0x03]), 0, 1), "key")).toThrow(/length -2/);
    expect(readLengthAt(new ByteCursor(Buffer.from([0x01]), 0, 1), "key")).toBe(-1);
  });
});
