import { BATCH_HEADER_SIZE, CONTROL_MASK, batchSizeAt, readBatchHeader } from "../../protocol/records/batch-header";
import type { PartitionState } from "../controller/metadata-image";
import type { PartitionLog } from "../log";
import type { TopicRuntimeConfig } from "./log-config-mapper";
import { ProducerStateManager } from "./producer-state";

/** Bytes read per step while rebuilding producer state from the log at first use. */
const PRODUCER_STATE_REBUILD_READ_BYTES = 8 * 1024 * 1024;

/**
 * One partition replica on this broker: its metadata (leader, epoch, replicas, ISR) as the
 * controller last published it, its log, and its idempotent-producer state.
 *
 * Invariant (until replication exists): the ISR is the leader alone, so everything the leader
 * appended is committed and the high watermark equals the log end offset. With no transactions
 * the last stable offset equals the high watermark.
 */
export class Partition {
  private producerState: ProducerStateManager | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    public state: PartitionState,
    readonly log: PartitionLog,
    /** The topic's effective configs; replaced whenever they change. */
    public config: TopicRuntimeConfig,
  ) {}

  get topicId(): string {
    return this.state.topicId;
  }

  get leaderEpoch(): number {
    return this.state.leaderEpoch;
  }

  get highWatermark(): bigint {
    return this.log.logEndOffset;
  }

  get lastStableOffset(): bigint {
    return this.highWatermark;
  }

  isLeader(brokerId: number): boolean {
    return this.state.leader === brokerId;
  }

  /**
   * The partition's producer state, rebuilt on first use by scanning the log's batch headers
   * (so idempotence survives a restart; partitions never written by idempotent producers pay
   * nothing). Only batch headers are parsed.
   */
  producers(): ProducerStateManager {
    if (this.producerState !== undefined) return this.producerState;
    const state = new ProducerStateManager();
    let offset = this.log.logStartOffset;
    while (offset < this.log.logEndOffset) {
      const { records } = this.log.read(offset, PRODUCER_STATE_REBUILD_READ_BYTES, { minOneBatch: true });
      if (records.length === 0) break;
      let next = offset;
      for (let pos = 0; pos + BATCH_HEADER_SIZE <= records.length; pos += batchSizeAt(records, pos)) {
        const header = readBatchHeader(records, pos);
        const control = (header.attributes & CONTROL_MASK) !== 0;
        if (header.producerId >= 0n && !control && header.baseSequence >= 0) state.update(header, header.baseOffset);
        next = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
      }
      if (next <= offset) break;
      offset = next;
    }
    this.producerState = state;
    return state;
  }
}
