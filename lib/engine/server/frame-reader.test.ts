import { describe, expect, it } from "vitest";
import { FrameReader, InvalidFrameError } from "./frame-reader";

function frame(payload: string): Buffer {
  const body = Buffer.from(payload);
  const out = Buffer.alloc(4 + body.length);
  out.writeInt32BE(body.length, 0);
  body.copy(out, 4);
  return out;
}

describe("FrameReader", () => {
  it("returns every complete frame of a chunk holding several (pipelined requests)", () => {
    const reader = new FrameReader(1024);
    const frames = reader.push(Buffer.concat([frame("one"), frame("two"), frame("three")]));
    expect(frames.map((f) => f.toString())).toEqual(["one", "two", "three"]);
    expect(reader.pendingBytes).toBe(0);
  });

  it("reassembles frames split at every possible byte boundary", () => {
    const stream = Buffer.concat([frame("hello"), frame(""), frame("world!")]);
    for (let cut = 1; cut < stream.length; cut++) {
      const reader = new FrameReader(1024);
      const got = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
      expect(got.map((f) => f.toString())).toEqual(["hello", "", "world!"]);
    }
  });

  it("reassembles a frame delivered one byte at a time", () => {
    const reader = new FrameReader(1024);
    const stream = frame("byte by byte");
    const got: Buffer[] = [];
    for (const byte of stream) got.push(...reader.push(Buffer.from([byte])));
    expect(got.map((f) => f.toString())).toEqual(["byte by byte"]);
  });

  it("keeps a partial frame pending", () => {
    const reader = new FrameReader(1024);
    expect(reader.push(frame("partial").subarray(0, 6))).toEqual([]);
    expect(reader.pendingBytes).toBe(6);
  });

  it("rejects a size over the limit before the body arrives", () => {
    const reader = new FrameReader(100);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(101, 0);
    expect(() => reader.push(prefix)).toThrow(InvalidFrameError);
  });

  it("rejects a negative size", () => {
    const reader = new FrameReader(100);
    expect(() => reader.push(Buffer.from([0xff, 0xff, 0xff, 0xfe]))).toThrow(/negative frame size/);
  });

  it("accepts a frame of exactly the limit", () => {
    const reader = new FrameReader(5);
    expect(reader.push(frame("12345")).map((f) => f.toString())).toEqual(["12345"]);
  });
});
