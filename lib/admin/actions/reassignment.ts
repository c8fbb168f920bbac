import { errorInfo } from "../../protocol";
import { kafkaError } from "../wire/broker-connection";
import { groupBy, partitionKey, type MetadataBody, type ProtocolClient } from "../wire/protocol-client";
import { ClusterActionError } from "./reassignment-errors";
import { planReassignment, type ReassignmentPlan } from "./reassignment-plan";
import {
  partitionProgress,
  readingKey,
  summariseProgress,
  type OngoingPartition,
  type ProgressReading,
  type ReassignmentProgress,
} from "./reassignment-progress";
import { partitionSize, readReplicaSizes } from "./reassignment-sizes";
import {
  FOLLOWER_THROTTLED_RATE,
  FOLLOWER_THROTTLED_REPLICAS,
  LEADER_THROTTLED_RATE,
  LEADER_THROTTLED_REPLICAS,
  throttlePlan,
} from "./reassignment-throttle";
import { validateAssignment, type ProposedAssignment } from "./reassignment-validate";

/**
 * Partition reassignment on a live cluster: plan (metadata + DescribeLogDirs → the pure planner),
 * execute (optional replication throttle, then AlterPartitionReassignments on the controller),
 * follow (ListPartitionReassignments + replica sizes) and cancel (AlterPartitionReassignments with
 * null replicas). Each method reads fresh metadata: a plan must never start from a cached view.
 */
export const REASSIGNMENT_TIMEOUT_MS = 30_000;
const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;
const OP_SET = 0;
const OP_DELETE = 1;

export interface GenerateRequest {
  topics: string[];
  brokers: number[];
  /** New replication factor for every chosen topic (the RF change); default: keep each topic's. */
  replicationFactor?: number;
  /** Move replicas and leaders to balance brokers (default true); false = only what the RF change or the broker list requires. */
  rebalance?: boolean;
}

export interface GeneratedPlan extends ReassignmentPlan {
  /** Why sizes are missing for some brokers (the plan then balanced by count only for them). */
  sizeProblems: string[];
}

export interface ExecuteRequest {
  partitions: ProposedAssignment[];
  /** bytes/s for leader.replication.throttled.rate and follower.replication.throttled.rate; none = unthrottled. */
  throttleBytesPerSec?: number;
}

export interface AppliedThrottle {
  bytesPerSec: number;
  brokers: number[];
  topics: string[];
}

export interface PartitionOutcome {
  topic: string;
  partition: number;
  current: number[];
  proposed: number[];
  /** null = accepted; else the cluster's error in words. */
  error: string | null;
}

export interface ExecuteResult {
  partitions: PartitionOutcome[];
  throttle: AppliedThrottle | null;
}

export interface CancelResult {
  partitions: {
    topic: string;
    partition: number;
    /** During the reassignment: target replicas followed by the ones that were being removed. */
    replicas: number[];
    /** After the cancel (the original replicas when the cluster reverted them). */
    replicasAfter: number[];
    error: string | null;
  }[];
  /** Partitions still being reassigned after the cancel (others' reassignments): throttles stay while > 0. */
  stillOngoing: number;
}

/** A checked plan, ready to execute. */
export interface PreparedExecution {
  request: ExecuteRequest;
  moves: { topic: string; partition: number; current: number[]; proposed: number[] }[];
  controllerId: number;
}

/** The reassignments a cancel will revert (never empty). */
export interface PreparedCancel {
  controller: number;
  ongoing: OngoingPartition[];
}

export interface ReassignmentStatus {
  ongoing: boolean;
  progress: ReassignmentProgress;
  sizeProblems: string[];
}

export class ReassignmentsApi {
  /** First reading of the current reassignment: the rate is averaged since then. */
  private baseline: ProgressReading | undefined;

  constructor(
    private readonly wire: ProtocolClient,
    /** Re-reads the cluster client's snapshot, so the next page load shows the change. */
    private readonly changed: () => Promise<void>,
  ) {}

  async generate(request: GenerateRequest): Promise<GeneratedPlan> {
    const metadata = await this.wire.metadata(request.topics);
    const live = new Map(metadata.brokers.map((b) => [b.nodeId, b]));
    const unknown = request.brokers.find((id) => !live.has(id));
    if (unknown !== undefined) throw unknownBroker(unknown, [...live.keys()]);
    const topics = knownTopics(metadata, request.topics);
    const { sizes, problems } = await readReplicaSizes(this.wire, live.keys());
    const partitions = topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name!,
        partition: p.partitionIndex,
        replicas: [...p.replicaNodes],
        sizeBytes: partitionSize(sizes, t.name!, p.partitionIndex, p.leaderId),
      })),
    );
    const replicationFactors =
      request.replicationFactor === undefined
        ? undefined
        : Object.fromEntries(topics.map((t) => [t.name!, request.replicationFactor!]));
    const plan = planReassignment({
      brokers: request.brokers.map((id) => ({ id, rack: live.get(id)?.rack ?? null })),
      partitions,
      replicationFactors,
      rebalance: request.rebalance,
    });
    return { ...plan, sizeProblems: problems };
  }

  /**
   * Checks a plan against fresh metadata (400/404 naming the partition) without changing anything;
   * `execute` then applies what this returns. Split so a refused plan is not an audited change.
   */
  async prepareExecution(request: ExecuteRequest): Promise<PreparedExecution> {
    const metadata = await this.wire.metadata(uniq(request.partitions.map((p) => p.topic)));
    const current = currentReplicas(metadata);
    validateAssignment(request.partitions, {
      brokerIds: metadata.brokers.map((b) => b.nodeId),
      partitionsByTopic: partitionsByTopic(metadata),
    });
    const moves = request.partitions.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      current: current.get(partitionKey(p.topic, p.partition)) ?? [],
      proposed: p.replicas,
    }));
    return { request, moves, controllerId: metadata.controllerId };
  }

  async execute(prepared: PreparedExecution): Promise<ExecuteResult> {
    const { request, moves } = prepared;
    const throttle =
      request.throttleBytesPerSec === undefined ? null : await this.applyThrottle(moves, request.throttleBytesPerSec);
    let errors: Map<string, string>;
    try {
      errors = await this.alter(
        prepared.controllerId,
        request.partitions.map((p) => ({ ...p, replicas: p.replicas as number[] | null })),
      );
    } catch (error) {
      if (throttle) await this.removeThrottle(throttle.topics, throttle.brokers).catch(() => undefined);
      throw error;
    }
    if (errors.size === request.partitions.length) {
      if (throttle) await this.removeThrottle(throttle.topics, throttle.brokers).catch(() => undefined);
      throw refusedByCluster("The cluster refused the reassignment", errors);
    }
    await this.changed();
    return {
      partitions: moves.map((m) => ({
        topic: m.topic,
        partition: m.partition,
        current: m.current,
        proposed: m.proposed,
        error: errors.get(partitionKey(m.topic, m.partition)) ?? null,
      })),
      throttle,
    };
  }

  /**
   * Finds the ongoing reassignments of `only` (topic / partition), or all of them (409 when none);
   * `cancel` then has the cluster revert each partition to its original replicas. Throttles are
   * the caller's to remove.
   */
  async prepareCancel(only?: { topic: string; partition?: number }[]): Promise<PreparedCancel> {
    const controller = (await this.wire.metadata([])).controllerId;
    const ongoing = (await this.listOngoing(controller)).filter(
      (p) =>
        !only || only.some((o) => o.topic === p.topic && (o.partition === undefined || o.partition === p.partition)),
    );
    if (ongoing.length === 0) {
      throw new ClusterActionError(409, "no_reassignment", "No reassignment is in progress for these partitions.");
    }
    return { controller, ongoing };
  }

  async cancel({ controller, ongoing }: PreparedCancel): Promise<CancelResult> {
    const errors = await this.alter(
      controller,
      ongoing.map((p) => ({ topic: p.topic, partition: p.partition, replicas: null })),
    );
    if (errors.size === ongoing.length) throw refusedByCluster("The cluster refused to cancel", errors);
    const remaining = await this.listOngoing(controller);
    await this.changed();
    const after = currentReplicas(await this.wire.metadata(uniq(ongoing.map((p) => p.topic))));
    return {
      partitions: ongoing.map((p) => ({
        topic: p.topic,
        partition: p.partition,
        replicas: p.replicas,
        replicasAfter: after.get(partitionKey(p.topic, p.partition)) ?? [],
        error: errors.get(partitionKey(p.topic, p.partition)) ?? null,
      })),
      stillOngoing: remaining.length,
    };
  }

  /** Ongoing reassignments with copy progress, rate and ETA. */
  async status(): Promise<ReassignmentStatus> {
    // Metadata of no topic (the controller id), then of the reassigned topics only: cheap to poll.
    const ongoing = await this.listOngoing((await this.wire.metadata([])).controllerId);
    const involved = ongoing.flatMap((p) => [p.leader, ...p.addingReplicas]).filter((b) => b >= 0);
    const { sizes, problems } = await readReplicaSizes(this.wire, involved);
    const partitions = partitionProgress(ongoing, sizes);
    const key = readingKey(ongoing);
    const reading = { atMs: Date.now(), copiedBytes: partitions.reduce((s, p) => s + p.copiedBytes, 0), key };
    if (this.baseline?.key !== key) this.baseline = reading;
    const progress = summariseProgress(partitions, reading, this.baseline);
    if (ongoing.length === 0) this.baseline = undefined;
    return { ongoing: ongoing.length > 0, progress, sizeProblems: problems };
  }

  /** Sets the two rates on every broker taking part, then the throttled replicas of every topic. */
  private async applyThrottle(
    moves: { topic: string; partition: number; current: number[]; proposed: number[] }[],
    bytesPerSec: number,
  ): Promise<AppliedThrottle | null> {
    const plan = throttlePlan(moves);
    if (plan.brokers.length === 0) return null;
    const rate = String(Math.round(bytesPerSec));
    for (const broker of plan.brokers) {
      await this.wire.incrementalAlterConfigs(broker, { resourceType: RESOURCE_BROKER, resourceName: String(broker) }, [
        { name: LEADER_THROTTLED_RATE, configOperation: OP_SET, value: rate },
        { name: FOLLOWER_THROTTLED_RATE, configOperation: OP_SET, value: rate },
      ]);
    }
    const anyBroker = plan.brokers[0]!;
    for (const [topic, replicas] of plan.topics) {
      await this.wire.incrementalAlterConfigs(anyBroker, { resourceType: RESOURCE_TOPIC, resourceName: topic }, [
        { name: LEADER_THROTTLED_REPLICAS, configOperation: OP_SET, value: replicas.leader },
        { name: FOLLOWER_THROTTLED_REPLICAS, configOperation: OP_SET, value: replicas.follower },
      ]);
    }
    return { bytesPerSec: Number(rate), brokers: plan.brokers, topics: [...plan.topics.keys()] };
  }

  /** Deletes the throttle configs (as kafka-reassign-partitions --verify does once the copy is done). */
  async removeThrottle(topics: string[], brokers: number[]): Promise<void> {
    const live = new Set((await this.wire.metadata([])).brokers.map((b) => b.nodeId));
    for (const broker of brokers.filter((b) => live.has(b))) {
      await this.wire.incrementalAlterConfigs(broker, { resourceType: RESOURCE_BROKER, resourceName: String(broker) }, [
        { name: LEADER_THROTTLED_RATE, configOperation: OP_DELETE, value: null },
        { name: FOLLOWER_THROTTLED_RATE, configOperation: OP_DELETE, value: null },
      ]);
    }
    const existing = new Set(
      (await this.wire.metadata(topics)).topics.filter((t) => t.errorCode === 0).map((t) => t.name),
    );
    const anyBroker = [...live][0];
    if (anyBroker === undefined) return;
    for (const topic of topics.filter((t) => existing.has(t))) {
      await this.wire.incrementalAlterConfigs(anyBroker, { resourceType: RESOURCE_TOPIC, resourceName: topic }, [
        { name: LEADER_THROTTLED_REPLICAS, configOperation: OP_DELETE, value: null },
        { name: FOLLOWER_THROTTLED_REPLICAS, configOperation: OP_DELETE, value: null },
      ]);
    }
    await this.changed();
  }

  /** AlterPartitionReassignments on the controller; returns the partitions it refused, with why. */
  private async alter(
    controller: number,
    partitions: { topic: string; partition: number; replicas: number[] | null }[],
  ): Promise<Map<string, string>> {
    const connection = await this.wire.connectionTo(controller);
    const { body } = await this.wire.call(connection, "AlterPartitionReassignments", () => ({
      timeoutMs: REASSIGNMENT_TIMEOUT_MS,
      topics: [...groupBy(partitions, (p) => p.topic)].map(([name, list]) => ({
        name,
        partitions: list.map((p) => ({ partitionIndex: p.partition, replicas: p.replicas })),
      })),
    }));
    if (body.errorCode !== 0)
      throw withMessage(kafkaError("AlterPartitionReassignments", body.errorCode), body.errorMessage);
    const errors = new Map<string, string>();
    for (const t of body.responses) {
      for (const p of t.partitions) {
        if (p.errorCode === 0) continue;
        const info = errorInfo(p.errorCode);
        errors.set(partitionKey(t.name, p.partitionIndex), `${info.name}: ${p.errorMessage ?? info.message}`);
      }
    }
    return errors;
  }

  private async listOngoing(controller: number): Promise<OngoingPartition[]> {
    const connection = await this.wire.connectionTo(controller);
    const { body } = await this.wire.call(connection, "ListPartitionReassignments", () => ({
      timeoutMs: REASSIGNMENT_TIMEOUT_MS,
      topics: null,
    }));
    if (body.errorCode !== 0)
      throw withMessage(kafkaError("ListPartitionReassignments", body.errorCode), body.errorMessage);
    if (body.topics.length === 0) return [];
    const leaders = leadersOf(await this.wire.metadata(body.topics.map((t) => t.name)));
    return body.topics
      .flatMap((t) =>
        t.partitions.map((p) => ({
          topic: t.name,
          partition: p.partitionIndex,
          replicas: [...p.replicas],
          addingReplicas: [...p.addingReplicas],
          removingReplicas: [...p.removingReplicas],
          leader: leaders.get(partitionKey(t.name, p.partitionIndex)) ?? -1,
        })),
      )
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }
}

function uniq<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function withMessage<E extends Error>(error: E, message: string | null): E {
  if (message) error.message = `${error.message}: ${message}`;
  return error;
}

function unknownBroker(id: number, live: number[]): ClusterActionError {
  return new ClusterActionError(
    404,
    "not_found",
    `There is no live broker ${id} in this cluster (live brokers: ${live.sort((a, b) => a - b).join(", ") || "none"}).`,
  );
}

/** The named topics from a Metadata answer; 404 naming the first that does not exist. */
export function knownTopics(metadata: MetadataBody, names: string[]): MetadataBody["topics"] {
  if (names.length === 0) throw new ClusterActionError(400, "invalid_input", "Choose at least one topic.");
  const byName = new Map(metadata.topics.map((t) => [t.name, t]));
  return names.map((name) => {
    const topic = byName.get(name);
    if (!topic || topic.errorCode !== 0) {
      throw new ClusterActionError(404, "not_found", `There is no topic "${name}" in this cluster.`);
    }
    return topic;
  });
}

function currentReplicas(metadata: MetadataBody): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const t of metadata.topics) {
    for (const p of t.partitions) map.set(partitionKey(t.name ?? "", p.partitionIndex), [...p.replicaNodes]);
  }
  return map;
}

function leadersOf(metadata: MetadataBody): Map<string, number> {
  const map = new Map<string, number>();
  for (const t of metadata.topics)
    for (const p of t.partitions) map.set(partitionKey(t.name ?? "", p.partitionIndex), p.leaderId);
  return map;
}

function partitionsByTopic(metadata: MetadataBody): Map<string, number[]> {
  return new Map(
    metadata.topics
      .filter((t) => t.errorCode === 0 && t.name !== null)
      .map((t) => [t.name!, t.partitions.map((p) => p.partitionIndex)]),
  );
}

function refusedByCluster(what: string, errors: Map<string, string>): ClusterActionError {
  const list = [...errors].slice(0, 5).map(([key, why]) => `${key.replace("\u0000", "-")}: ${why}`);
  const more = errors.size > 5 ? ` (and ${errors.size - 5} more)` : "";
  return new ClusterActionError(409, "kafka_refused", `${what}: ${list.join("; ")}${more}.`);
}
