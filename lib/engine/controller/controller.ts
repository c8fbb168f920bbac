import { randomBytes } from "node:crypto";
import path from "node:path";
import { ErrorCode } from "../../protocol/error-codes";
import type { EngineLogger } from "../broker/logger";
import { ApiError } from "./api-error";
import { BrokerLiveness } from "./broker-liveness";
import { applyConfigOps, configChangeRecords, validateConfigs, type ConfigKind, type ConfigOp } from "./config-changes";
import { ConfigRepository } from "./config-repository";
import {
  alterPartitionTransition,
  fenceTransitions,
  partitionById,
  unfenceTransitions,
  type AlterPartitionRequest,
  type PartitionTransition,
} from "./isr-changes";
import { MetadataImage, unifyTopicName, type PartitionState, type TopicState } from "./metadata-image";
import { MetadataLog } from "./metadata-log";
import type { MetadataRecord } from "./metadata-records";
import { ElectionType, electLeader, imbalancedPartitions } from "./elections";
import { newPartitionState, partitionRecord } from "./partition-change";
import {
  allPartitionRefs,
  listReassignments,
  partitionResult,
  uniquePartitionRefs,
  type PartitionResult,
} from "./partition-requests";
import { cancelReassignment, startReassignment, validateTarget } from "./reassignment";
import { checkManualReplicas, checkReplicationFactor, manualAssignment, newTopicConfigs } from "./topic-validation";
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

export type { PartitionResult } from "./partition-requests";

/**
 * The cluster's single controller (KRaft's QuorumController, one voter, in process). Every change
 * is validated, written to the metadata log (fsynced), then applied to the image and announced
 * to listeners (the brokers), in that order — so what a client was told is always durable.
 *
 * It also owns broker liveness (broker-liveness.ts: heartbeats, session expiry, fencing) and every
 * leader/ISR decision: elections when brokers come and go (isr-changes.ts), leaders' AlterPartition
 * requests, ElectLeaders (elections.ts) and reassignments (reassignment.ts) — the pure state
 * transitions live in those files, this class validates, commits and announces them.
 */
export class Controller {
  readonly image = new MetadataImage();
  readonly configs: ConfigRepository;
  private readonly brokers = new Map<number, BrokerRegistration>();
  private readonly liveness = new BrokerLiveness();
  private readonly listeners: MetadataListener[] = [];
  private readonly pendingAnnouncements: MetadataRecord[][] = [];
  private announcing = false;
  private producerIdLimit = 0n;
  private rebalanceTimer: NodeJS.Timeout | undefined;

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
    for (const broker of options.brokers) {
      controller.brokers.set(broker.id, broker);
      controller.liveness.markLive(broker.id);
    }
    for (const record of records) controller.image.apply(record);
    controller.producerIdLimit = controller.image.nextProducerId;
    if (controller.image.clusterId === "") {
      controller.commit([{ type: "Cluster", clusterId: randomBytes(16).toString("base64url") }]);
    }
    controller.fenceUnregisteredReplicas();
    options.logger.debug(`metadata: replayed ${records.length} records, ${controller.image.topicsByName.size} topics`);
    return controller;
  }

  /**
   * The controller's broker id (reported as ControllerId): the lowest live broker, -1 when none is
   * (the active controller runs in process; it is shown on the broker that would host it).
   */
  get controllerId(): number {
    const live = this.liveness.liveIds();
    return live.length === 0 ? -1 : Math.min(...live);
  }

  /** The broker whose configs stand for the cluster's (the lowest registered id, live or not). */
  private get defaultBrokerId(): number {
    return Math.min(...this.brokers.keys());
  }

  get clusterId(): string {
    return this.image.clusterId;
  }

  /** Every registered broker, live or not (with its endpoint). */
  brokerList(): BrokerRegistration[] {
    return [...this.brokers.values()].sort((a, b) => a.id - b.id);
  }

  /** The live brokers: what Metadata and DescribeCluster publish (Kafka lists unfenced brokers only). */
  liveBrokers(): BrokerRegistration[] {
    return this.brokerList().filter((b) => this.liveness.isLive(b.id));
  }

  /** Updates a broker's listener (ports are known only once the listener is bound); a new id starts live. */
  registerBroker(broker: BrokerRegistration): void {
    if (!this.brokers.has(broker.id)) this.liveness.markLive(broker.id);
    this.brokers.set(broker.id, broker);
  }

  // ---- Broker liveness (KRaft's BrokerHeartbeatManager + ReplicationControlManager) ----

  isBrokerLive(id: number): boolean {
    return this.brokers.has(id) && this.liveness.isLive(id);
  }

  /** Live (unfenced) broker ids, ascending. */
  liveBrokerIds(): number[] {
    return this.liveness
      .liveIds()
      .filter((id) => this.brokers.has(id))
      .sort((a, b) => a - b);
  }

  /**
   * Fences a broker: it leaves every ISR (unless it is the last member) and leadership of what it
   * led moves to another in-sync replica, to any live replica where unclean.leader.election.enable
   * is true, or to nobody (-1). Returns the partitions that changed.
   */
  fenceBroker(id: number, reason: "request" | "session" = "request"): PartitionTransition[] {
    this.liveness.markFenced(id, reason);
    return this.commitTransitions(fenceTransitions(this.image, id, (r) => this.isBrokerLive(r), this.uncleanPolicy));
  }

  /** Unfences a broker: offline partitions it can lead (ISR member, or any replica when unclean) get it as leader. */
  unfenceBroker(id: number): PartitionTransition[] {
    if (!this.brokers.has(id)) throw new ApiError(ErrorCode.BROKER_NOT_AVAILABLE, `Broker ${id} is not registered.`);
    this.liveness.markLive(id);
    return this.commitTransitions(unfenceTransitions(this.image, id, this.uncleanPolicy));
  }

  /**
   * Controlled shutdown: leadership moves away and the broker leaves the ISRs while it still serves
   * (so clients are redirected, not cut off), then it stays fenced until started again.
   */
  controlledShutdown(id: number): PartitionTransition[] {
    this.liveness.markFenced(id, "shutdown");
    return this.commitTransitions(fenceTransitions(this.image, id, (r) => this.isBrokerLive(r), this.uncleanPolicy));
  }

  /** What fencing `id` would change now, without changing anything (for a stop's preview). */
  fenceImpact(id: number): PartitionTransition[] {
    return fenceTransitions(this.image, id, (r) => r !== id && this.isBrokerLive(r), this.uncleanPolicy);
  }

  /** A live broker's heartbeat (every broker.heartbeat.interval.ms); revives a broker fenced by session expiry. */
  brokerHeartbeat(id: number): void {
    if (this.liveness.heartbeat(id) && this.brokers.has(id)) {
      this.logger.info(`broker ${id}: heartbeats resumed, unfencing`);
      this.unfenceBroker(id);
    }
  }

  /**
   * Starts fencing brokers whose heartbeats stop for broker.session.timeout.ms (checked every
   * broker.heartbeat.interval.ms). Until called (unit tests), registered brokers stay live.
   */
  startBrokerSessions(): void {
    const intervalMs = Number(this.configs.brokerValue("broker.heartbeat.interval.ms", this.defaultBrokerId));
    this.liveness.startChecks(
      intervalMs,
      () => Number(this.configs.brokerValue("broker.session.timeout.ms", this.defaultBrokerId)),
      (id) => {
        this.logger.warn(`broker ${id}: no heartbeat within broker.session.timeout.ms, fencing`);
        this.fenceBroker(id, "session");
      },
    );
  }

  /**
   * Starts the controller's timers: broker sessions, and the automatic preferred-leader rebalance
   * every leader.imbalance.check.interval.seconds when auto.leader.rebalance.enable is true.
   */
  startBackgroundTasks(): void {
    this.startBrokerSessions();
    if (this.configs.brokerValue("auto.leader.rebalance.enable", this.defaultBrokerId) !== "true") return;
    const seconds = Number(this.configs.brokerValue("leader.imbalance.check.interval.seconds", this.defaultBrokerId));
    this.rebalanceTimer = setInterval(() => this.rebalanceLeaders(), seconds * 1000);
    this.rebalanceTimer.unref();
  }

  /** Stops the controller's timers (before the cluster's brokers stop, so nobody is fenced meanwhile). */
  stopBackgroundTasks(): void {
    this.liveness.stopChecks();
    if (this.rebalanceTimer !== undefined) clearInterval(this.rebalanceTimer);
    this.rebalanceTimer = undefined;
  }

  // ---- Elections and reassignments (ElectLeaders, Alter/ListPartitionReassignments) ----

  /**
   * ElectLeaders: `type` 0 = preferred, 1 = unclean; `partitions` null = every partition (then
   * partitions that need no election are left out of the results, as Kafka does).
   */
  electLeaders(type: number, partitions: Array<{ topic: string; partitions: number[] }> | null): PartitionResult[] {
    if (type !== ElectionType.PREFERRED && type !== ElectionType.UNCLEAN) {
      throw new ApiError(ErrorCode.INVALID_REQUEST, `Unknown election type ${type}.`);
    }
    const all = partitions === null;
    const wanted = all ? allPartitionRefs(this.image) : uniquePartitionRefs(partitions);
    const results: PartitionResult[] = [];
    const records: MetadataRecord[] = [];
    for (const { topic, partition } of wanted) {
      const result = partitionResult(this.image, topic, partition, (state) => {
        records.push(partitionRecord(electLeader(state, type, (r) => this.isBrokerLive(r))));
      });
      if (!all || result.errorCode !== ErrorCode.ELECTION_NOT_NEEDED) results.push(result);
    }
    this.commit(records);
    return results;
  }

  /**
   * The automatic preferred-leader rebalance (auto.leader.rebalance.enable): elects preferred
   * leaders where a broker's share of partitions not led by it exceeds
   * leader.imbalance.per.broker.percentage. Returns the partitions whose leader moved.
   */
  rebalanceLeaders(): PartitionTransition[] {
    const percentage = Number(this.configs.brokerValue("leader.imbalance.per.broker.percentage", this.defaultBrokerId));
    const partitions = [...this.image.topicsByName.values()].flatMap((t) =>
      t.partitions.map((state) => ({ topic: t.name, state })),
    );
    const transitions: PartitionTransition[] = [];
    for (const { topic, state } of imbalancedPartitions(partitions, percentage, (r) => this.isBrokerLive(r))) {
      const after = electLeader(state, ElectionType.PREFERRED, (r) => this.isBrokerLive(r));
      transitions.push({ topic, before: state, after });
    }
    if (transitions.length > 0)
      this.logger.info(`auto leader rebalance: ${transitions.length} preferred leaders elected`);
    return this.commitTransitions(transitions);
  }

  /**
   * AlterPartitionReassignments for one partition: `replicas` = the target assignment (see
   * reassignment.ts for the transitions), null = cancel the one in progress.
   */
  alterPartitionReassignment(topic: string, partition: number, replicas: number[] | null): PartitionResult {
    return partitionResult(this.image, topic, partition, (state, topicState) => {
      const isEligible = (r: number) => this.isBrokerLive(r);
      let next: PartitionState | undefined;
      if (replicas === null) {
        next = cancelReassignment(state, this.uncleanPolicy(topicState), isEligible);
      } else {
        validateTarget(replicas, (id) => this.brokers.has(id));
        next = startReassignment(state, replicas, isEligible);
      }
      if (next !== undefined) this.commit([partitionRecord(next)]);
    });
  }

  /** ListPartitionReassignments: partitions being reassigned (`topics` null = all; unknown names are skipped). */
  listPartitionReassignments(
    topics: Array<{ name: string; partitionIndexes: number[] }> | null,
  ): Array<{ name: string; partitions: PartitionState[] }> {
    return listReassignments(this.image, topics);
  }

  /**
   * AlterPartition from a partition's leader: validates and writes its new ISR (see
   * alterPartitionTransition for the errors), completing a reassignment whose adding replicas
   * are all in sync. Returns the partition's state after the change.
   */
  alterPartition(leaderId: number, topicId: string, partition: number, request: AlterPartitionRequest): PartitionState {
    const state = partitionById(this.image, topicId, partition);
    if (!this.isBrokerLive(leaderId)) {
      throw new ApiError(ErrorCode.FENCED_LEADER_EPOCH, `Broker ${leaderId} is fenced and leads nothing.`);
    }
    const next = alterPartitionTransition(state, leaderId, request, (r) => this.isBrokerLive(r));
    if (next === undefined) return state;
    this.commit([partitionRecord(next)]);
    return partitionById(this.image, topicId, partition);
  }

  private readonly uncleanPolicy = (topic: TopicState): boolean =>
    this.configs.topicValue(topic.name, "unclean.leader.election.enable", this.defaultBrokerId) === "true";

  private commitTransitions(transitions: PartitionTransition[]): PartitionTransition[] {
    this.commit(transitions.map((t) => partitionRecord(t.after)));
    return transitions;
  }

  /**
   * Replicas on brokers that are not part of this process (the broker count went down between
   * runs) are fenced at start, so their partitions get leaders among the brokers that exist.
   */
  private fenceUnregisteredReplicas(): void {
    const absent = new Set<number>();
    for (const topic of this.image.topicsByName.values()) {
      for (const p of topic.partitions) for (const r of p.replicas) if (!this.brokers.has(r)) absent.add(r);
    }
    for (const id of absent) {
      this.logger.warn(`metadata names broker ${id}, which is not configured; electing leaders without it`);
      this.fenceBroker(id);
    }
  }

  /** Calls `listener` with every committed batch of records; returns a function that unsubscribes. */
  subscribe(listener: MetadataListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  close(): void {
    this.stopBackgroundTasks();
    this.log.close();
  }

  topic(name: string): TopicState | undefined {
    return this.image.topicsByName.get(name);
  }

  createTopic(spec: CreateTopicSpec, validateOnly: boolean, brokerId = this.defaultBrokerId): CreatedTopic {
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
    const configs = newTopicConfigs(spec.configs);
    const topicId = newTopicId();
    if (!validateOnly) {
      const records: MetadataRecord[] = [{ type: "Topic", name: spec.name, topicId }];
      assignment.forEach((replicas, partition) => records.push(this.newPartitionRecord(topicId, partition, replicas)));
      for (const [name, value] of configs) {
        records.push({ type: "Config", resourceType: "topic", resourceName: spec.name, name, value });
      }
      this.commit(records);
    }
    return { topicId, numPartitions: assignment.length, replicationFactor: assignment[0]?.length ?? 0 };
  }

  deleteTopic(topic: TopicState): void {
    if (this.configs.brokerValue("delete.topic.enable", this.defaultBrokerId) === "false") {
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
      for (const replicas of assignments) checkManualReplicas(replicas, rf, this.brokerChecks);
      added = assignments;
    } else {
      checkReplicationFactor(rf, this.liveBrokerIds().length);
      added = this.placeReplicas(count - current, rf, current);
    }
    if (validateOnly) return;
    this.commit(added.map((replicas, i) => this.newPartitionRecord(topic.topicId, current + i, replicas)));
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

  /**
   * Writes, applies, then announces records. A listener may commit in turn (a new leader asking for
   * an ISR change): its batch is queued and announced after the current one, so every listener sees
   * batches in commit order.
   */
  private commit(records: MetadataRecord[]): void {
    if (records.length === 0) return;
    this.log.append(records);
    for (const record of records) this.image.apply(record);
    this.pendingAnnouncements.push(records);
    if (this.announcing) return;
    this.announcing = true;
    try {
      for (
        let batch = this.pendingAnnouncements.shift();
        batch !== undefined;
        batch = this.pendingAnnouncements.shift()
      ) {
        for (const listener of [...this.listeners]) {
          try {
            listener(batch);
          } catch (err) {
            this.logger.error(`metadata listener failed: ${(err as Error).stack ?? String(err)}`);
          }
        }
      }
    } finally {
      this.announcing = false;
    }
  }

  private resolveAssignment(spec: CreateTopicSpec, brokerId: number): number[][] {
    if (spec.assignments.length > 0) return manualAssignment(spec, this.brokerChecks);
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
    checkReplicationFactor(rf, this.liveBrokerIds().length);
    return this.placeReplicas(partitions, rf, 0);
  }

  /** Kafka's placement over the live brokers, rack-aware when every live broker has a rack. */
  private placeReplicas(count: number, rf: number, firstPartition: number): number[][] {
    const racks = new Map(this.brokerList().map((b) => [b.id, b.rack]));
    return assignReplicas(this.liveBrokerIds(), count, rf, { firstPartition, racks });
  }

  private readonly brokerChecks = {
    isRegistered: (id: number) => this.brokers.has(id),
    isLive: (id: number) => this.isBrokerLive(id),
  };

  private newPartitionRecord(topicId: string, partition: number, replicas: number[]): MetadataRecord {
    return partitionRecord(newPartitionState(topicId, partition, replicas, (r) => this.isBrokerLive(r)));
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
      return { kind: "topic", current: topic.configs, brokerId: this.defaultBrokerId };
    }
    if (resource.resourceType === ConfigResourceType.BROKER) {
      const name = resource.resourceName;
      if (name !== "" && !(/^\d+$/.test(name) && this.brokers.has(Number(name)))) {
        throw new ApiError(ErrorCode.INVALID_REQUEST, `Unknown broker '${name}'.`);
      }
      return {
        kind: "broker",
        current: this.image.brokerConfigs.get(name) ?? new Map(),
        brokerId: name === "" ? this.defaultBrokerId : Number(name),
      };
    }
    throw new ApiError(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${resource.resourceType}.`);
  }
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
