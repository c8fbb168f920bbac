/**
 * Benchmark: decode + encode of a Produce v9 request carrying one record batch of 1,000 records with
 * 100-byte values (about 110 KB), the codec's cost per request compared with the CRC-32C of the batch
 * (which the broker computes anyway). Run: `npx tsx lib/protocol/codec.bench.ts`.
 */
import { decodeRequest, decodeResponse, encodeRequest, encodeRequestChunks, encodeResponse } from "./frames";
import { crc32c } from "./records/crc32c";
import { encodeRecordBatch } from "./records/record-batch";

const RECORDS_PER_BATCH = 1000;
const VALUE_BYTES = 100;
const WARMUP_ITERATIONS = 2000;
const MEASURED_ITERATIONS = 20000;

function buildBatch(): Buffer {
  const value = Buffer.alloc(VALUE_BYTES, 0x61);
  const records = Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({ key: Buffer.from(`key-${i}`), value }));
  return encodeRecordBatch({ records, baseTimestamp: 1_700_000_000_000n });
}

function microsPerCall(iterations: number, run: () => unknown): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += (run() as { length?: number }).length ?? 1;
  const elapsed = Number(process.hrtime.bigint() - start) / 1000;
  if (sink === -1) console.log(sink);
  return elapsed / iterations;
}

const batch = buildBatch();
const body = {
  transactionalId: null,
  acks: -1,
  timeoutMs: 30000,
  topicData: [{ name: "bench-topic", partitionData: [{ index: 0, records: batch }] }],
};
const header = { apiKey: 0 as const, apiVersion: 9, correlationId: 1, clientId: "bench" };
const frame = encodeRequest(header, body).subarray(4);

const encode = () => encodeRequest(header, body);
const decode = () => {
  const request = decodeRequest(frame);
  return request.apiKey === 0 ? request.body.topicData : [];
};
const encodeChunks = () => encodeRequestChunks(header, body);
const decodeEncode = () => {
  const request = decodeRequest(frame);
  return encodeRequest(header, request.body as typeof body);
};
const decodeEncodeChunks = () => {
  const request = decodeRequest(frame);
  return encodeRequestChunks(header, request.body as typeof body);
};
const crc = () => [crc32c(batch)];

for (const run of [encode, encodeChunks, decode, decodeEncode, decodeEncodeChunks, crc]) {
  microsPerCall(WARMUP_ITERATIONS, run);
}
const figures = {
  batchBytes: batch.length,
  frameBytes: frame.length,
  decodeMicros: microsPerCall(MEASURED_ITERATIONS, decode),
  encodeMicros: microsPerCall(MEASURED_ITERATIONS, encode),
  encodeChunksMicros: microsPerCall(MEASURED_ITERATIONS, encodeChunks),
  decodeEncodeMicros: microsPerCall(MEASURED_ITERATIONS, decodeEncode),
  decodeEncodeChunksMicros: microsPerCall(MEASURED_ITERATIONS, decodeEncodeChunks),
  crcMicros: microsPerCall(MEASURED_ITERATIONS, crc),
};
console.log(
  `Produce v9, one batch of ${RECORDS_PER_BATCH} x ${VALUE_BYTES}-byte records (${figures.batchBytes} bytes)`,
);
console.log(`  decode request          ${figures.decodeMicros.toFixed(2)} µs`);
console.log(`  encode, one buffer      ${figures.encodeMicros.toFixed(2)} µs (allocates and copies the batch)`);
console.log(`  encode, zero-copy       ${figures.encodeChunksMicros.toFixed(2)} µs (batch referenced, not copied)`);
console.log(`  decode + encode         ${figures.decodeEncodeMicros.toFixed(2)} µs (one buffer)`);
console.log(`  decode + encode         ${figures.decodeEncodeChunksMicros.toFixed(2)} µs (zero-copy)`);
console.log(`  CRC-32C of the batch    ${figures.crcMicros.toFixed(2)} µs (reference)`);
const verdict = (micros: number) => (micros < 20 ? "met" : "NOT met");
console.log("  target: codec < 20 µs per 1,000-record batch beyond CRC");
console.log(
  `    zero-copy: ${verdict(figures.decodeEncodeChunksMicros)}; one buffer: ${verdict(figures.decodeEncodeMicros)}`,
);

// A large metadata answer, the console's scale target: 10,000 topics x 5 partitions, 3 brokers.
const METADATA_TOPICS = 10_000;
const METADATA_PARTITIONS = 5;
const metadata = {
  brokers: [1, 2, 3].map((nodeId) => ({ nodeId, host: "localhost", port: 9091 + nodeId, rack: null })),
  clusterId: "pier",
  controllerId: 1,
  topics: Array.from({ length: METADATA_TOPICS }, (_, t) => ({
    errorCode: 0,
    name: `topic-${t}`,
    isInternal: false,
    partitions: Array.from({ length: METADATA_PARTITIONS }, (_, p) => ({
      errorCode: 0,
      partitionIndex: p,
      leaderId: 1 + (p % 3),
      leaderEpoch: 0,
      replicaNodes: [1, 2, 3],
      isrNodes: [1, 2, 3],
      offlineReplicas: [],
    })),
  })),
};
const METADATA_ITERATIONS = 20;
const metadataFrame = encodeResponse(3, 12, 1, metadata);
microsPerCall(3, () => encodeResponse(3, 12, 1, metadata));
microsPerCall(3, () => [decodeResponse(3, 12, metadataFrame.subarray(4))]);
const metadataEncodeMs = microsPerCall(METADATA_ITERATIONS, () => encodeResponse(3, 12, 1, metadata)) / 1000;
const metadataDecodeMs =
  microsPerCall(METADATA_ITERATIONS, () => [decodeResponse(3, 12, metadataFrame.subarray(4))]) / 1000;
console.log(
  `Metadata v12 response, ${METADATA_TOPICS} topics x ${METADATA_PARTITIONS} partitions (${metadataFrame.length} bytes)`,
);
console.log(`  encode ${metadataEncodeMs.toFixed(1)} ms, decode ${metadataDecodeMs.toFixed(1)} ms`);
