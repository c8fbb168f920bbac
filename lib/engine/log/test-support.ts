import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CompressionType } from "../../protocol/records/batch-header";
import { encodeRecordBatch } from "../../protocol/records/record-batch";
import { DEFAULT_LOG_CONFIG, type LogConfig } from "./log-config";
export { prng } from "../../protocol/testing/prng";

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
