import { decompress as fzstdDecompress } from "fzstd";
import { describe, expect, it } from "vitest";
import { hexLines } from "../records/test-fixtures";
import { ProtocolError } from "../protocol-error";
import { zstdCodec } from "./zstd";
import { walkZstdFrames } from "./zstd-frame";

const LIMIT = 64 * 1024 * 1024;

/** A streaming-style frame (no content size, as zstd-jni's ZstdOutputStream writes) with one Raw block. */
const RAW_FRAME = hexLines(`
  28 b5 2f fd       // magic 0xFD2FB528, little-endian
  00                // FHD: no content size, not single-segment, no checksum, no dictionary
  00                // window descriptor: 1 KiB
  29 00 00          // block header: last, Raw, size 5
  68 65 6c 6c 6f    // "hello"
`);

/** A single-segment frame with a 1-byte content size and one RLE block. */
const RLE_FRAME = hexLines(`
  28 b5 2f fd       // magic
  20                // FHD: single segment, 1-byte content size
  0a                // content size 10
  53 00 00          // block header: last, RLE, size 10
  7a                // "z"
`);

describe("zstd", () => {
  it("reads hand-built Raw and RLE frames, as does an independent decoder", () => {
    expect(zstdCodec.decompress(RAW_FRAME, LIMIT).toString()).toBe("hello");
    expect(zstdCodec.decompress(RLE_FRAME, LIMIT).toString()).toBe("zzzzzzzzzz");
    expect(Buffer.from(fzstdDecompress(RLE_FRAME)).toString()).toBe("zzzzzzzzzz");
    expect(walkZstdFrames(RAW_FRAME, LIMIT)).toEqual([{ start: 0, end: RAW_FRAME.length, maxOutputBytes: 5 }]);
  });

  it("writes standard frames an independent decoder (fzstd) reads", () => {
    const data = Buffer.from(JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i, s: `v${i % 97}` }))));
    const out = zstdCodec.compress(data);
    expect(out.readUInt32LE(0)).toBe(0xfd2fb528);
    expect(Buffer.from(fzstdDecompress(out)).equals(data)).toBe(true);
  });

  it("reads concatenated frames and skips skippable frames", () => {
    const skippable = hexLines("5e 2a 4d 18  02 00 00 00  01 02");
    const all = Buffer.concat([RAW_FRAME, skippable, RLE_FRAME, zstdCodec.compress(Buffer.from("!"))]);
    expect(zstdCodec.decompress(all, LIMIT).toString()).toBe("hellozzzzzzzzzz!");
  });

  it("refuses RLE blocks that would inflate past the limit, without inflating", () => {
    const rle128k = hexLines("02 00 10 7a"); // block header: not last, RLE, size 131072; then "z"
    const bomb = Buffer.concat([
      hexLines("28 b5 2f fd 00 70"),
      ...Array.from({ length: 600 }, () => rle128k),
      RLE_FRAME.subarray(6),
    ]);
    expect(() => zstdCodec.decompress(bomb, LIMIT)).toThrow(/over the limit/);
  });

  it("refuses a content size the blocks cannot hold, or that the data contradicts", () => {
    const claims200 = Buffer.from(RLE_FRAME);
    claims200[5] = 200;
    expect(() => zstdCodec.decompress(claims200, LIMIT)).toThrow(/claims 200 bytes/);
    const claims9 = Buffer.from(RLE_FRAME);
    claims9[5] = 9;
    expect(() => zstdCodec.decompress(claims9, LIMIT)).toThrow(ProtocolError);
  });

  it("refuses bad magic, reserved bits and block types, truncation and corrupt blocks", () => {
    const withByte = (frame: Buffer, at: number, value: number) => {
      const copy = Buffer.from(frame);
      copy[at] = value;
      return copy;
    };
    const compressed = zstdCodec.compress(Buffer.from("abcdefgh".repeat(1000)));
    const cases = [
      withByte(RAW_FRAME, 0, 0x29), // magic
      withByte(RAW_FRAME, 4, 0x08), // reserved FHD bit
      withByte(RAW_FRAME, 6, 0x2f), // reserved block type 3
      RAW_FRAME.subarray(0, RAW_FRAME.length - 1), // Raw block cut short
      withByte(compressed, compressed.length - 4, compressed[compressed.length - 4]! ^ 0xff), // compressed data damaged
    ];
    for (const bad of cases) expect(() => zstdCodec.decompress(bad, LIMIT)).toThrow(ProtocolError);
  });
});
