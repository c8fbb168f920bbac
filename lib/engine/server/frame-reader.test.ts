import { describe, expect, it } from "vitest";
import { FrameBufferPool } from "./frame-buffer-pool";
import { FrameReader, InvalidFrameError } from "./frame-reader";
import { prng } from "../../protocol/testing/prng";

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

/** A frame of `size` bytes whose content depends on `seed`, so a byte from another frame shows. */
function patterned(size: number, seed: number): Buffer {
  const body = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) body[i] = (i * 31 + seed * 7) & 0xff;
  const out = Buffer.alloc(4 + size);
  out.writeInt32BE(size, 0);
  body.copy(out, 4);
  return out;
}

/** Pushes `stream` in pieces of `sizes` (cycled), through one reused chunk buffer when `reuse`. */
function pushInPieces(reader: FrameReader, stream: Buffer, sizes: number[], reuse: boolean): Buffer[] {
  const readBuffer = Buffer.alloc(Math.max(...sizes));
  const frames: Buffer[] = [];
  for (let pos = 0, i = 0; pos < stream.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, stream.length - pos);
    const chunk = reuse ? readBuffer.subarray(0, n) : Buffer.from(stream.subarray(pos, pos + n));
    if (reuse) stream.copy(readBuffer, 0, pos, pos + n);
    frames.push(...reader.push(chunk, reuse));
    if (reuse) readBuffer.fill(0xee); // the next read overwrites it: no frame may still point into it
    pos += n;
  }
  return frames;
}

describe("FrameReader with a buffer pool (ownership)", () => {
  const MIN = 1024;
  const MAX = 64 * 1024;
  const newPool = () => new FrameBufferPool(MIN, MAX, 2);

  it("assembles a frame split across many chunks in a pooled buffer, reused once released", () => {
    const pool = newPool();
    const reader = new FrameReader(1 << 20, pool);
    const first = pushInPieces(reader, patterned(10_000, 1), [1, 7, 300, 999], false);
    expect(first).toHaveLength(1);
    expect(reader.isBorrowed(first[0]!)).toBe(true);
    expect(first[0]!.equals(patterned(10_000, 1).subarray(4))).toBe(true);
    const memory = first[0]!.buffer;
    reader.release(first[0]!);
    expect(pool.idleCount).toBe(1);
    const second = pushInPieces(reader, patterned(9_000, 2), [4096], false);
    expect(second[0]!.buffer).toBe(memory);
    expect(second[0]!.equals(patterned(9_000, 2).subarray(4))).toBe(true);
    expect(reader.pendingBytes).toBe(0);
  });

  it("never hands out a buffer that a frame not yet released still uses", () => {
    const reader = new FrameReader(1 << 20, newPool());
    const frames = pushInPieces(
      reader,
      Buffer.concat([patterned(5_000, 3), patterned(6_000, 4), patterned(7_000, 5)]),
      [1000],
      false,
    );
    expect(frames.map((f) => f.length)).toEqual([5_000, 6_000, 7_000]);
    expect(new Set(frames.map((f) => f.buffer)).size).toBe(3);
    frames.forEach((f, i) => expect(f.equals(patterned(f.length, 3 + i).subarray(4))).toBe(true));
    for (const f of frames) reader.release(f);
    reader.release(frames[0]!); // releasing twice is harmless
  });

  it("returns frames wholly inside a chunk as views of it, not borrowed", () => {
    const reader = new FrameReader(1 << 20, newPool());
    const chunk = Buffer.concat([patterned(2_000, 1), patterned(10, 2), patterned(3_000, 3)]);
    const frames = reader.push(chunk);
    expect(frames.map((f) => f.length)).toEqual([2_000, 10, 3_000]);
    for (const f of frames) {
      expect(f.buffer).toBe(chunk.buffer);
      expect(reader.isBorrowed(f)).toBe(false);
    }
  });

  it("copies every frame out of a reused chunk: many frames in one read, the read overwritten afterwards", () => {
    const reader = new FrameReader(1 << 20, newPool());
    const stream = Buffer.concat([patterned(2_000, 1), patterned(10, 2), patterned(0, 3), patterned(3_000, 4)]);
    const frames = pushInPieces(reader, stream, [stream.length], true);
    expect(frames.map((f) => f.length)).toEqual([2_000, 10, 0, 3_000]);
    frames.forEach((f, i) => expect(f.equals(patterned(f.length, 1 + i).subarray(4))).toBe(true));
    expect(frames.filter((f) => reader.isBorrowed(f)).map((f) => f.length)).toEqual([2_000, 3_000]);
  });

  it("gives frames larger than the pool's limit, or smaller than its minimum, a buffer of their own", () => {
    const pool = newPool();
    const reader = new FrameReader(1 << 20, pool);
    const frames = pushInPieces(reader, Buffer.concat([patterned(MAX + 1, 1), patterned(MIN - 1, 2)]), [777], true);
    expect(frames.map((f) => f.length)).toEqual([MAX + 1, MIN - 1]);
    expect(frames.map((f) => reader.isBorrowed(f))).toEqual([false, false]);
    frames.forEach((f, i) => expect(f.equals(patterned(f.length, 1 + i).subarray(4))).toBe(true));
    expect(pool.idleCount).toBe(0);
  });

  it("yields the same frames whatever the chunking, with the chunk buffer reused or not", () => {
    const random = prng(42);
    for (let round = 0; round < 40; round++) {
      const sizes = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        random() < 0.3 ? Math.floor(random() * 40) : Math.floor(random() * 3 * MAX),
      );
      const stream = Buffer.concat(sizes.map((s, i) => patterned(s, i)));
      const cuts = Array.from({ length: 3 }, () => 1 + Math.floor(random() * 70_000));
      const reuse = round % 2 === 0;
      const reader = new FrameReader(1 << 20, newPool());
      const frames = pushInPieces(reader, stream, cuts, reuse);
      expect(frames.map((f) => f.length)).toEqual(sizes);
      frames.forEach((f, i) => expect(f.equals(patterned(sizes[i]!, i).subarray(4))).toBe(true));
      // Releasing in any order keeps the others intact.
      for (const f of frames.filter((_, i) => i % 2 === 1)) reader.release(f);
      frames.forEach((f, i) => i % 2 === 0 && expect(f.equals(patterned(sizes[i]!, i).subarray(4))).toBe(true));
      expect(reader.pendingBytes).toBe(0);
    }
  });
});

describe("FrameBufferPool", () => {
  it("sizes buffers in granules, reuses one that fits, and keeps at most maxIdle", () => {
    const pool = new FrameBufferPool(1, 4 * 1024 * 1024, 2);
    const a = pool.take(100_000);
    expect(a.length).toBe(2 * 64 * 1024);
    pool.give(a);
    expect(pool.take(120_000)).toBe(a);
    expect(pool.take(4 * 1024 * 1024).length).toBe(4 * 1024 * 1024);
    const three = [pool.take(10), pool.take(10), pool.take(10)];
    expect(new Set(three).size).toBe(3);
    for (const buffer of three) pool.give(buffer);
    expect(pool.idleCount).toBe(2);
    expect(pool.pools(0)).toBe(false);
    expect(pool.pools(4 * 1024 * 1024 + 1)).toBe(false);
  });
});
