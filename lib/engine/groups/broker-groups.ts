import type { EngineLogger } from "../broker/logger";
import type { ReplicaManager } from "../broker/replica-manager";
import type { Controller } from "../controller/controller";
import { CONSUMER_OFFSETS_TOPIC } from "./coordinator-placement";
import type { OffsetsTopicView } from "./find-coordinator";
import { groupConfigFrom, type GroupCoordinatorConfig } from "./group-config";
import { GroupCoordinator } from "./group-coordinator";
import { offsetsTopicLog } from "./offsets-topic-log";
import type { Scheduler } from "./scheduler";

/** offsets.topic.segment.bytes: Kafka keeps __consumer_offsets segments small so compaction runs often. */
export const OFFSETS_TOPIC_SEGMENT_BYTES = 100 * 1024 * 1024;

/**
 * Creates __consumer_offsets if the cluster has none yet (on the first FindCoordinator for a
 * group, as Kafka does): offsets.topic.num.partitions partitions, offsets.topic.replication.factor
 * capped at the broker count, compacted.
 */
export function ensureOffsetsTopic(controller: Controller): void {
  if (controller.topic(CONSUMER_OFFSETS_TOPIC) !== undefined) return;
  const id = controller.controllerId;
  const config = groupConfigFrom((name) => controller.configs.brokerValue(name, id));
  const replication = Number(controller.configs.brokerValue("offsets.topic.replication.factor", id) ?? "3");
  controller.createTopic(
    {
      name: CONSUMER_OFFSETS_TOPIC,
      numPartitions: config.offsetsTopicNumPartitions,
      replicationFactor: Math.max(1, Math.min(replication, controller.liveBrokerIds().length)),
      assignments: [],
      configs: [
        { name: "cleanup.policy", value: "compact" },
        { name: "segment.bytes", value: String(OFFSETS_TOPIC_SEGMENT_BYTES) },
        { name: "compression.type", value: "producer" },
      ],
    },
    false,
    id,
  );
}

/** __consumer_offsets as the controller's metadata describes it, for FindCoordinator. */
export function offsetsTopicView(controller: Controller): OffsetsTopicView {
  return {
    partitionCount: () => controller.topic(CONSUMER_OFFSETS_TOPIC)?.partitions.length,
    leaderOf(partition) {
      const leader = controller.topic(CONSUMER_OFFSETS_TOPIC)?.partitions[partition]?.leader;
      const broker = controller.brokerList().find((b) => b.id === leader);
      return broker === undefined ? undefined : { id: broker.id, host: broker.host, port: broker.port };
    },
    create: () => ensureOffsetsTopic(controller),
  };
}

/**
 * The group coordinator of one broker, bound to the broker's replicas: it appends to and replays
 * the __consumer_offsets partitions the broker leads, and follows leadership changes announced by
 * the controller (onElection / onResignation), so a group's coordinator moves with its partition.
 */
export class BrokerGroupCoordinator {
  readonly coordinator: GroupCoordinator;
  private readonly led = new Set<number>();
  private started = false;
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly brokerId: number,
    private readonly replicas: ReplicaManager,
    private readonly controller: Controller,
    private readonly logger: EngineLogger,
    options: { config?: Partial<GroupCoordinatorConfig>; scheduler?: Scheduler } = {},
  ) {
    const brokerConfig = groupConfigFrom((name) => controller.configs.brokerValue(name, brokerId));
    this.coordinator = new GroupCoordinator({
      log: offsetsTopicLog(
        (partition) => {
          const local = replicas.get(CONSUMER_OFFSETS_TOPIC, partition);
          return local?.isLeader(brokerId) ? { log: local.log, leaderEpoch: local.leaderEpoch } : undefined;
        },
        (partition) => replicas.onLeaderAppend(CONSUMER_OFFSETS_TOPIC, partition),
      ),
      config: { ...brokerConfig, ...options.config },
      scheduler: options.scheduler,
      logger,
      partitionExists: (topic, partition) => controller.topic(topic)?.partitions[partition] !== undefined,
      offsetsPartitionCount: () => controller.topic(CONSUMER_OFFSETS_TOPIC)?.partitions.length,
    });
  }

  /** Call after the replica manager has started (its partitions must exist before they are loaded). */
  start(): void {
    this.started = true;
    this.coordinator.startup();
    this.unsubscribe = this.controller.subscribe(() => this.reconcile());
    this.reconcile();
  }

  stop(): void {
    this.started = false;
    // A restarted broker builds a new coordinator; this one must stop hearing about metadata.
    this.unsubscribe();
    this.unsubscribe = () => {};
    this.led.clear();
    this.coordinator.shutdown();
  }

  /** Loads newly led __consumer_offsets partitions and unloads those led elsewhere now. */
  private reconcile(): void {
    if (!this.started) return;
    const now = new Set<number>();
    for (const state of this.controller.topic(CONSUMER_OFFSETS_TOPIC)?.partitions ?? []) {
      if (state.leader === this.brokerId && this.replicas.get(CONSUMER_OFFSETS_TOPIC, state.partition) !== undefined) {
        now.add(state.partition);
      }
    }
    for (const partition of this.led) {
      if (!now.has(partition)) this.coordinator.onResignation(partition);
    }
    for (const partition of now) {
      if (this.led.has(partition)) continue;
      this.coordinator.onElection(partition).catch((err: unknown) => {
        this.logger.error(`group coordinator: loading __consumer_offsets-${partition} failed: ${String(err)}`);
      });
    }
    this.led.clear();
    for (const partition of now) this.led.add(partition);
  }
}
