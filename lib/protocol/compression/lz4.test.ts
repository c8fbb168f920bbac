import { randomBytes } from "node:crypto";
import * as lz4js from "lz4js";
import { compressFrameSync } from "lz4-napi";
import { describe, expect, it } from "vitest";
import { hexLines } from "../records/test-fixtures";
import { ProtocolError } from "../protocol-error";
import { LZ4_BLOCK_BYTES, lz4Codec } from "./lz4";
import { walkLz4Frames } from "./lz4-frame";

const LIMIT = 64 * 1024 * 1024;

/**
 * An LZ4 frame as Kafka's Java Lz4BlockOutputStream writes it (FLG 0x60, BD 0x40 = 64 KiB blocks,
 * header checksum 0x82), built byte by byte with one compressed and one stored block.
 */
const JAVA_LZ4_FIXTURE = hexLines(`
  04 22 4d 18                 // magic 0x184D2204, little-endian
  60                          // FLG: version 01, independent blocks, no checksums, no content size
  40                          // BD: 64 KiB maximum block size
  82                          // HC: (xxh32(FLG BD) >> 8) & 0xff
  0d 00 00 00                 // block 1: 13 compressed bytes
  48 61 62 63 64 04 00        //   4 literals "abcd", then match: offset 4, length 4 + 8
  50 65 66 67 68 69           //   last sequence: 5 literals "efghi"
  03 00 00 80                 // block 2: 3 bytes stored uncompressed (high bit)
  58 59 5a                    //   "XYZ"
  00 00 00 00                 // EndMark
`);

describe("lz4 (frame format)", () => {
  it("reads the Java-written frame fixture", () => {
    expect(lz4Codec.decompress(JAVA_LZ4_FIXTURE, LIMIT).toString()).toBe("abcdabcdabcdabcdefghiXYZ");
  });

  it("writes Kafka's frame header and 64 KiB independent blocks, readable by lz4js", () => {
    const data = Buffer.alloc(3 * LZ4_BLOCK_BYTES + 10, "kafka lz4 block ");
    const out = lz4Codec.compress(data);
    expect(out.subarray(0, 7).toString("hex")).toBe("04224d18604082");
    expect(Buffer.from(lz4js.decompress(out)).equals(data)).toBe(true);
    // Three compressed blocks bound at 64 KiB each; the 10-byte tail does not shrink and is stored.
    expect(walkLz4Frames(out, LIMIT)).toEqual([
      { start: 0, end: out.length, maxOutputBytes: 3 * LZ4_BLOCK_BYTES + 10 },
    ]);
  });

  it("stores a block that does not shrink, as Java does", () => {
    const noise = randomBytes(1000);
    const out = lz4Codec.compress(noise);
    expect(out.readUInt32LE(7)).toBe((0x80000000 | 1000) >>> 0);
    expect(lz4Codec.decompress(out, LIMIT).equals(noise)).toBe(true);
  });

  it("reads frames from independent writers: lz4js, and lz4_flex with block and content checksums", () => {
    const data = Buffer.from("independent implementation ".repeat(5000));
    expect(lz4Codec.decompress(Buffer.from(lz4js.compress(data)), LIMIT).equals(data)).toBe(true);
    const checked = compressFrameSync(data, { blockChecksums: true, contentChecksum: true });
    expect(lz4Codec.decompress(checked, LIMIT).equals(data)).toBe(true);
    checked[checked.length - 1]! ^= 0xff; // content checksum
    expect(() => lz4Codec.decompress(checked, LIMIT)).toThrow(ProtocolError);
  });

  it("reads concatenated frames and skips skippable frames", () => {
    const skippable = hexLines("50 2a 4d 18  03 00 00 00  aa bb cc");
    const both = Buffer.concat([JAVA_LZ4_FIXTURE, skippable, lz4Codec.compress(Buffer.from("!"))]);
    expect(lz4Codec.decompress(both, LIMIT).toString()).toBe("abcdabcdabcdabcdefghiXYZ!");
  });

  it("refuses frames whose blocks could inflate past the limit, before inflating", () => {
    const tinyBlocks = Buffer.concat([
      hexLines("04 22 4d 18 60 70 73"), // 4 MiB blocks
      ...Array.from({ length: 20 }, () => hexLines("01 00 00 00 00")), // 20 one-byte compressed blocks
      hexLines("00 00 00 00"),
    ]);
    expect(() => lz4Codec.decompress(tinyBlocks, LIMIT)).toThrow(/over the limit/);
  });

  it("refuses bad magic, descriptors, checksums and truncation with a ProtocolError", () => {
    const withByte = (at: number, value: number) => {
      const copy = Buffer.from(JAVA_LZ4_FIXTURE);
      copy[at] = value;
      return copy;
    };
    const cases = [
      withByte(0, 0x05), // magic
      withByte(4, 0xa0), // version 10
      withByte(5, 0x30), // block size id 3
      withByte(6, 0x83), // header checksum
      withByte(7, 0x7f), // block longer than the data
      JAVA_LZ4_FIXTURE.subarray(0, JAVA_LZ4_FIXTURE.length - 2), // EndMark cut
    ];
    for (const bad of cases) expect(() => lz4Codec.decompress(bad, LIMIT)).toThrow(ProtocolError);
  });
});
