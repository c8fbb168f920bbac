import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CompressionType } from "../../protocol/records/batch-header";
import { encodeRecordBatch } from "../../protocol/records/record-batch";
import { DEFAULT_LOG_CONFIG, type LogConfig } from "./log-config";

/** Helpers shared by this folder's tests (not used by production code). */

export interface TestRecord {
  key?: string | null;
  value: string | null;
  timestamp?: bigint;
}

/** An encoded batch of `records`, as a client would send it (baseOffset 0). */
export function makeBatch(
  records: TestRecord[],
  options: { compression?: CompressionType; baseTimestamp?: bigint } = {},
): Buffer {
  return encodeRecordBatch({
    records: records.map((r) => ({
      key: r.key === undefined || r.key === null ? null : Buffer.from(r.key),
      value: r.value === null ? null : Buffer.from(r.value),
      timestamp: r.timestamp ?? options.baseTimestamp ?? 1_000n,
    })),
    compression: options.compression ?? CompressionType.None,
    baseTimestamp: options.baseTimestamp,
  });
}

/** A batch of `count` records with values "v<i>" and the same timestamp. */
export function valuesBatch(count: number, timestamp = 1_000n, prefix = "v"): Buffer {
  return makeBatch(Array.from({ length: count }, (_, i) => ({ value: `${prefix}${i}`, timestamp })));
}

export function testConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...DEFAULT_LOG_CONFIG, ...overrides };
}

/** A fresh directory under os.tmpdir(); call the returned cleanup when done. */
export function makeTempDir(prefix = "pier-log-"): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Deterministic PRNG (mulberry32) for the fuzzer, seeded so failures can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
