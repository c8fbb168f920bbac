import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import { isBatchCrcValid } from "../../protocol/records/batch-header";
import { decodeRecordBatch, encodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import {
  FETCH_READ_BUFFER_BYTES,
  FETCH_READ_POOLED_MIN_BYTES,
  allocateFetchRead,
  freeFetchReadBuffers,
  releaseWrittenFetchReads,
} from "./fetch-read-buffers";
import { RawKafkaClient, startTestCluster, type TestCluster } from "./test-support";

describe("fetch read buffers", () => {
  it("lends pooled buffers for large reads and takes back only what it lent, once", () => {
    const small = allocateFetchRead(FETCH_READ_POOLED_MIN_BYTES - 1);
    const before = freeFetchReadBuffers();
    releaseWrittenFetchReads([small, Buffer.alloc(FETCH_READ_BUFFER_BYTES)]);
    expect(freeFetchReadBuffers()).toBe(before);

    const lent = allocateFetchRead(FETCH_READ_POOLED_MIN_BYTES);
    expect(lent.length).toBe(FETCH_READ_POOLED_MIN_BYTES);
    releaseWrittenFetchReads([lent.subarray(0, 100), lent]);
    expect(freeFetchReadBuffers()).toBe(before + 1);
    const again = allocateFetchRead(FETCH_READ_BUFFER_BYTES);
    expect(again.buffer).toBe(lent.buffer);
    expect(freeFetchReadBuffers()).toBe(before);
    // Not lent twice: a second buffer is new memory while the first is out.
    expect(allocateFetchRead(FETCH_READ_BUFFER_BYTES).buffer).not.toBe(again.buffer);
  });
});

/**
 * The invariant that matters: a buffer goes back to the pool only after the socket took the
 * response. The client pipelines many large fetches and reads nothing for a while, so responses
 * queue in the broker's socket buffers; a buffer reused too early would overwrite a queued
 * response (a CRC mismatch or the wrong records below).
 */
describe("pipelined fetches whose responses wait on a slow reader", () => {
  const TOPIC = "pooled-reads";
  const BATCHES = 64;
  const RECORDS_PER_BATCH = 1_000;
  const VALUE_BYTES = 200;
  const FETCHES = 40;
  let t: TestCluster;
  let c: RawKafkaClient;

  beforeAll(async () => {
    t = await startTestCluster();
    c = await RawKafkaClient.connect(t.host, t.port);
    await c.request(ApiKey.CreateTopics, 5, {
      topics: [{ name: TOPIC, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    for (let b = 0; b < BATCHES; b++) {
      const records = Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({
        value: Buffer.from(`${b * RECORDS_PER_BATCH + i}:`.padEnd(VALUE_BYTES, String.fromCharCode(97 + (b % 26)))),
      }));
      const r = await c.request(ApiKey.Produce, 8, {
        acks: 1,
        timeoutMs: 5000,
        topicData: [{ name: TOPIC, partitionData: [{ index: 0, records: encodeRecordBatch({ records }) }] }],
      });
      expect(r.responses[0]!.partitionResponses[0]!.errorCode).toBe(ErrorCode.NONE);
    }
  });
  afterAll(async () => {
    c?.close();
    await t?.stop();
  });

  it("every response carries intact batches from the offset it asked for", async () => {
    const offsets = Array.from({ length: FETCHES }, (_, i) => BigInt(((i * 7) % BATCHES) * RECORDS_PER_BATCH));
    c.socket.pause();
    const responses = offsets.map((fetchOffset) =>
      c.request(ApiKey.Fetch, 11, {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        topics: [{ topic: TOPIC, partitions: [{ partition: 0, fetchOffset, partitionMaxBytes: 1 << 20 }] }],
      }),
    );
    // Long enough for the broker to answer everything into its (full) socket buffers.
    await new Promise((resolve) => setTimeout(resolve, 500));
    c.socket.resume();
    const answered = await Promise.all(responses);
    for (const [i, response] of answered.entries()) {
      const records = response.responses[0]!.partitions[0]!.records!;
      expect(records.length).toBeGreaterThan(FETCH_READ_POOLED_MIN_BYTES);
      let expected = offsets[i]!;
      for (const { pos, header } of iterateBatches(records)) {
        expect(isBatchCrcValid(records, pos)).toBe(true);
        expect(header.baseOffset).toBe(expected);
        const first = decodeRecordBatch(records, pos).records[0]!;
        expect(first.value!.toString().split(":")[0]).toBe(String(expected));
        expected += BigInt(header.recordCount);
      }
      expect(expected).toBeGreaterThan(offsets[i]!);
    }
  });
});
