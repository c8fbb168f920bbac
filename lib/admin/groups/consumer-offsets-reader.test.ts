import { describe, expect, it } from "vitest";
import {
  CompressionType,
  ControlRecordType,
  encodeEndTransactionMarkerBatch,
  encodeRecordBatch,
} from "../../protocol/records";
import { ok } from "../errors";
import type { ClusterSnapshot } from "../types";
import type { ProtocolClient } from "../wire/protocol-client";
import { CommittedOffsetsIndex } from "./committed-offsets-index";
import { OFFSETS_TOPIC } from "./consumer-offsets-codec";
import { ConsumerOffsetsReader } from "./consumer-offsets-reader";

/**
 * The reader's batch handling, with the one thing no available cluster can produce yet:
 * transactional offset commits (TxnOffsetCommit) resolved by COMMIT / ABORT markers. The log is
 * real record batches (lib/protocol's encoder, gzip included) served the way a leader answers a
 * Fetch: every batch whose last offset is at or after the fetch offset.
 */
class PartitionLog {
  private batches: Buffer[] = [];
  private next = 0n;

  append(batch: (baseOffset: bigint) => Buffer, records: number): void {
    this.batches.push(batch(this.next));
    this.next += BigInt(records);
  }

  asClient(): ProtocolClient {
    const fetch = async (_leader: number, _topic: string, _partition: number, offset: bigint) => {
      const records = Buffer.concat(
        this.batches.filter((b) => b.readBigInt64BE(0) + BigInt(b.readInt32BE(23)) >= offset),
      );
      return { records, highWatermark: this.next };
    };
    return { fetch } as unknown as ProtocolClient;
  }
}

function key(group: string, topic: string, partition: number): Buffer {
  const g = Buffer.from(group);
  const t = Buffer.from(topic);
  const b = Buffer.alloc(10 + g.length + t.length);
  let pos = b.writeInt16BE(1, 0);
  pos = b.writeInt16BE(g.length, pos);
  pos += g.copy(b, pos);
  pos = b.writeInt16BE(t.length, pos);
  pos += t.copy(b, pos);
  b.writeInt32BE(partition, pos);
  return b;
}

function value(offset: number): Buffer {
  const b = Buffer.alloc(24);
  let pos = b.writeInt16BE(3, 0);
  pos = b.writeBigInt64BE(BigInt(offset), pos);
  pos = b.writeInt32BE(-1, pos);
  pos = b.writeInt16BE(0, pos);
  b.writeBigInt64BE(1_700_000_000_000n, pos);
  return b;
}

const snapshot = {
  topicsByName: new Map([
    [
      OFFSETS_TOPIC,
      {
        name: OFFSETS_TOPIC,
        isInternal: true,
        topicId: null,
        errorCode: 0,
        partitions: [
          {
            partition: 0,
            leader: 0,
            leaderEpoch: 0,
            replicas: [0],
            isr: [0],
            offlineReplicas: [],
            errorCode: 0,
            logStartOffset: 0,
            logEndOffset: null,
            sizeBytes: null,
          },
        ],
      },
    ],
  ]),
  logDirs: ok([]),
} as unknown as ClusterSnapshot;

const TS = 1_700_000_000_000n;

describe("reading __consumer_offsets", () => {
  it("applies transactional commits only when their transaction commits", async () => {
    const log = new PartitionLog();
    const txn = (producerId: bigint, group: string, offset: number) => (baseOffset: bigint) =>
      encodeRecordBatch({
        baseOffset,
        isTransactional: true,
        producerId,
        producerEpoch: 0,
        records: [{ key: key(group, "t", 0), value: value(offset), timestamp: TS }],
      });
    const marker = (producerId: bigint, type: 0 | 1) => (baseOffset: bigint) =>
      encodeEndTransactionMarkerBatch({
        type,
        coordinatorEpoch: 0,
        producerId,
        producerEpoch: 0,
        timestamp: TS,
        baseOffset,
      });
    log.append(txn(7n, "kept", 11), 1);
    log.append(txn(8n, "dropped", 22), 1);
    log.append(marker(8n, ControlRecordType.ABORT), 1);
    log.append(marker(7n, ControlRecordType.COMMIT), 1);
    const index = new CommittedOffsetsIndex();
    const reader = new ConsumerOffsetsReader(log.asClient(), index);
    expect(await reader.poll(snapshot)).toBe(true);
    expect(index.groups()).toEqual(["kept"]);
    expect(index.offsetsOf("kept")?.get("t")?.get(0)?.offset).toBe(11);
  });

  it("reads compressed batches, continues where it stopped, and counts undecodable records", async () => {
    const log = new PartitionLog();
    log.append(
      (baseOffset) =>
        encodeRecordBatch({
          baseOffset,
          compression: CompressionType.Gzip,
          records: [
            { key: key("a", "orders", 0), value: value(5), timestamp: TS },
            { key: key("a", "orders", 1), value: value(6), timestamp: TS, offsetDelta: 1 },
            { key: Buffer.from([0, 1, 0xff]), value: value(1), timestamp: TS, offsetDelta: 2 },
          ],
        }),
      3,
    );
    const index = new CommittedOffsetsIndex();
    const reader = new ConsumerOffsetsReader(log.asClient(), index);
    await reader.poll(snapshot);
    expect([...(index.offsetsOf("a")?.get("orders")?.entries() ?? [])].map(([p, c]) => [p, c.offset])).toEqual([
      [0, 5],
      [1, 6],
    ]);
    expect(reader.skippedRecords).toBe(1);
    log.append(
      (baseOffset) =>
        encodeRecordBatch({ baseOffset, records: [{ key: key("a", "orders", 0), value: null, timestamp: TS }] }),
      1,
    );
    await reader.poll(snapshot);
    expect(index.offsetsOf("a")?.get("orders")?.has(0)).toBe(false);
    expect(reader.skippedRecords).toBe(1); // the old batch was not read again
  });
});
