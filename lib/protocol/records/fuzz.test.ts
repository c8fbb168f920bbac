import { describe, expect, it } from "vitest";
import { ProtocolError } from "../protocol-error";
import { CompressionType } from "./batch-header";
import { validateBatchForAppend } from "./batch-validation";
import { crc32c } from "./crc32c";
import { decodeRecordBatch, encodeRecordBatch, iterateBatches } from "./record-batch";
import { prng } from "../testing/prng";

/**
 * Mutation fuzzing: thousands of damaged batches must each either decode or fail with a
 * ProtocolError: never a RangeError, TypeError, hang or crash. Half the mutants get their CRC
 * recomputed so the damage reaches the record and decompression code behind the CRC check.
 */
const MUTANTS_PER_CODEC = 1_500;

function seedBatch(compression: CompressionType): Buffer {
  return encodeRecordBatch({
    compression,
    baseTimestamp: 1_700_000_000_000n,
    records: Array.from({ length: 6 }, (_, i) => ({
      key: i % 3 === 0 ? null : Buffer.from(`key-${i}`),
      value: Buffer.from(`value-${i}-`.repeat(i + 1)),
      headers: i % 2 === 0 ? [{ key: `h${i}`, value: Buffer.from("v") }] : [],
      timestamp: 1_700_000_000_000n + BigInt(i),
    })),
  });
}

function mutate(batch: Buffer, random: () => number): Buffer {
  let out = Buffer.from(batch);
  const kind = Math.floor(random() * 4);
  if (kind === 0) {
    const flips = 1 + Math.floor(random() * 4);
    for (let i = 0; i < flips; i++) out[Math.floor(random() * out.length)]! ^= 1 << Math.floor(random() * 8);
  } else if (kind === 1) {
    out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
  } else if (kind === 2) {
    out = out.subarray(0, Math.floor(random() * out.length));
  } else {
    const at = 61 + Math.floor(random() * (out.length - 61));
    out = Buffer.concat([out.subarray(0, at), Buffer.from([Math.floor(random() * 256)]), out.subarray(at)]);
    if (random() < 0.5) out.writeInt32BE(out.length - 12, 8);
  }
  if (random() < 0.5 && out.length >= 61) out.writeUInt32BE(crc32c(out.subarray(21)), 17);
  return out;
}

function onlyProtocolErrors(action: () => unknown): "ok" | "refused" {
  try {
    action();
    return "ok";
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    return "refused";
  }
}

describe("fuzzing mutated batches", () => {
  it.each([
    CompressionType.None,
    CompressionType.Gzip,
    CompressionType.Snappy,
    CompressionType.Lz4,
    CompressionType.Zstd,
  ])("compression %i: decode, validate and iterate throw nothing but ProtocolError", (compression) => {
    const random = prng(0x5eed + compression);
    const seed = seedBatch(compression);
    const outcomes = { ok: 0, refused: 0 };
    for (let i = 0; i < MUTANTS_PER_CODEC; i++) {
      const mutant = mutate(seed, random);
      outcomes[onlyProtocolErrors(() => decodeRecordBatch(mutant))]++;
      onlyProtocolErrors(() => validateBatchForAppend(mutant));
      onlyProtocolErrors(() => [...iterateBatches(mutant)]);
    }
    // Both paths were exercised: most damage is caught, some (e.g. in baseOffset) is harmless.
    expect(outcomes.refused).toBeGreaterThan(MUTANTS_PER_CODEC / 2);
    expect(outcomes.ok).toBeGreaterThan(0);
  });
});
