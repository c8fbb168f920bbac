import { describe, expect, it } from "vitest";
import { AdminError } from "../errors";
import { FrameSplitter } from "./frame-splitter";

function frame(body: number[]): Buffer {
  const b = Buffer.alloc(4 + body.length);
  b.writeInt32BE(body.length);
  Buffer.from(body).copy(b, 4);
  return b;
}

describe("frame splitter", () => {
  it("returns whole frames however the bytes are chunked", () => {
    const stream = Buffer.concat([frame([1, 2, 3, 4]), frame([5, 6, 7, 8, 9])]);
    for (let cut = 1; cut < stream.length; cut++) {
      const splitter = new FrameSplitter(1024);
      const frames = [...splitter.push(stream.subarray(0, cut)), ...splitter.push(stream.subarray(cut))];
      expect(frames.map((f) => [...f])).toEqual([
        [1, 2, 3, 4],
        [5, 6, 7, 8, 9],
      ]);
    }
  });

  it("handles a stream delivered one byte at a time, size prefix included", () => {
    const stream = Buffer.concat([frame([1, 2, 3, 4]), frame([5, 6, 7, 8, 9]), frame([10, 11, 12, 13])]);
    const splitter = new FrameSplitter(1024);
    const frames: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) frames.push(...splitter.push(stream.subarray(i, i + 1)));
    expect(frames.map((f) => [...f])).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11, 12, 13],
    ]);
  });

  it("copies a large frame arriving in many chunks once, not once per chunk", () => {
    const body = Buffer.alloc(4 * 1024 * 1024, 7);
    const stream = Buffer.concat([Buffer.alloc(4), body]);
    stream.writeInt32BE(body.length, 0);
    const splitter = new FrameSplitter(8 * 1024 * 1024);
    const concat = Buffer.concat;
    let copiedBytes = 0;
    Buffer.concat = ((list: readonly Uint8Array[], total?: number) => {
      copiedBytes += total ?? list.reduce((sum, b) => sum + b.length, 0);
      return concat(list, total);
    }) as typeof Buffer.concat;
    try {
      const frames: Buffer[] = [];
      for (let pos = 0; pos < stream.length; pos += 64 * 1024)
        frames.push(...splitter.push(stream.subarray(pos, pos + 64 * 1024)));
      expect(frames).toHaveLength(1);
      expect(frames[0]!.length).toBe(body.length);
    } finally {
      Buffer.concat = concat;
    }
    expect(copiedBytes).toBeLessThanOrEqual(stream.length);
  });

  it("refuses sizes below a correlation id or above the limit", () => {
    expect(() => new FrameSplitter(1024).push(frame([1]))).toThrow(AdminError);
    const big = Buffer.alloc(4);
    big.writeInt32BE(4096);
    expect(() => new FrameSplitter(1024).push(big)).toThrow(/4096 bytes/);
  });
});
