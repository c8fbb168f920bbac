import { describe, expect, it } from "vitest";
import { ProtocolError } from "../protocol-error";
import { Reader } from "./reader";
import { Writer } from "./writer";
import { ZERO_UUID, writeUuid } from "./uuid";

describe("Reader", () => {
  it("reads big-endian fixed-width values and advances", () => {
    const reader = new Reader(
      Buffer.from("ff 7ffe fffe 80000000 fffffffe fffffffffffffffe 3ff8000000000000 02".replace(/ /g, ""), "hex"),
    );
    expect(reader.int8()).toBe(-1);
    expect(reader.int16()).toBe(0x7ffe);
    expect(reader.uint16()).toBe(0xfffe);
    expect(reader.int32()).toBe(-0x80000000);
    expect(reader.uint32()).toBe(0xfffffffe);
    expect(reader.int64()).toBe(-2n);
    expect(reader.float64()).toBe(1.5);
    expect(reader.bool()).toBe(true); // any non-zero byte is true
    expect(reader.remaining).toBe(0);
  });

  it("never reads past its end, even inside a larger buffer", () => {
    const buf = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const reader = new Reader(buf, 2, 5);
    expect(() => reader.int32()).toThrow(ProtocolError);
    expect(reader.pos).toBe(2);
    expect(reader.int16()).toBe(0x0304);
    expect(() => reader.int16()).toThrow(/truncated: needs 2 bytes, 1 remain/);
    expect(() => reader.view(2)).toThrow(ProtocolError);
    expect(() => reader.utf8(5)).toThrow(ProtocolError);
  });

  it("rejects bounds outside the buffer", () => {
    expect(() => new Reader(Buffer.alloc(4), 0, 5)).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.alloc(4), 3, 2)).toThrow(ProtocolError);
  });

  it("accepts a plain Uint8Array and returns views, not copies", () => {
    const bytes = new Uint8Array([0, 1, 2, 3]);
    const view = new Reader(bytes, 1).view(2);
    bytes[1] = 9;
    expect([...view]).toEqual([9, 2]);
  });

  it("reads unsigned varints and rejects over-long ones", () => {
    expect(new Reader(Buffer.from([0xac, 0x02])).unsignedVarint()).toBe(300);
    expect(() => new Reader(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])).unsignedVarint()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0x80])).unsignedVarint()).toThrow(ProtocolError);
  });
});

describe("uuid", () => {
  it("round-trips Kafka's base64url form", () => {
    const bytes = Buffer.from("0123456789abcdeffedcba9876543210", "hex");
    const text = new Reader(bytes).uuid();
    expect(text).toHaveLength(22);
    const out = Buffer.alloc(16);
    writeUuid(out, 0, text);
    expect(out.equals(bytes)).toBe(true);
    expect(new Reader(Buffer.alloc(16)).uuid()).toBe(ZERO_UUID);
  });

  it("rejects non-canonical text", () => {
    const out = Buffer.alloc(16);
    expect(() => writeUuid(out, 0, "short")).toThrow(ProtocolError);
    expect(() => writeUuid(out, 0, "AAAAAAAAAAAAAAAAAAAAAB")).toThrow(ProtocolError); // stray low bits
    expect(() => writeUuid(out, 0, "AAAAAAAAAAAAAAAAAAAA+A")).toThrow(ProtocolError); // not URL-safe
  });
});

describe("Writer", () => {
  it("writes the same encodings the Reader reads", () => {
    const writer = new Writer(Buffer.alloc(4 + 8 + 2 + 5 + 1));
    writer.int32(-5);
    writer.int64(1n << 40n);
    writer.uint16(65535);
    writer.unsignedVarint(0xffffffff);
    writer.bool(false);
    const reader = new Reader(writer.buf);
    expect([reader.int32(), reader.int64(), reader.uint16(), reader.unsignedVarint(), reader.bool()]).toEqual([
      -5,
      1n << 40n,
      65535,
      0xffffffff,
      false,
    ]);
  });
});
