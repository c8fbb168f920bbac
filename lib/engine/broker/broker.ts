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
import type { ReplicaFetcherManagerFactory } from "./replica-fetcher-api";
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

export interface BrokerOptions {
  /**
   * Creates the follower side of replication (lib/engine/replication's replicaFetcherManager):
   * injected so that broker/ stays free of network code. Without it followers do not fetch.
   */
  replicaFetchers?: ReplicaFetcherManagerFactory;
}

/** Kafka's broker.heartbeat.interval.ms when the config is absent. */
export const BROKER_HEARTBEAT_INTERVAL_MS_DEFAULT = 100;

/**
 * One broker: identity, its log directory (dataDir/broker-<id>) and the partitions it hosts.
 * The network listener is separate (lib/engine/server); this class is what handlers call.
 *
 * Lifecycle: start() opens the logs, makes each replica leader or follower, starts the replica
 * fetchers and the heartbeats to the controller; stop() ends them. A broker is started once: a
 * restart is a new Broker over the same log dir.
 */
export class Broker {
  readonly logDir: string;
  readonly logManager: LogManager;
  readonly replicas: ReplicaManager;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private state: "new" | "running" | "stopping" | "stopped" = "new";

  constructor(
    public registration: BrokerRegistration,
    readonly controller: Controller,
    dataDir: string,
    readonly logger: EngineLogger,
    private readonly options: BrokerOptions = {},
  ) {
    this.logDir = path.join(dataDir, `broker-${registration.id}`);
    fs.mkdirSync(this.logDir, { recursive: true });
    this.logManager = new LogManager(this.logDir);
    this.replicas = new ReplicaManager(registration.id, this.logManager, controller, logger);
  }

  get id(): number {
    return this.registration.id;
  }

  get isRunning(): boolean {
    return this.state === "running";
  }

  /** Opens the logs, takes up the roles the metadata gives this broker, starts fetchers and heartbeats. */
  start(): void {
    if (this.state !== "new") throw new Error(`broker ${this.id} was already started; a restart is a new Broker`);
    this.state = "running";
    this.replicas.start(this.options.replicaFetchers?.(this.replicas));
    this.logManager.startBackgroundTasks();
    this.startHeartbeats();
  }

  /**
   * Stops heartbeats and replica fetchers, then closes every log. Clean (default): logs are
   * flushed and get clean-shutdown markers, high watermarks are checkpointed. `crash`: the files
   * are closed without any of that, so the next start recovers as after kill -9.
   */
  async stop(options: { crash?: boolean } = {}): Promise<void> {
    if (this.state === "stopping" || this.state === "stopped") return;
    this.state = "stopping";
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    try {
      await this.replicas.stop(options);
    } finally {
      this.logManager.close({ crash: options.crash === true });
      this.state = "stopped";
    }
  }

  /** Heartbeats to the controller every broker.heartbeat.interval.ms while running (KRaft's BrokerLifecycleManager). */
  private startHeartbeats(): void {
    const configured = Number(this.controller.configs.brokerValue("broker.heartbeat.interval.ms", this.id));
    const intervalMs =
      Number.isFinite(configured) && configured > 0 ? configured : BROKER_HEARTBEAT_INTERVAL_MS_DEFAULT;
    this.controller.brokerHeartbeat(this.id);
    this.heartbeatTimer = setInterval(() => {
      try {
        this.controller.brokerHeartbeat(this.id);
      } catch (err) {
        this.logger.warn(`broker ${this.id}: heartbeat failed: ${(err as Error).message}`);
      }
    }, intervalMs);
    this.heartbeatTimer.unref();
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

  /**
   * A topic as Metadata shows it (KRaftMetadataCache): a partition whose leader is not live has
   * leader -1 and LEADER_NOT_AVAILABLE; replicas on brokers that are not live are offlineReplicas.
   */
  private describeTopic(topic: TopicState): TopicMetadata {
    const live = new Set(this.controller.liveBrokerIds());
    return {
      errorCode: ErrorCode.NONE,
      name: topic.name,
      topicId: topic.topicId,
      isInternal: INTERNAL_TOPICS.has(topic.name),
      partitions: topic.partitions.map((p) => ({
        errorCode: live.has(p.leader) ? ErrorCode.NONE : ErrorCode.LEADER_NOT_AVAILABLE,
        partitionIndex: p.partition,
        leaderId: live.has(p.leader) ? p.leader : -1,
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
      if (partition.log.isClosed) continue;
      const list = byTopic.get(partition.topic) ?? [];
      list.push({
        partitionIndex: partition.partition,
        partitionSize: BigInt(partition.log.sizeInBytes()),
        // Kafka reports the lag of future (log-dir move) replicas here; current replicas have 0.
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
