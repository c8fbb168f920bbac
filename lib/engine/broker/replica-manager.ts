import { ErrorCode } from "../../protocol/error-codes";
import { ApiError, toApiError } from "../controller/api-error";
import type { Controller } from "../controller/controller";
import type { MetadataRecord } from "../controller/metadata-records";
import type { PartitionState } from "../controller/metadata-image";
import { CheckpointError, readReplicationOffsets, writeReplicationOffsets, type LogManager } from "../log";
import { FetchPurgatory } from "./fetch-purgatory";
import { IsrMaintenance } from "./isr-maintenance";
import { appendedResult, checkProduceBatch } from "./produce-checks";
import { toTopicRuntimeConfig, type TopicRuntimeConfig } from "./log-config-mapper";
import type { EngineLogger } from "./logger";
import { Partition } from "./partition";
import type { PendingReplication, ProducePartitionResult } from "./produce-purgatory";
import type { FollowerFetchTarget, ReplicaFetcherManagerApi } from "./replica-fetcher-api";
import { isThrottledReplica, parseRate, ReplicationQuota } from "./replication-quota";

export type { ProducePartitionResult } from "./produce-purgatory";
export { ZSTD_MIN_PRODUCE_VERSION } from "./produce-checks";

/** Kafka's replica.lag.time.max.ms default, used when the config is absent. */
export const REPLICA_LAG_TIME_MAX_MS_DEFAULT = 30_000;
/** Kafka's replica.high.watermark.checkpoint.interval.ms default. */
export const HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS = 5_000;

/**
 * The partitions this broker hosts and the operations on them (Kafka's ReplicaManager): it
 * follows the controller's metadata (creating, reconfiguring and deleting partition logs, and
 * making each replica leader or follower), serves appends and reads, keeps the leaders' high
 * watermarks and ISRs, and tells the replica fetchers what to follow. Domain code: it knows
 * nothing about sockets or wire formats.
 */
export class ReplicaManager {
  /** topic name → partition number → replica hosted here. */
  private readonly topics = new Map<string, Map<number, Partition>>();
  /** Long-poll fetches, woken by appends (followers) and high watermark moves (consumers). */
  readonly purgatory = new FetchPurgatory();
  /** acks=all produces, woken by high watermark, ISR and leadership changes. */
  readonly producePurgatory = new FetchPurgatory();
  /** leader.replication.throttled.rate, for out-of-sync followers of throttled partitions. */
  readonly leaderQuota = new ReplicationQuota();
  private readonly isr: IsrMaintenance;
  private fetchers: ReplicaFetcherManagerApi | undefined;
  private checkpointedHighWatermarks = new Map<string, bigint>();
  private checkpointTimer: NodeJS.Timeout | undefined;
  /** What replication-offset-checkpoint holds now (written only when a value changed). */
  private lastCheckpoint = new Map<string, bigint>();
  private replicaLagTimeMaxMs = REPLICA_LAG_TIME_MAX_MS_DEFAULT;
  private running = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly brokerId: number,
    private readonly logManager: LogManager,
    readonly controller: Controller,
    private readonly logger: EngineLogger,
    readonly now: () => number = Date.now,
  ) {
    this.isr = new IsrMaintenance(
      brokerId,
      controller,
      logger,
      () => this.ledPartitions(),
      () => this.replicaLagTimeMaxMs,
      now,
    );
  }

  /**
   * Opens existing logs (with their checkpointed high watermarks) and brings local partitions in
   * line with the metadata image: leaders start serving, followers start fetching.
   */
  start(fetchers?: ReplicaFetcherManagerApi): void {
    this.fetchers = fetchers;
    this.running = true;
    this.readBrokerSettings();
    this.checkpointedHighWatermarks = this.readHighWatermarks();
    this.logManager.loadExisting((topic) => this.logConfigFor(topic));
    for (const topic of this.controller.image.topicsByName.keys()) this.reconcileTopic(topic);
    // Only the replicas found at start take a checkpointed value; later ones start at their log start.
    this.checkpointedHighWatermarks.clear();
    this.deleteStrayLogs();
    this.unsubscribe = this.controller.subscribe((records) => this.onMetadata(records));
    this.isr.start();
    this.checkpointTimer = setInterval(
      () => this.guard(() => this.checkpointHighWatermarks()),
      HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS,
    );
    this.checkpointTimer.unref();
  }

  /**
   * Stops following metadata, the ISR checks and the fetchers. A clean stop writes the high
   * watermarks; a crash does not (the next start uses the last periodic checkpoint, as after
   * kill -9). The logs are closed by the caller (LogManager).
   */
  async stop(options: { crash?: boolean } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.isr.stop();
    if (this.checkpointTimer !== undefined) clearInterval(this.checkpointTimer);
    this.checkpointTimer = undefined;
    const fetchers = this.fetchers;
    this.fetchers = undefined;
    await fetchers?.shutdown();
    if (options.crash !== true) this.guard(() => this.checkpointHighWatermarks());
    for (const partition of this.all()) {
      const key = FetchPurgatory.key(partition.topic, partition.partition);
      this.purgatory.notify(key);
      this.producePurgatory.notify(key);
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  get(topic: string, partition: number): Partition | undefined {
    return this.topics.get(topic)?.get(partition);
  }

  *all(): Iterable<Partition> {
    for (const partitions of this.topics.values()) yield* partitions.values();
  }

  logConfigFor(topic: string) {
    return this.topicConfigFor(topic).log;
  }

  topicConfigFor(topic: string): TopicRuntimeConfig {
    return toTopicRuntimeConfig(this.controller.configs.topicValues(topic, this.brokerId));
  }

  /** Applies committed metadata records: only the topics they touch are reconciled. */
  private onMetadata(records: MetadataRecord[]): void {
    if (!this.running) return;
    const touched = new Set<string>();
    const image = this.controller.image;
    for (const record of records) {
      if (record.type === "Topic") touched.add(record.name);
      else if (record.type === "Partition") touched.add(image.topicsById.get(record.topicId)?.name ?? "");
      else if (record.type === "RemoveTopic") this.dropTopicId(record.topicId);
      else if (record.type === "Config" && record.resourceType === "topic") touched.add(record.resourceName);
      else if (record.type === "Config") {
        this.readBrokerSettings();
        for (const name of image.topicsByName.keys()) touched.add(name);
      }
    }
    for (const topic of touched) if (topic !== "") this.reconcileTopic(topic);
  }

  /** Broker-level settings of the data path, re-read whenever a config changes. */
  private readBrokerSettings(): void {
    const value = (name: string) => this.controller.configs.brokerValue(name, this.brokerId);
    const lag = Number(value("replica.lag.time.max.ms") ?? REPLICA_LAG_TIME_MAX_MS_DEFAULT);
    this.replicaLagTimeMaxMs = Number.isFinite(lag) && lag > 0 ? lag : REPLICA_LAG_TIME_MAX_MS_DEFAULT;
    this.leaderQuota.setUpperBound(parseRate(value("leader.replication.throttled.rate")));
  }

  get lagTimeMaxMs(): number {
    return this.replicaLagTimeMaxMs;
  }

  /**
   * Creates logs for the topic's partitions assigned here, applies its current config and makes
   * each replica leader or follower as the metadata says; drops local partitions of the topic that
   * are no longer assigned here. Idempotent; costs O(partitions of this topic), so creating many
   * topics stays linear.
   */
  private reconcileTopic(name: string): void {
    const topic = this.controller.image.topicsByName.get(name);
    const config = this.topicConfigFor(name);
    const local = this.topics.get(name) ?? new Map<number, Partition>();
    const wanted = new Set<number>();
    const follow: FollowerFetchTarget[] = [];
    const unfollow: Partition[] = [];
    for (const state of topic?.partitions ?? []) {
      if (!state.replicas.includes(this.brokerId)) continue;
      wanted.add(state.partition);
      let partition = local.get(state.partition);
      if (partition !== undefined && partition.topicId !== state.topicId) {
        this.dropPartition(local, partition);
        partition = undefined;
      }
      if (partition === undefined) {
        const log = this.logManager.getOrCreate(name, state.partition, config.log);
        const hw = this.checkpointedHighWatermarks.get(`${name}-${state.partition}`) ?? 0n;
        partition = new Partition(name, state.partition, state, log, config, this.brokerId, hw);
        local.set(state.partition, partition);
        this.applyState(partition, state, true, follow, unfollow);
      } else {
        partition.config = config;
        partition.log.updateConfig(config.log);
        this.applyState(partition, state, false, follow, unfollow);
      }
    }
    for (const partition of [...local.values()])
      if (!wanted.has(partition.partition)) this.dropPartition(local, partition);
    if (local.size > 0) this.topics.set(name, local);
    else this.topics.delete(name);
    if (unfollow.length > 0) this.fetchers?.removeFetcherForPartitions(unfollow);
    if (follow.length > 0) this.fetchers?.addFetcherForPartitions(follow);
  }

  /**
   * makeLeader / makeFollower (contract: the data path reacts only to metadata). A new leader
   * epoch starts at the log end offset and keeps the high watermark; a follower whose leader or
   * epoch changed is re-added to the fetchers, which truncate it against the new leader first.
   * Parked fetches and produces of the partition are re-checked (a deposed leader answers them
   * NOT_LEADER_OR_FOLLOWER; a smaller ISR may complete acks=all produces).
   */
  private applyState(
    partition: Partition,
    state: PartitionState,
    isNew: boolean,
    follow: FollowerFetchTarget[],
    unfollow: Partition[],
  ): void {
    const before = partition.state;
    const wasLeader = !isNew && partition.leaderEpochStartOffset !== undefined;
    if (state.leader === this.brokerId) {
      const newEpoch = partition.makeLeader(state, this.now());
      if (newEpoch) {
        if (!isNew) unfollow.push(partition);
        this.logger.debug(
          `broker ${this.brokerId}: leader of ${partition.topic}-${partition.partition} in epoch ${state.leaderEpoch} from offset ${partition.log.logEndOffset} (high watermark ${partition.highWatermark})`,
        );
      }
      this.maybeIncrementHighWatermark(partition);
      this.isr.maybeExpandIsr(partition);
    } else {
      partition.makeFollower(state);
      const restart = isNew || wasLeader || before.leader !== state.leader || before.leaderEpoch !== state.leaderEpoch;
      if (restart) {
        if (!isNew) unfollow.push(partition);
        if (state.leader >= 0) {
          follow.push({
            topic: partition.topic,
            partition: partition.partition,
            topicId: state.topicId,
            leaderId: state.leader,
            leaderEpoch: state.leaderEpoch,
          });
        }
      }
    }
    const key = FetchPurgatory.key(partition.topic, partition.partition);
    this.purgatory.notify(key);
    this.producePurgatory.notify(key);
  }

  /** Partitions this broker leads now. */
  *ledPartitions(): Iterable<Partition> {
    for (const partition of this.all()) if (partition.isLeader()) yield partition;
  }

  /**
   * Recomputes a leader's high watermark; when it advances, parked consumer fetches and acks=all
   * produces of the partition are re-checked.
   */
  maybeIncrementHighWatermark(partition: Partition): boolean {
    const advanced = partition.maybeIncrementLeaderHighWatermark(this.now(), this.replicaLagTimeMaxMs, (id) =>
      this.controller.isBrokerLive(id),
    );
    if (advanced) {
      const key = FetchPurgatory.key(partition.topic, partition.partition);
      this.purgatory.notify(key);
      this.producePurgatory.notify(key);
    }
    return advanced;
  }

  /**
   * After the group coordinator (or another broker-internal writer) appended to a partition it
   * leads: wake fetches and move the high watermark (a single-replica ISR commits at once).
   */
  onLeaderAppend(topic: string, partitionIndex: number): void {
    const partition = this.get(topic, partitionIndex);
    if (partition !== undefined) this.afterLeaderAppend(partition);
  }

  /** Followers' parked fetches wake up; a single-replica ISR commits at once. */
  private afterLeaderAppend(partition: Partition): void {
    this.purgatory.notify(FetchPurgatory.key(partition.topic, partition.partition));
    this.maybeIncrementHighWatermark(partition);
  }

  /**
   * A follower's Fetch reached this leader at `fetchOffset` (its log end offset): its state, the
   * high watermark and the ISR are updated (Kafka's updateFollowerFetchState). Returns false when
   * `replicaId` is not a replica of the partition.
   */
  onFollowerFetch(partition: Partition, replicaId: number, fetchOffset: bigint, followerLogStartOffset: bigint) {
    const follower = partition.updateFollowerFetchState(replicaId, fetchOffset, followerLogStartOffset, this.now());
    if (follower === undefined) return false;
    this.isr.maybeExpandIsr(partition);
    this.maybeIncrementHighWatermark(partition);
    return true;
  }

  /** Whether a follower's fetch of `partition` is throttled on this leader (KIP-73, out-of-sync followers only). */
  isLeaderThrottled(partition: Partition, replicaId: number): boolean {
    if (!this.leaderQuota.enabled || partition.state.isr.includes(replicaId)) return false;
    const replicas = this.controller.configs.topicValue(
      partition.topic,
      "leader.replication.throttled.replicas",
      this.brokerId,
    );
    return isThrottledReplica(replicas, partition.partition, this.brokerId);
  }

  // ---------------------------------------------------------------- follower side

  /** The partition if this broker still follows `leaderEpoch` of it; otherwise undefined. */
  followerPartition(topic: string, partitionIndex: number, leaderEpoch: number): Partition | undefined {
    const partition = this.get(topic, partitionIndex);
    if (!this.running || partition === undefined || partition.isLeader()) return undefined;
    return partition.leaderEpoch === leaderEpoch && !partition.log.isClosed ? partition : undefined;
  }

  /**
   * Applies one partition of a fetch response from the leader (ReplicaFetcherThread
   * .processPartitionData): append the batches, then take the leader's high watermark (bounded
   * by this log) and its log start offset (DeleteRecords and retention on the leader).
   */
  appendAsFollower(
    partition: Partition,
    records: Buffer | null,
    leaderHighWatermark: bigint,
    leaderLogStartOffset: bigint,
  ): void {
    if (records !== null && records.length > 0) partition.appendAsFollower(records);
    partition.updateFollowerHighWatermark(leaderHighWatermark);
    const log = partition.log;
    if (leaderLogStartOffset > log.logStartOffset && leaderLogStartOffset <= partition.highWatermark) {
      log.deleteRecordsBefore(leaderLogStartOffset);
    }
  }

  // ---------------------------------------------------------------- high watermark checkpoint

  private readHighWatermarks(): Map<string, bigint> {
    try {
      return readReplicationOffsets(this.logManager.fileSystem, this.logManager.logDir);
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      this.logger.warn(`broker ${this.brokerId}: ${err.message}; high watermarks restart from the log start offsets`);
      return new Map();
    }
  }

  /** Writes replication-offset-checkpoint when a high watermark changed since the last write. */
  checkpointHighWatermarks(): void {
    const offsets = new Map<string, bigint>();
    let changed = false;
    for (const p of this.all()) {
      if (p.log.isClosed) continue;
      const key = `${p.topic}-${p.partition}`;
      offsets.set(key, p.highWatermark);
      if (this.lastCheckpoint.get(key) !== p.highWatermark) changed = true;
    }
    if (!changed && offsets.size === this.lastCheckpoint.size) return;
    writeReplicationOffsets(this.logManager.fileSystem, this.logManager.logDir, offsets);
    this.lastCheckpoint = offsets;
  }

  private guard(task: () => void): void {
    try {
      task();
    } catch (err) {
      this.logger.error(`broker ${this.brokerId}: ${(err as Error).stack ?? String(err)}`);
    }
  }

  private dropTopicId(topicId: string): void {
    for (const [name, local] of this.topics) {
      const first = local.values().next().value;
      if (first === undefined || first.topicId !== topicId) continue;
      for (const partition of [...local.values()]) this.dropPartition(local, partition);
      this.topics.delete(name);
    }
  }

  /** Logs found on disk for partitions the metadata does not place here (deleted while down). */
  private deleteStrayLogs(): void {
    for (const { topic, partition } of [...this.logManager.all()]) {
      if (this.get(topic, partition) === undefined) {
        this.logger.info(`broker ${this.brokerId}: deleting stray log ${topic}-${partition}`);
        this.logManager.delete(topic, partition);
      }
    }
  }

  /** A replica removed from this broker (deleted topic, reassignment): stop fetching, delete the log. */
  private dropPartition(local: Map<number, Partition>, partition: Partition): void {
    local.delete(partition.partition);
    this.fetchers?.removeFetcherForPartitions([partition]);
    this.logManager.delete(partition.topic, partition.partition);
    const key = FetchPurgatory.key(partition.topic, partition.partition);
    this.purgatory.notify(key);
    this.producePurgatory.notify(key);
  }

  /** The partition if this broker leads it; otherwise the error a client should get. */
  leaderPartition(topic: string, partition: number): Partition {
    const local = this.get(topic, partition);
    if (local !== undefined && local.isLeader(this.brokerId) && this.running) return local;
    const known = this.controller.topic(topic)?.partitions[partition];
    if (known === undefined)
      throw new ApiError(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        `This server does not host this topic-partition: ${topic}-${partition}`,
      );
    throw new ApiError(
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
      `Broker ${this.brokerId} is not the leader of ${topic}-${partition} (leader: ${known.leader})`,
    );
  }

  /**
   * Appends one partition's records of a Produce request (Kafka's ReplicaManager.appendRecords).
   * With acks=-1 a successful append is also pushed to `pending` (when given): the caller waits
   * for it with awaitReplication before answering. acks=0/1 never wait.
   */
  appendRecords(
    topic: string,
    partitionIndex: number,
    records: Buffer | null,
    acks: number,
    produceVersion: number,
    pending?: PendingReplication[],
  ): ProducePartitionResult {
    try {
      const partition = this.leaderPartition(topic, partitionIndex);
      const { records: batch, header } = checkProduceBatch(partition, records, acks, produceVersion);
      const idempotent = header.producerId >= 0n;
      const duplicate = idempotent ? partition.producers().check(header) : undefined;
      let result: ProducePartitionResult;
      let lastOffset: bigint;
      if (duplicate !== undefined) {
        result = appendedResult(partition, duplicate.firstOffset, -1n);
        lastOffset = duplicate.lastOffset;
      } else {
        const info = partition.log.appendAsLeader(batch, partition.leaderEpoch);
        if (idempotent) partition.producers().update(header, info.firstOffset);
        this.afterLeaderAppend(partition);
        result = appendedResult(partition, info.firstOffset, info.logAppendTime);
        lastOffset = info.lastOffset;
      }
      if (acks === -1) pending?.push({ topic, partition: partitionIndex, requiredOffset: lastOffset + 1n, result });
      return result;
    } catch (err) {
      const e = toApiError(err);
      const code =
        e.errorCode === ErrorCode.UNKNOWN_SERVER_ERROR && (err as Error).name === "ProtocolError"
          ? ErrorCode.CORRUPT_MESSAGE
          : e.errorCode;
      if (code === ErrorCode.UNKNOWN_SERVER_ERROR)
        this.logger.error(`produce to ${topic}-${partitionIndex} failed: ${(err as Error).stack ?? e.message}`);
      return { errorCode: code, errorMessage: e.message, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n };
    }
  }
}
