import fs from "node:fs";
import path from "node:path";
import { ErrorCode } from "../../protocol/error-codes";
import { ZERO_UUID } from "../../protocol/primitives/uuid";
import { ApiError, toApiError } from "../controller/api-error";
import type { BrokerRegistration, Controller } from "../controller/controller";
import type { TopicState } from "../controller/metadata-image";
import { INTERNAL_TOPICS, validateTopicName } from "../controller/topic-name";
import { LogManager } from "../log";
import type { EngineLogger } from "./logger";
import { ReplicaManager } from "./replica-manager";

/** The all-zero topic id (Kafka's Uuid.ZERO_UUID), in the codec's string form. */
export const NO_TOPIC_ID = ZERO_UUID;

export interface TopicMetadata {
  errorCode: number;
  name: string;
  topicId: string;
  isInternal: boolean;
  partitions: Array<{
    errorCode: number;
    partitionIndex: number;
    leaderId: number;
    leaderEpoch: number;
    replicaNodes: number[];
    isrNodes: number[];
    offlineReplicas: number[];
  }>;
}

export interface LogDirDescription {
  errorCode: number;
  logDir: string;
  totalBytes: bigint;
  usableBytes: bigint;
  topics: Array<{
    name: string;
    partitions: Array<{ partitionIndex: number; partitionSize: bigint; offsetLag: bigint; isFutureKey: boolean }>;
  }>;
}

/**
 * One broker: identity, its log directory (dataDir/broker-<id>) and the partitions it hosts.
 * The network listener is separate (lib/engine/server); this class is what handlers call.
 */
export class Broker {
  readonly logDir: string;
  readonly logManager: LogManager;
  readonly replicas: ReplicaManager;

  constructor(
    public registration: BrokerRegistration,
    readonly controller: Controller,
    dataDir: string,
    readonly logger: EngineLogger,
  ) {
    this.logDir = path.join(dataDir, `broker-${registration.id}`);
    fs.mkdirSync(this.logDir, { recursive: true });
    this.logManager = new LogManager(this.logDir);
    this.replicas = new ReplicaManager(registration.id, this.logManager, controller, logger);
  }

  get id(): number {
    return this.registration.id;
  }

  start(): void {
    this.replicas.start();
    this.logManager.startBackgroundTasks();
  }

  /** Flushes and closes every log. */
  stop(): void {
    this.logManager.close();
  }

  /**
   * Metadata for the requested topics (null = all). Unknown topics are auto-created when both the
   * request and auto.create.topics.enable allow it, and are then reported LEADER_NOT_AVAILABLE,
   * as Kafka does, so the client asks again.
   */
  topicMetadata(
    requested: Array<{ name: string | null; topicId: string }> | null,
    allowAutoCreate: boolean,
  ): TopicMetadata[] {
    if (requested === null) return [...this.controller.image.topicsByName.values()].map((t) => this.describeTopic(t));
    const autoCreate =
      allowAutoCreate && this.controller.configs.brokerValue("auto.create.topics.enable", this.id) === "true";
    return requested.map(({ name, topicId }) => {
      const topic = name !== null ? this.controller.topic(name) : this.controller.image.topicsById.get(topicId);
      if (topic !== undefined) return this.describeTopic(topic);
      if (name === null) return emptyTopic(ErrorCode.UNKNOWN_TOPIC_ID, "", topicId);
      try {
        validateTopicName(name);
        if (!autoCreate) return emptyTopic(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name);
        this.controller.createTopic(
          { name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [] },
          false,
          this.id,
        );
        return emptyTopic(ErrorCode.LEADER_NOT_AVAILABLE, name, this.controller.topic(name)?.topicId ?? NO_TOPIC_ID);
      } catch (err) {
        const e = toApiError(err);
        return emptyTopic(
          e.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS ? ErrorCode.LEADER_NOT_AVAILABLE : e.errorCode,
          name,
        );
      }
    });
  }

  private describeTopic(topic: TopicState): TopicMetadata {
    const live = new Set(this.controller.brokerList().map((b) => b.id));
    return {
      errorCode: ErrorCode.NONE,
      name: topic.name,
      topicId: topic.topicId,
      isInternal: INTERNAL_TOPICS.has(topic.name),
      partitions: topic.partitions.map((p) => ({
        errorCode: live.has(p.leader) ? ErrorCode.NONE : ErrorCode.LEADER_NOT_AVAILABLE,
        partitionIndex: p.partition,
        leaderId: p.leader,
        leaderEpoch: p.leaderEpoch,
        replicaNodes: p.replicas,
        isrNodes: p.isr,
        offlineReplicas: p.replicas.filter((r) => !live.has(r)),
      })),
    };
  }

  /**
   * Where a client should go instead, for a NOT_LEADER_OR_FOLLOWER answer (KIP-951: Produce v10+
   * and Fetch v12+ carry the current leader and its endpoint so the client need not refresh
   * metadata first).
   */
  leaderHint(
    topic: string,
    partition: number,
  ): { leaderId: number; leaderEpoch: number; endpoint?: BrokerRegistration } {
    const state = this.controller.topic(topic)?.partitions[partition];
    if (state === undefined) return { leaderId: -1, leaderEpoch: -1 };
    const endpoint = this.controller.brokerList().find((b) => b.id === state.leader);
    return { leaderId: state.leader, leaderEpoch: state.leaderEpoch, endpoint };
  }

  /**
   * InitProducerId for an idempotent producer (no transactional id). A producer re-initialising
   * with its id and epoch (v3+) gets the next epoch; transactions are not supported yet.
   */
  initProducerId(
    transactionalId: string | null,
    producerId: bigint,
    producerEpoch: number,
  ): { producerId: bigint; producerEpoch: number } {
    if (transactionalId !== null) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, "Transactional producers are not supported by this broker yet");
    }
    if (producerId >= 0n && producerEpoch >= 0 && producerEpoch < 32766)
      return { producerId, producerEpoch: producerEpoch + 1 };
    return { producerId: this.controller.allocateProducerId(), producerEpoch: 0 };
  }

  /** DescribeLogDirs: this broker's one log dir with real partition sizes and file-system totals. */
  describeLogDirs(filter: Array<{ topic: string; partitions: number[] }> | null): LogDirDescription[] {
    const wanted = filter === null ? null : new Map(filter.map((f) => [f.topic, new Set(f.partitions)]));
    const byTopic = new Map<string, LogDirDescription["topics"][number]["partitions"]>();
    for (const partition of this.replicas.all()) {
      if (wanted !== null && !wanted.get(partition.topic)?.has(partition.partition)) continue;
      const list = byTopic.get(partition.topic) ?? [];
      list.push({
        partitionIndex: partition.partition,
        partitionSize: BigInt(partition.log.sizeInBytes()),
        offsetLag: 0n,
        isFutureKey: false,
      });
      byTopic.set(partition.topic, list);
    }
    let totalBytes = -1n;
    let usableBytes = -1n;
    try {
      const stats = fs.statfsSync(this.logDir, { bigint: true });
      totalBytes = stats.blocks * stats.bsize;
      usableBytes = stats.bavail * stats.bsize;
    } catch {
      // statfs unsupported: Kafka reports -1 (UNKNOWN_VOLUME_BYTES) too
    }
    const topics = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
    return [{ errorCode: ErrorCode.NONE, logDir: this.logDir, totalBytes, usableBytes, topics }];
  }
}

function emptyTopic(errorCode: number, name: string, topicId = NO_TOPIC_ID): TopicMetadata {
  return { errorCode, name, topicId, isInternal: false, partitions: [] };
}
