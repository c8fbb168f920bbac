/**
 * Benchmarks for record batches and compression. Run: npx tsx lib/protocol/records/records.bench.ts
 *
 * Prints CRC-32C throughput (target >= 2 GB/s), encode / decode / validate time of a batch of
 * 1,000 records of 100-byte values (µs), and each codec's compress / decompress throughput on
 * 1 MiB of JSON-like text. Each figure is the median of 5 runs of ~300 ms.
 */
import { CompressionType } from "./batch-header";
import { validateBatchForAppend } from "./batch-validation";
import { crc32c } from "./crc32c";
import { decodeRecordBatch, encodeRecordBatch, type BatchInput } from "./record-batch";
import { codecFor } from "../compression/compression";
import { DECOMPRESSED_BATCH_MAX_BYTES } from "../compression/codec";

const RUNS = 5;
const RUN_MS = 300;

/** Median seconds per call of `action`. */
function secondsPerCall(action: () => unknown): number {
  for (let i = 0; i < 20; i++) action();
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < RUN_MS) {
      action();
      calls++;
      elapsed = performance.now() - start;
    }
    samples.push(elapsed / 1000 / calls);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(RUNS / 2)]!;
}

function jsonText(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = JSON.stringify({
      id: i,
      user: `user-${(i * 7919) % 10007}`,
      event: ["click", "view", "purchase"][i % 3],
      ts: 1_700_000_000_000 + i * 37,
      price: ((i * 13) % 1000) / 10,
      tags: [`t${i % 17}`, `c${i % 5}`],
    });
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join("\n")).subarray(0, bytes);
}

const mbps = (bytes: number, seconds: number) => (bytes / 1e6 / seconds).toFixed(0);
const micros = (seconds: number) => (seconds * 1e6).toFixed(1);

function benchCrc(): void {
  for (const size of [1024 * 1024, 16 * 1024]) {
    const data = jsonText(size);
    console.log(
      `crc32c ${size / 1024} KiB: ${mbps(
        size,
        secondsPerCall(() => crc32c(data)),
      )} MB/s`,
    );
  }
}

function benchBatches(): void {
  const text = jsonText(100_000);
  const input = (compression: CompressionType): BatchInput => ({
    compression,
    baseTimestamp: 1_700_000_000_000n,
    records: Array.from({ length: 1000 }, (_, i) => ({
      key: Buffer.from(`key-${i}`),
      value: text.subarray(i * 100, i * 100 + 100),
      timestamp: 1_700_000_000_000n + BigInt(i),
    })),
  });
  for (const compression of [CompressionType.None, CompressionType.Lz4, CompressionType.Zstd] as const) {
    const batchInput = input(compression);
    const batch = encodeRecordBatch(batchInput);
    const name = compression === CompressionType.None ? "none" : codecFor(compression).name;
    const encode = secondsPerCall(() => encodeRecordBatch(batchInput));
    const decode = secondsPerCall(() => decodeRecordBatch(batch));
    const validate = secondsPerCall(() => validateBatchForAppend(batch));
    console.log(
      `batch 1000 x 100 B (${name}, ${batch.length} bytes): encode ${micros(encode)} µs, ` +
        `decode ${micros(decode)} µs, validate ${micros(validate)} µs`,
    );
  }
}

function benchCodecs(): void {
  const data = jsonText(1024 * 1024);
  for (const type of [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd]) {
    const codec = codecFor(type);
    const compressed = codec.compress(data);
    const c = secondsPerCall(() => codec.compress(data));
    const d = secondsPerCall(() => codec.decompress(compressed, DECOMPRESSED_BATCH_MAX_BYTES));
    const ratio = (data.length / compressed.length).toFixed(2);
    console.log(
      `${codec.name.padEnd(6)} 1 MiB JSON: compress ${mbps(data.length, c)} MB/s, decompress ${mbps(data.length, d)} MB/s, ratio ${ratio}`,
    );
  }
}

benchCrc();
benchBatches();
benchCodecs();
