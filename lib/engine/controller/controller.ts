import { randomBytes } from "node:crypto";
import path from "node:path";
import { ErrorCode } from "../../protocol/error-codes";
import type { EngineLogger } from "../broker/logger";
import { ApiError } from "./api-error";
import { applyConfigOps, configChangeRecords, validateConfigs, type ConfigKind, type ConfigOp } from "./config-changes";
import { ConfigRepository } from "./config-repository";
import { MetadataImage, unifyTopicName, type TopicState } from "./metadata-image";
import { MetadataLog } from "./metadata-log";
import type { MetadataRecord } from "./metadata-records";
import { assignReplicas } from "./replica-assignment";
import { validateTopicName } from "./topic-name";

/** A broker as the controller knows it: identity and its one listener. */
export interface BrokerRegistration {
  id: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface CreateTopicSpec {
  name: string;
  /** -1 = broker default (num.partitions) */
  numPartitions: number;
  /** -1 = broker default (default.replication.factor) */
  replicationFactor: number;
  /** Manual assignment; when non-empty numPartitions/replicationFactor must be -1. */
  assignments: Array<{ partitionIndex: number; brokerIds: number[] }>;
  configs: Array<{ name: string; value: string | null }>;
}

export interface CreatedTopic {
  topicId: string;
  numPartitions: number;
  replicationFactor: number;
}

export { AlterConfigOp } from "./config-changes";

export interface ConfigResourceRef {
  /** ConfigResource.Type: 2 = TOPIC, 4 = BROKER */
  resourceType: number;
  resourceName: string;
}

export const ConfigResourceType = { UNKNOWN: 0, TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;

/** Producer ids are persisted in blocks so InitProducerId costs no fsync most of the time. */
export const PRODUCER_ID_BLOCK_SIZE = 1000n;
/**
 * Most partitions one topic may have (not a Kafka limit). Creating a partition log costs about
 * 1 ms of synchronous disk work on the reference machine, so this bounds how long one request can
 * occupy the broker (~10 s) and keeps a typo from filling the disk with empty segments.
 */
export const MAX_PARTITIONS_PER_TOPIC = 10_000;

export type MetadataListener = (records: MetadataRecord[]) => void;

/**
 * The cluster's single controller (KRaft's QuorumController, one voter, in process). Every change
 * is validated, written to the metadata log (fsynced), then applied to the image and announced
 * to listeners (the brokers), in that order — so what a client was told is always durable.
 */
export class Controller {
  readonly image = new MetadataImage();
  readonly configs: ConfigRepository;
  private readonly brokers = new Map<number, BrokerRegistration>();
  private readonly listeners: MetadataListener[] = [];
  private producerIdLimit = 0n;

  private constructor(
    private readonly log: MetadataLog,
    staticConfigs: ReadonlyMap<number, ReadonlyMap<string, string>>,
    private readonly logger: EngineLogger,
  ) {
    this.configs = new ConfigRepository(this.image, staticConfigs);
  }

  /** Opens dataDir/metadata, replays it, and writes a cluster id on first start. */
  static open(options: {
    dataDir: string;
    brokers: BrokerRegistration[];
    staticConfigs?: ReadonlyMap<number, ReadonlyMap<string, string>>;
    logger: EngineLogger;
  }): Controller {
    const { log, records } = MetadataLog.open(path.join(options.dataDir, "metadata"), options.logger);
    const controller = new Controller(log, options.staticConfigs ?? new Map(), options.logger);
    for (const broker of options.brokers) controller.brokers.set(broker.id, broker);
    for (const record of records) controller.image.apply(record);
    controller.producerIdLimit = controller.image.nextProducerId;
    if (controller.image.clusterId === "") {
      controller.commit([{ type: "Cluster", clusterId: randomBytes(16).toString("base64url") }]);
    }
    options.logger.debug(`metadata: replayed ${records.length} records, ${controller.image.topicsByName.size} topics`);
    return controller;
  }

  /** The controller's broker id (reported as ControllerId): the lowest registered broker. */
  get controllerId(): number {
    return Math.min(...this.brokers.keys());
  }

  get clusterId(): string {
    return this.image.clusterId;
  }

  brokerList(): BrokerRegistration[] {
    return [...this.brokers.values()].sort((a, b) => a.id - b.id);
  }

  /** Updates a broker's listener (ports are known only once the listener is bound). */
  registerBroker(broker: BrokerRegistration): void {
    this.brokers.set(broker.id, broker);
  }

  subscribe(listener: MetadataListener): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.log.close();
  }

  topic(name: string): TopicState | undefined {
    return this.image.topicsByName.get(name);
  }

  createTopic(spec: CreateTopicSpec, validateOnly: boolean, brokerId = this.controllerId): CreatedTopic {
    validateTopicName(spec.name);
    if (this.image.topicsByName.has(spec.name)) {
      throw new ApiError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${spec.name}' already exists.`);
    }
    const collision = this.image.topicsByUnifiedName.get(unifyTopicName(spec.name));
    if (collision !== undefined) {
      throw new ApiError(
        ErrorCode.INVALID_TOPIC_EXCEPTION,
        `Topic '${spec.name}' collides with existing topic: ${collision.name}`,
      );
    }
    const assignment = this.resolveAssignment(spec, brokerId);
    const configs = this.validateNewTopicConfigs(spec.configs);
    const topicId = newTopicId();
    if (!validateOnly) {
      const records: MetadataRecord[] = [{ type: "Topic", name: spec.name, topicId }];
      assignment.forEach((replicas, partition) => records.push(newPartitionRecord(topicId, partition, replicas)));
      for (const [name, value] of configs) {
        records.push({ type: "Config", resourceType: "topic", resourceName: spec.name, name, value });
      }
      this.commit(records);
    }
    return { topicId, numPartitions: assignment.length, replicationFactor: assignment[0]?.length ?? 0 };
  }

  deleteTopic(topic: TopicState): void {
    if (this.configs.brokerValue("delete.topic.enable", this.controllerId) === "false") {
      throw new ApiError(ErrorCode.TOPIC_DELETION_DISABLED, "Topic deletion is disabled.");
    }
    this.commit([{ type: "RemoveTopic", topicId: topic.topicId }]);
  }

  /** CreatePartitions: grows `topic` to `count` partitions. */
  createPartitions(name: string, count: number, assignments: number[][] | null, validateOnly: boolean): void {
    const topic = this.image.topicsByName.get(name);
    if (topic === undefined)
      throw new ApiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    const current = topic.partitions.length;
    if (count <= current) {
      throw new ApiError(
        ErrorCode.INVALID_PARTITIONS,
        count === current
          ? `Topic already has ${current} partitions.`
          : `Topic currently has ${current} partitions, which is higher than the requested ${count}.`,
      );
    }
    if (count > MAX_PARTITIONS_PER_TOPIC)
      throw new ApiError(ErrorCode.INVALID_PARTITIONS, `At most ${MAX_PARTITIONS_PER_TOPIC} partitions per topic.`);
    const rf = topic.partitions[0]?.replicas.length ?? 1;
    let added: number[][];
    if (assignments !== null) {
      if (assignments.length !== count - current) {
        throw new ApiError(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `Increasing the number of partitions by ${count - current} but ${assignments.length} assignments provided.`,
        );
      }
      for (const replicas of assignments) this.checkReplicas(replicas, rf);
      added = assignments;
    } else {
      added = assignReplicas([...this.brokers.keys()], count - current, rf, { firstPartition: current });
    }
    if (validateOnly) return;
    this.commit(added.map((replicas, i) => newPartitionRecord(topic.topicId, current + i, replicas)));
  }

  /** AlterConfigs (legacy): replaces every override of the resource with `configs`. */
  alterConfigs(
    resource: ConfigResourceRef,
    configs: Array<{ name: string; value: string | null }>,
    validateOnly: boolean,
  ): void {
    const { kind, current } = this.resolveResource(resource);
    const next = new Map<string, string>();
    for (const { name, value } of configs) if (value !== null) next.set(name, value);
    validateConfigs(kind, next);
    if (!validateOnly) this.commit(configChangeRecords(kind, resource.resourceName, current, next));
  }

  /** IncrementalAlterConfigs: SET/DELETE/APPEND/SUBTRACT per config. */
  incrementalAlterConfigs(resource: ConfigResourceRef, ops: ConfigOp[], validateOnly: boolean): void {
    const { kind, current, brokerId } = this.resolveResource(resource);
    const effective = (name: string) =>
      kind === "topic"
        ? this.configs.topicValue(resource.resourceName, name, brokerId)
        : this.configs.brokerValue(name, brokerId);
    const next = applyConfigOps(kind, current, ops, effective);
    if (!validateOnly) this.commit(configChangeRecords(kind, resource.resourceName, current, next));
  }

  /** Allocates one producer id (InitProducerId without a transactional id). */
  allocateProducerId(): bigint {
    if (this.image.nextProducerId >= this.producerIdLimit) {
      this.producerIdLimit = this.image.nextProducerId + PRODUCER_ID_BLOCK_SIZE;
      this.commit([{ type: "ProducerIds", nextProducerId: this.producerIdLimit.toString() }]);
      this.image.nextProducerId = this.producerIdLimit - PRODUCER_ID_BLOCK_SIZE;
    }
    return this.image.nextProducerId++;
  }

  private commit(records: MetadataRecord[]): void {
    if (records.length === 0) return;
    this.log.append(records);
    for (const record of records) this.image.apply(record);
    for (const listener of this.listeners) {
      try {
        listener(records);
      } catch (err) {
        this.logger.error(`metadata listener failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
  }

  private resolveAssignment(spec: CreateTopicSpec, brokerId: number): number[][] {
    if (spec.assignments.length > 0) {
      if (spec.numPartitions !== -1 || spec.replicationFactor !== -1) {
        throw new ApiError(
          ErrorCode.INVALID_REQUEST,
          "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.",
        );
      }
      const sorted = [...spec.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
      sorted.forEach((a, i) => {
        if (a.partitionIndex !== i)
          throw new ApiError(
            ErrorCode.INVALID_REPLICA_ASSIGNMENT,
            "Partitions should be a consecutive 0-based integer sequence.",
          );
      });
      const rf = sorted[0]!.brokerIds.length;
      for (const a of sorted) this.checkReplicas(a.brokerIds, rf);
      return sorted.map((a) => a.brokerIds);
    }
    const partitions =
      spec.numPartitions === -1 ? Number(this.configs.brokerValue("num.partitions", brokerId)) : spec.numPartitions;
    const rf =
      spec.replicationFactor === -1
        ? Number(this.configs.brokerValue("default.replication.factor", brokerId))
        : spec.replicationFactor;
    if (partitions < 1 || partitions > MAX_PARTITIONS_PER_TOPIC) {
      throw new ApiError(
        ErrorCode.INVALID_PARTITIONS,
        `Number of partitions must be between 1 and ${MAX_PARTITIONS_PER_TOPIC}.`,
      );
    }
    if (rf < 1) throw new ApiError(ErrorCode.INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0.");
    if (rf > this.brokers.size) {
      throw new ApiError(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only ${this.brokers.size} broker(s) are registered.`,
      );
    }
    return assignReplicas([...this.brokers.keys()], partitions, rf);
  }

  private checkReplicas(replicas: number[], rf: number): void {
    if (replicas.length === 0)
      throw new ApiError(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        "The manual partition assignment includes an empty replica list.",
      );
    if (replicas.length !== rf)
      throw new ApiError(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        "All partitions should have the same number of replicas.",
      );
    if (new Set(replicas).size !== replicas.length)
      throw new ApiError(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `Duplicate brokers not allowed in replica assignment: ${replicas.join(", ")}.`,
      );
    for (const id of replicas) {
      if (!this.brokers.has(id))
        throw new ApiError(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `The manual partition assignment includes broker ${id}, which does not exist.`,
        );
    }
  }

  private validateNewTopicConfigs(configs: Array<{ name: string; value: string | null }>): Map<string, string> {
    const out = new Map<string, string>();
    for (const { name, value } of configs) {
      if (value === null)
        throw new ApiError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${name}`);
      out.set(name, value);
    }
    validateConfigs("topic", out);
    return out;
  }

  private resolveResource(resource: ConfigResourceRef): {
    kind: ConfigKind;
    current: Map<string, string>;
    brokerId: number;
  } {
    if (resource.resourceType === ConfigResourceType.TOPIC) {
      const topic = this.image.topicsByName.get(resource.resourceName);
      if (topic === undefined)
        throw new ApiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${resource.resourceName}' does not exist.`);
      return { kind: "topic", current: topic.configs, brokerId: this.controllerId };
    }
    if (resource.resourceType === ConfigResourceType.BROKER) {
      const name = resource.resourceName;
      if (name !== "" && !(/^\d+$/.test(name) && this.brokers.has(Number(name)))) {
        throw new ApiError(ErrorCode.INVALID_REQUEST, `Unknown broker '${name}'.`);
      }
      return {
        kind: "broker",
        current: this.image.brokerConfigs.get(name) ?? new Map(),
        brokerId: name === "" ? this.controllerId : Number(name),
      };
    }
    throw new ApiError(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${resource.resourceType}.`);
  }
}

/** Replication is not implemented yet: the ISR is the leader alone, which is what is true. */
function newPartitionRecord(topicId: string, partition: number, replicas: number[]): MetadataRecord {
  const leader = replicas[0]!;
  return { type: "Partition", topicId, partition, replicas, isr: [leader], leader, leaderEpoch: 0, partitionEpoch: 0 };
}

/**
 * A random topic id in Kafka's string form (Uuid.toString: URL-safe base64 of 16 bytes, 22
 * characters). Like Uuid.randomUuid, never the zero id and never starting with '-', so the id can
 * be passed on a command line.
 */
export function newTopicId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-") && id !== "AAAAAAAAAAAAAAAAAAAAAA") return id;
  }
}
