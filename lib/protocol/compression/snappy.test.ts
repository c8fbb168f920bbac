import * as snappyjs from "snappyjs";
import { describe, expect, it } from "vitest";
import { hexLines } from "../records/test-fixtures";
import { ProtocolError } from "../protocol-error";
import { XERIAL_BLOCK_BYTES, snappyCodec } from "./snappy";

const LIMIT = 64 * 1024 * 1024;

/**
 * A xerial stream as snappy-java's SnappyOutputStream (and so Kafka's Java producer) writes it,
 * built byte by byte: the 16-byte header, then two [int32 length, raw snappy block] chunks whose
 * blocks are hand-assembled from the snappy format (literal and copy elements).
 */
const JAVA_XERIAL_FIXTURE = hexLines(`
  82 53 4e 41 50 50 59 00     // magic: 0x82 "SNAPPY" 0x00
  00 00 00 01                 // version 1
  00 00 00 01                 // minimum compatible version 1
  00 00 00 07                 // block 1: 7 bytes
  05                          //   uncompressed length 5
  10 4b 61 66 6b 61           //   literal of 5: "Kafka"
  00 00 00 08                 // block 2: 8 bytes
  0c                          //   uncompressed length 12
  0c 61 62 63 64              //   literal of 4: "abcd"
  11 04                       //   copy, 1-byte offset: length 8, offset 4 -> "abcdabcd"
`);

describe("snappy (xerial framing)", () => {
  it("reads the Java-written xerial fixture", () => {
    expect(snappyCodec.decompress(JAVA_XERIAL_FIXTURE, LIMIT).toString()).toBe("Kafkaabcdabcdabcd");
  });

  it("reads a bare raw snappy block (kafkajs-snappy) and concatenated xerial streams", () => {
    expect(snappyCodec.decompress(JAVA_XERIAL_FIXTURE.subarray(20, 27), LIMIT).toString()).toBe("Kafka");
    const twice = Buffer.concat([JAVA_XERIAL_FIXTURE, JAVA_XERIAL_FIXTURE]);
    expect(snappyCodec.decompress(twice, LIMIT).toString()).toBe("Kafkaabcdabcdabcd".repeat(2));
  });

  it("writes the xerial header and 32 KiB blocks, like SnappyOutputStream", () => {
    const data = Buffer.alloc(2 * XERIAL_BLOCK_BYTES + 4464, "abcdefgh");
    const out = snappyCodec.compress(data);
    expect(out.subarray(0, 16).toString("hex")).toBe("82534e41505059000000000100000001");
    const blockLengths: number[] = [];
    for (let pos = 16; pos < out.length;) {
      const size = out.readInt32BE(pos);
      const block = out.subarray(pos + 4, pos + 4 + size);
      blockLengths.push(Buffer.from(snappyjs.uncompress(block)).length); // an independent decoder
      pos += 4 + size;
    }
    expect(blockLengths).toEqual([32768, 32768, 4464]);
  });

  it("reads raw snappy written by an independent implementation (snappyjs)", () => {
    const data = Buffer.from("the quick brown fox ".repeat(4000));
    expect(snappyCodec.decompress(Buffer.from(snappyjs.compress(data)), LIMIT).equals(data)).toBe(true);
  });

  it("refuses a block whose declared length passes the limit, without inflating it", () => {
    const claimsFourGiB = hexLines(`ff ff ff ff 0f  // uncompressed length 2^32 - 1
                                    00             // and nothing else`);
    expect(() => snappyCodec.decompress(claimsFourGiB, LIMIT)).toThrow(/over the limit/);
    const many = Buffer.concat([
      JAVA_XERIAL_FIXTURE.subarray(0, 16),
      ...Array.from({ length: 3 }, () => hexLines("00 00 00 05 80 80 80 10 00")),
    ]);
    expect(() => snappyCodec.decompress(many, 64 * 1024 * 1024)).toThrow(/over the limit/); // 3 x 32 MiB declared
  });

  it("refuses broken framing and corrupt blocks with a ProtocolError", () => {
    const cases = [
      JAVA_XERIAL_FIXTURE.subarray(0, 18), // block length cut short
      Buffer.concat([JAVA_XERIAL_FIXTURE.subarray(0, 16), hexLines("00 00 10 00 05")]), // block overruns
      Buffer.concat([JAVA_XERIAL_FIXTURE.subarray(0, 16), hexLines("ff ff ff ff")]), // negative length
      hexLines("05 10 4b 61"), // raw block with its literal cut short
      hexLines("0c 0c 61 62 63 64 11 09"), // copy reaching before the start
    ];
    for (const bad of cases) expect(() => snappyCodec.decompress(bad, LIMIT)).toThrow(ProtocolError);
  });
});
