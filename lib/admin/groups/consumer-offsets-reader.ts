import {
  CONTROL_MASK,
  ControlRecordType,
  TRANSACTIONAL_MASK,
  decodeControlRecordKey,
  decodeRecordBatch,
  iterateBatches,
} from "../../protocol/records";
import type { ClusterSnapshot } from "../types";
import type { ProtocolClient } from "../wire/protocol-client";
import type { CommittedOffsetsIndex } from "./committed-offsets-index";
import { OFFSETS_TOPIC, decodeConsumerOffsetsKey, decodeOffsetCommitValue } from "./consumer-offsets-codec";

/**
 * Reads `__consumer_offsets` incrementally into a CommittedOffsetsIndex, the way CMAK's
 * KafkaManagedOffsetCache did, but with plain Fetch requests (no consumer group of its own, so
 * the console leaves no trace on the cluster). Each poll continues every partition from where the
 * previous one stopped, so after the first catch-up a poll costs only the new commits.
 *
 * Transactional offset commits (TxnOffsetCommit) count only once their transaction commits: they
 * wait per producer id until the COMMIT or ABORT marker arrives.
 */
export const OFFSETS_FETCH_MAX_BYTES = 1024 * 1024;
/** Bytes one poll may read in total, so a huge backlog is caught up over several polls. */
export const OFFSETS_POLL_BUDGET_BYTES = 64 * 1024 * 1024;

interface PendingCommit {
  group: string;
  topic: string;
  partition: number;
  value: Buffer | null;
  timestampMs: number;
}

export class ConsumerOffsetsReader {
  private readonly positions = new Map<number, bigint>();
  private readonly pendingTransactions = new Map<bigint, PendingCommit[]>();
  /** Records that did not decode (newer formats, corruption): counted, never fatal. */
  skippedRecords = 0;

  constructor(
    private readonly client: ProtocolClient,
    private readonly index: CommittedOffsetsIndex,
  ) {}

  /** True when the cluster exposes the topic in Metadata (it may still refuse Fetch). */
  static isAvailable(snapshot: ClusterSnapshot): boolean {
    return snapshot.topicsByName.has(OFFSETS_TOPIC);
  }

  /** Reads new records of every partition; returns true when all partitions reached their log end. */
  async poll(snapshot: ClusterSnapshot): Promise<boolean> {
    const topic = snapshot.topicsByName.get(OFFSETS_TOPIC);
    if (!topic) return false;
    let budget = OFFSETS_POLL_BUDGET_BYTES;
    let caughtUp = true;
    for (const p of topic.partitions) {
      if (p.leader < 0) {
        caughtUp = false;
        continue;
      }
      const result = await this.readPartition(p.leader, p.partition, BigInt(p.logStartOffset ?? 0), budget);
      budget -= result.bytes;
      caughtUp &&= result.caughtUp;
      if (budget <= 0) return false;
    }
    return caughtUp;
  }

  private async readPartition(leader: number, partition: number, logStart: bigint, budget: number) {
    let position = this.positions.get(partition) ?? logStart;
    if (position < logStart) position = logStart;
    let bytes = 0;
    for (;;) {
      const answer = await this.client.fetch(leader, OFFSETS_TOPIC, partition, position, OFFSETS_FETCH_MAX_BYTES);
      const records = answer.records ?? Buffer.alloc(0);
      const next = this.applyBatches(records, position);
      bytes += records.length;
      const progressed = next > position;
      position = next;
      this.positions.set(partition, position);
      if (position >= answer.highWatermark) return { bytes, caughtUp: true };
      if (!progressed || bytes >= budget) return { bytes, caughtUp: false };
    }
  }

  /** Applies every complete batch at or after `position`; returns the next offset to read. */
  private applyBatches(records: Buffer, position: bigint): bigint {
    let next = position;
    for (const { pos, header } of iterateBatches(records)) {
      const last = header.baseOffset + BigInt(header.lastOffsetDelta);
      if (last < position) continue;
      next = last + 1n;
      const batch = decodeRecordBatch(records, pos);
      const transactional = (header.attributes & TRANSACTIONAL_MASK) !== 0;
      if ((header.attributes & CONTROL_MASK) !== 0) {
        const marker = batch.records[0] ? decodeControlRecordKey(batch.records[0].key) : undefined;
        this.endTransaction(header.producerId, marker?.type === ControlRecordType.COMMIT);
        continue;
      }
      for (const record of batch.records) {
        if (batch.baseOffset + BigInt(record.offsetDelta) < position || !record.key) continue;
        const timestampMs = Number(batch.baseTimestamp + record.timestampDelta);
        this.applyRecord(record.key, record.value, timestampMs, transactional ? header.producerId : undefined);
      }
    }
    return next;
  }

  private applyRecord(key: Buffer, value: Buffer | null, timestampMs: number, producerId: bigint | undefined): void {
    let decoded;
    try {
      decoded = decodeConsumerOffsetsKey(key);
    } catch {
      this.skippedRecords++;
      return;
    }
    if (decoded.type === "group") {
      if (value === null) this.index.removeGroup(decoded.group);
      return;
    }
    if (decoded.type !== "offset") return;
    const commit = { group: decoded.group, topic: decoded.topic, partition: decoded.partition, value, timestampMs };
    if (producerId === undefined) this.applyCommit(commit);
    else {
      const pending = this.pendingTransactions.get(producerId) ?? [];
      pending.push(commit);
      this.pendingTransactions.set(producerId, pending);
    }
  }

  private applyCommit(commit: PendingCommit): void {
    if (commit.value === null) {
      this.index.applyOffset(commit.group, commit.topic, commit.partition, null);
      return;
    }
    try {
      const v = decodeOffsetCommitValue(commit.value);
      const commitTimestampMs = v.commitTimestamp >= 0n ? Number(v.commitTimestamp) : commit.timestampMs;
      this.index.applyOffset(commit.group, commit.topic, commit.partition, {
        offset: Number(v.offset),
        commitTimestampMs,
        metadata: v.metadata,
      });
    } catch {
      this.skippedRecords++;
    }
  }

  private endTransaction(producerId: bigint, committed: boolean): void {
    const pending = this.pendingTransactions.get(producerId);
    this.pendingTransactions.delete(producerId);
    if (committed) for (const commit of pending ?? []) this.applyCommit(commit);
  }
}
