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

  it("refuses sizes below a correlation id or above the limit", () => {
    expect(() => new FrameSplitter(1024).push(frame([1]))).toThrow(AdminError);
    const big = Buffer.alloc(4);
    big.writeInt32BE(4096);
    expect(() => new FrameSplitter(1024).push(big)).toThrow(/4096 bytes/);
  });
});
