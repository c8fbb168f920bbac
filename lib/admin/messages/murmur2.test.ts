import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { murmur2, partitionForKey } from "./murmur2";

// kafkajs' own port of Java's Utils.murmur2: the reference the console must agree with.
const kafkajsMurmur2 = createRequire(import.meta.url)("kafkajs/src/producer/partitioners/default/murmur2.js") as (
  key: Buffer,
) => number;

describe("murmur2", () => {
  it("agrees with kafkajs (and so Java) on keys of every tail length", () => {
    for (const key of ["", "a", "ab", "abc", "abcd", "user-7", "clé-ünïcode", "x".repeat(101)]) {
      expect(murmur2(Buffer.from(key)), key).toBe(kafkajsMurmur2(Buffer.from(key)));
    }
    const binary = Buffer.from([0xff, 0x80, 0x00, 0x7f, 0xfe]);
    expect(murmur2(binary)).toBe(kafkajsMurmur2(binary));
  });

  it("maps a key to Kafka's default partition", () => {
    // Java: Utils.toPositive(Utils.murmur2("hello".getBytes())) % 3
    expect(partitionForKey(Buffer.from("hello"), 3)).toBe((kafkajsMurmur2(Buffer.from("hello")) & 0x7fffffff) % 3);
    for (let i = 0; i < 50; i++) expect(partitionForKey(Buffer.from(`k${i}`), 7)).toBeLessThan(7);
  });
});
