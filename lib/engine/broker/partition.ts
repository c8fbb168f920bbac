import { ErrorCode } from "../../protocol/error-codes";
import { BATCH_HEADER_SIZE, CONTROL_MASK, batchSizeAt, readBatchHeader } from "../../protocol/records/batch-header";
import type { PartitionState } from "../controller/metadata-image";
import type { PartitionLog } from "../log";
import type { TopicRuntimeConfig } from "./log-config-mapper";
import { ProducerStateManager } from "./producer-state";
import { FollowerReplicaState, UNKNOWN_OFFSET } from "./replica-state";

/** Bytes read per step while rebuilding producer state from the log at first use. */
const PRODUCER_STATE_REBUILD_READ_BYTES = 8 * 1024 * 1024;

/** Whether an acks=all append has been replicated enough (Kafka's checkEnoughReplicasReachOffset). */
export type ReplicationCheck = { done: false } | { done: true; errorCode: number; message: string | null };

/**
 * One partition replica on this broker (Kafka's Partition): its metadata (leader, epoch, replicas,
 * ISR) as the controller last published it, its log, its high watermark and, while it leads, what
 * it knows of each follower.
 *
 * Invariants:
 * - logStartOffset <= highWatermark <= logEndOffset.
 * - As leader, highWatermark = min log end offset over the ISR (and over caught-up replicas about to
 *   join it), and it never moves backwards during one leadership: every offset below it is on every
 *   ISR member, so it is what consumers may read and what acks=all waits for.
 * - As follower, highWatermark = min(the leader's high watermark, own log end offset).
 * - With no transactions the last stable offset equals the high watermark.
 */
export class Partition {
  private producerState: ProducerStateManager | undefined;
  private hw: bigint;
  /** Followers' fetch state; only while this replica leads. */
  private readonly followers = new Map<number, FollowerReplicaState>();
  /** Where the current leader epoch starts in this log (Kafka's leaderEpochStartOffsetOpt); leader only. */
  private epochStartOffset: bigint | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    public state: PartitionState,
    readonly log: PartitionLog,
    /** The topic's effective configs; replaced whenever they change. */
    public config: TopicRuntimeConfig,
    readonly localBrokerId: number,
    /** The checkpointed high watermark, if any (clamped to the log). */
    initialHighWatermark: bigint = 0n,
  ) {
    this.hw = this.clampToLog(initialHighWatermark);
  }

  get topicId(): string {
    return this.state.topicId;
  }

  get leaderEpoch(): number {
    return this.state.leaderEpoch;
  }

  get highWatermark(): bigint {
    return this.hw;
  }

  get lastStableOffset(): bigint {
    return this.hw;
  }

  isLeader(brokerId: number = this.localBrokerId): boolean {
    return this.state.leader === brokerId;
  }

  get leaderEpochStartOffset(): bigint | undefined {
    return this.epochStartOffset;
  }

  private clampToLog(offset: bigint): bigint {
    if (offset < this.log.logStartOffset) return this.log.logStartOffset;
    return offset > this.log.logEndOffset ? this.log.logEndOffset : offset;
  }

  // ---------------------------------------------------------------- role changes

  /**
   * Becomes (or stays) leader of `state` (Kafka's makeLeader). For a new epoch: the epoch starts
   * at the log end offset, followers' positions are unknown until they fetch (ISR members count as
   * caught up now). The high watermark is kept. For the same epoch only the replica set changes.
   */
  makeLeader(state: PartitionState, nowMs: number): boolean {
    const newEpoch = this.epochStartOffset === undefined || state.leaderEpoch !== this.state.leaderEpoch;
    this.state = state;
    if (newEpoch) {
      this.log.maybeAssignEpochStartOffset(state.leaderEpoch);
      this.epochStartOffset = this.log.logEndOffset;
      this.followers.clear();
    }
    for (const id of [...this.followers.keys()]) if (!state.replicas.includes(id)) this.followers.delete(id);
    for (const id of state.replicas) {
      if (id === this.localBrokerId || this.followers.has(id)) continue;
      const follower = new FollowerReplicaState(id);
      follower.reset(state.isr.includes(id), nowMs);
      this.followers.set(id, follower);
    }
    return newEpoch;
  }

  /** Becomes a follower of `state` (Kafka's makeFollower): stops tracking followers. */
  makeFollower(state: PartitionState): void {
    this.state = state;
    this.followers.clear();
    this.epochStartOffset = undefined;
    this.hw = this.clampToLog(this.hw);
  }

  // ---------------------------------------------------------------- leader: followers and high watermark

  follower(brokerId: number): FollowerReplicaState | undefined {
    return this.followers.get(brokerId);
  }

  followerStates(): Iterable<FollowerReplicaState> {
    return this.followers.values();
  }

  /** Records a follower's Fetch; undefined when `replicaId` is not a replica of this partition. */
  updateFollowerFetchState(
    replicaId: number,
    fetchOffset: bigint,
    followerLogStartOffset: bigint,
    nowMs: number,
  ): FollowerReplicaState | undefined {
    const follower = this.followers.get(replicaId);
    follower?.updateFetchState(fetchOffset, followerLogStartOffset, this.log.logEndOffset, nowMs);
    return follower;
  }

  /**
   * Recomputes the leader's high watermark (Kafka's maybeIncrementLeaderHW): the smallest log end
   * offset of the ISR, and of replicas caught up and eligible to join it (so a replica about to
   * join does not find the high watermark past its end). Returns true if it advanced.
   */
  maybeIncrementLeaderHighWatermark(nowMs: number, replicaLagTimeMaxMs: number, isEligible: (id: number) => boolean) {
    if (!this.isLeader()) return false;
    const leaderEnd = this.log.logEndOffset;
    let candidate = leaderEnd;
    for (const follower of this.followers.values()) {
      if (follower.logEndOffset >= candidate) continue;
      const inIsr = this.state.isr.includes(follower.brokerId);
      const joining =
        !inIsr && follower.isCaughtUp(leaderEnd, nowMs, replicaLagTimeMaxMs) && isEligible(follower.brokerId);
      if (inIsr || joining) candidate = follower.logEndOffset;
    }
    if (candidate <= this.hw) return false;
    this.hw = candidate;
    return true;
  }

  /** Followers out of the ISR that have caught up with this leadership (Kafka's isFollowerInSync). */
  replicasToAddToIsr(): number[] {
    const epochStart = this.epochStartOffset;
    if (!this.isLeader() || epochStart === undefined) return [];
    const out: number[] = [];
    for (const f of this.followers.values()) {
      if (this.state.isr.includes(f.brokerId)) continue;
      if (f.logEndOffset !== UNKNOWN_OFFSET && f.logEndOffset >= this.hw && f.logEndOffset >= epochStart)
        out.push(f.brokerId);
    }
    return out;
  }

  /** ISR followers that have not caught up for longer than `replicaLagTimeMaxMs` (Kafka's getOutOfSyncReplicas). */
  replicasToRemoveFromIsr(nowMs: number, replicaLagTimeMaxMs: number): number[] {
    if (!this.isLeader()) return [];
    const leaderEnd = this.log.logEndOffset;
    const out: number[] = [];
    for (const id of this.state.isr) {
      const f = this.followers.get(id);
      if (f !== undefined && !f.isCaughtUp(leaderEnd, nowMs, replicaLagTimeMaxMs)) out.push(id);
    }
    return out;
  }

  /**
   * Whether offsets below `requiredOffset` are committed for an acks=all produce: not while the high
   * watermark is below it; then refused if the ISR has meanwhile shrunk below min.insync.replicas.
   */
  checkEnoughReplicasReachOffset(requiredOffset: bigint): ReplicationCheck {
    if (!this.isLeader()) {
      return {
        done: true,
        errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
        message: `Broker ${this.localBrokerId} is no longer the leader of ${this.topic}-${this.partition}`,
      };
    }
    if (this.hw < requiredOffset) return { done: false };
    const minIsr = this.config.minInsyncReplicas;
    if (this.state.isr.length >= minIsr) return { done: true, errorCode: ErrorCode.NONE, message: null };
    return {
      done: true,
      errorCode: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
      message: `The size of the current ISR ${this.state.isr.length} is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${this.topic}-${this.partition}`,
    };
  }

  // ---------------------------------------------------------------- follower

  /** A follower's high watermark: the leader's, bounded by what this replica has. */
  updateFollowerHighWatermark(leaderHighWatermark: bigint): void {
    this.hw = this.clampToLog(leaderHighWatermark);
  }

  /**
   * Replicated batches from the leader (offsets and epochs kept). An empty log that starts in the
   * middle of the first batch (the leader's log start fell inside it, by DeleteRecords) restarts
   * at the batch's base offset first, as Kafka does on UnexpectedAppendOffsetException; the
   * leader's log start offset is applied afterwards.
   */
  appendAsFollower(records: Buffer): void {
    const end = this.log.logEndOffset;
    if (end === this.log.logStartOffset && records.length >= BATCH_HEADER_SIZE) {
      const first = readBatchHeader(records, 0);
      const last = first.baseOffset + BigInt(first.lastOffsetDelta);
      if (first.baseOffset < end && last >= end) this.truncateFullyAndStartAt(first.baseOffset);
    }
    this.log.appendAsFollower(records);
    if (this.producerState !== undefined) this.replayProducerState(this.producerState, records);
  }

  /** Cuts the log at `offset` (divergent tail); idempotent-producer state is rebuilt at next use. */
  truncateTo(offset: bigint): void {
    if (offset >= this.log.logEndOffset) return;
    this.log.truncateTo(offset);
    this.producerState = undefined;
    this.hw = this.clampToLog(this.hw);
  }

  /** Empties the log and restarts it at `offset` (the leader's log start is beyond this replica's end). */
  truncateFullyAndStartAt(offset: bigint): void {
    this.log.truncateFullyAndStartAt(offset);
    this.producerState = undefined;
    this.hw = offset;
  }

  // ---------------------------------------------------------------- idempotent producers

  /**
   * The partition's producer state, rebuilt on first use by scanning the log's batch headers
   * (so idempotence survives a restart and a leader change; partitions never written by idempotent
   * producers pay nothing). Only batch headers are parsed.
   */
  producers(): ProducerStateManager {
    if (this.producerState !== undefined) return this.producerState;
    const state = new ProducerStateManager();
    let offset = this.log.logStartOffset;
    while (offset < this.log.logEndOffset) {
      const { records } = this.log.read(offset, PRODUCER_STATE_REBUILD_READ_BYTES, { minOneBatch: true });
      if (records.length === 0) break;
      const next = this.replayProducerState(state, records);
      if (next <= offset) break;
      offset = next;
    }
    this.producerState = state;
    return state;
  }

  /** Feeds whole batches' headers into `state`; returns the offset after the last batch. */
  private replayProducerState(state: ProducerStateManager, records: Buffer): bigint {
    let next = -1n;
    for (let pos = 0; pos + BATCH_HEADER_SIZE <= records.length; pos += batchSizeAt(records, pos)) {
      const header = readBatchHeader(records, pos);
      const control = (header.attributes & CONTROL_MASK) !== 0;
      if (header.producerId >= 0n && !control && header.baseSequence >= 0) state.update(header, header.baseOffset);
      next = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
    }
    return next;
  }
}
