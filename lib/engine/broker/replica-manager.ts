import { ErrorCode } from "../../protocol/error-codes";
import {
  CONTROL_MASK,
  CompressionType,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  compressionOf,
  readBatchHeader,
} from "../../protocol/records/batch-header";
import { ApiError, toApiError } from "../controller/api-error";
import type { Controller } from "../controller/controller";
import type { MetadataRecord } from "../controller/metadata-records";
import type { LogManager } from "../log";
import { FetchPurgatory } from "./fetch-purgatory";
import { toTopicRuntimeConfig, type TopicRuntimeConfig } from "./log-config-mapper";
import type { EngineLogger } from "./logger";
import { Partition } from "./partition";

export interface ProducePartitionResult {
  errorCode: number;
  errorMessage: string | null;
  baseOffset: bigint;
  logAppendTimeMs: bigint;
  logStartOffset: bigint;
}

/** Produce v7 is the first version allowed to carry zstd batches (KIP-110). */
export const ZSTD_MIN_PRODUCE_VERSION = 7;

/**
 * The partitions this broker hosts and the operations on them (Kafka's ReplicaManager): it
 * follows the controller's metadata (creating, reconfiguring and deleting partition logs) and
 * serves appends and reads. Domain code: it knows nothing about sockets or wire formats.
 */
export class ReplicaManager {
  /** topic name → partition number → replica hosted here. */
  private readonly topics = new Map<string, Map<number, Partition>>();
  readonly purgatory = new FetchPurgatory();

  constructor(
    readonly brokerId: number,
    private readonly logManager: LogManager,
    private readonly controller: Controller,
    private readonly logger: EngineLogger,
  ) {}

  /** Opens existing logs and brings local partitions in line with the metadata image. */
  start(): void {
    this.logManager.loadExisting((topic) => this.logConfigFor(topic));
    for (const topic of this.controller.image.topicsByName.keys()) this.reconcileTopic(topic);
    this.deleteStrayLogs();
    this.controller.subscribe((records) => this.onMetadata(records));
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
    const touched = new Set<string>();
    const image = this.controller.image;
    for (const record of records) {
      if (record.type === "Topic") touched.add(record.name);
      else if (record.type === "Partition") touched.add(image.topicsById.get(record.topicId)?.name ?? "");
      else if (record.type === "RemoveTopic") this.dropTopicId(record.topicId);
      else if (record.type === "Config" && record.resourceType === "topic") touched.add(record.resourceName);
      else if (record.type === "Config") for (const name of image.topicsByName.keys()) touched.add(name);
    }
    for (const topic of touched) if (topic !== "") this.reconcileTopic(topic);
  }

  /**
   * Creates logs for the topic's partitions assigned here and applies its current config; drops
   * local partitions of the topic that are no longer assigned here. Idempotent; costs O(partitions
   * of this topic), so creating many topics stays linear.
   */
  private reconcileTopic(name: string): void {
    const topic = this.controller.image.topicsByName.get(name);
    const config = this.topicConfigFor(name);
    const local = this.topics.get(name) ?? new Map<number, Partition>();
    const wanted = new Set<number>();
    for (const state of topic?.partitions ?? []) {
      if (!state.replicas.includes(this.brokerId)) continue;
      wanted.add(state.partition);
      const existing = local.get(state.partition);
      if (existing !== undefined && existing.topicId === state.topicId) {
        existing.state = state;
        existing.config = config;
        existing.log.updateConfig(config.log);
        this.assignLeaderEpoch(existing);
        continue;
      }
      if (existing !== undefined) this.dropPartition(local, existing);
      const log = this.logManager.getOrCreate(name, state.partition, config.log);
      const partition = new Partition(name, state.partition, state, log, config);
      local.set(state.partition, partition);
      this.assignLeaderEpoch(partition);
    }
    for (const partition of [...local.values()])
      if (!wanted.has(partition.partition)) this.dropPartition(local, partition);
    if (local.size > 0) this.topics.set(name, local);
    else this.topics.delete(name);
  }

  /**
   * A leader records where its epoch starts when it becomes leader, as Kafka's makeLeader does (a
   * no-op unless the epoch is new), so the epoch's first produce does not write the checkpoint.
   */
  private assignLeaderEpoch(partition: Partition): void {
    if (partition.isLeader(this.brokerId)) partition.log.maybeAssignEpochStartOffset(partition.leaderEpoch);
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

  private dropPartition(local: Map<number, Partition>, partition: Partition): void {
    local.delete(partition.partition);
    this.logManager.delete(partition.topic, partition.partition);
    this.purgatory.notify(FetchPurgatory.key(partition.topic, partition.partition));
  }

  /** The partition if this broker leads it; otherwise the error a client should get. */
  leaderPartition(topic: string, partition: number): Partition {
    const local = this.get(topic, partition);
    if (local !== undefined && local.isLeader(this.brokerId)) return local;
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

  /** Appends one partition's records of a Produce request (Kafka's ReplicaManager.appendRecords). */
  appendRecords(
    topic: string,
    partitionIndex: number,
    records: Buffer | null,
    acks: number,
    produceVersion: number,
  ): ProducePartitionResult {
    try {
      const partition = this.leaderPartition(topic, partitionIndex);
      if (records === null || records.length === 0)
        throw new ApiError(ErrorCode.INVALID_RECORD, "Produce request must contain exactly one record batch");
      const header = readBatchHeader(records, 0);
      if (header.batchLength + 12 !== records.length)
        throw new ApiError(
          ErrorCode.INVALID_RECORD,
          "Produce request must contain exactly one record batch per partition",
        );
      if (compressionOf(header.attributes) === CompressionType.Zstd && produceVersion < ZSTD_MIN_PRODUCE_VERSION) {
        throw new ApiError(
          ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
          "Produce requests with ZStandard compression require version 7 or later",
        );
      }
      if ((header.attributes & CONTROL_MASK) !== 0)
        throw new ApiError(ErrorCode.INVALID_RECORD, "Clients may not write control batches");
      if ((header.attributes & TRANSACTIONAL_MASK) !== 0)
        throw new ApiError(ErrorCode.INVALID_TXN_STATE, "Transactions are not supported by this broker yet");
      this.checkTimestamps(partition, header.attributes, header.maxTimestamp);
      this.checkMinInsyncReplicas(partition, acks);
      const idempotent = header.producerId >= 0n;
      if (idempotent) {
        const duplicate = partition.producers().check(header);
        if (duplicate !== undefined) return this.result(partition, duplicate.firstOffset, -1n);
      }
      const info = partition.log.appendAsLeader(records, partition.leaderEpoch);
      if (idempotent) partition.producers().update(header, info.firstOffset);
      this.purgatory.notify(FetchPurgatory.key(topic, partitionIndex));
      return this.result(partition, info.firstOffset, info.logAppendTime);
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

  /**
   * CreateTime batches must lie within message.timestamp.before.max.ms / after.max.ms of now
   * (LogValidator). Checked on the batch's maxTimestamp without decoding records: exact for
   * "after" (no record is later than the max); for "before" a batch is refused when even its
   * newest record is too old.
   */
  private checkTimestamps(partition: Partition, attributes: number, maxTimestamp: bigint): void {
    const config = partition.config;
    if ((attributes & TIMESTAMP_TYPE_MASK) !== 0 || config.log.messageTimestampType === "LogAppendTime") return;
    const now = BigInt(Date.now());
    if (
      maxTimestamp > now + config.timestampAfterMaxMs ||
      (maxTimestamp >= 0n && maxTimestamp < now - config.timestampBeforeMaxMs)
    ) {
      throw new ApiError(
        ErrorCode.INVALID_TIMESTAMP,
        `Timestamp ${maxTimestamp} of a record is out of the range allowed by message.timestamp.before.max.ms / message.timestamp.after.max.ms of ${partition.topic}`,
      );
    }
  }

  private checkMinInsyncReplicas(partition: Partition, acks: number): void {
    const minIsr = partition.config.minInsyncReplicas;
    if (acks !== -1 || partition.state.isr.length >= minIsr) return;
    throw new ApiError(
      ErrorCode.NOT_ENOUGH_REPLICAS,
      `The size of the current ISR ${partition.state.isr.length} is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${partition.topic}-${partition.partition}`,
    );
  }

  private result(partition: Partition, baseOffset: bigint, logAppendTimeMs: bigint): ProducePartitionResult {
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      baseOffset,
      logAppendTimeMs,
      logStartOffset: partition.log.logStartOffset,
    };
  }
}
