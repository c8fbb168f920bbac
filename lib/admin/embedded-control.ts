import type { EmbeddedCluster } from "../engine";
import { ClusterActionError } from "./actions/reassignment-errors";

/**
 * The embedded-only control interface: stop and start a broker of the cluster this console
 * process hosts (to watch a failover for real), and what a stop would do first. Kafka has no API
 * for this, so it is the one place where lib/admin reaches into lib/engine — and only through the
 * running EmbeddedCluster that lib/console/server-start.ts publishes on globalThis under a
 * Symbol.for key (Next evaluates modules once per bundle; the registry symbol is shared).
 * External clusters answer 409 "not_embedded": their brokers are managed where they run.
 */
const EMBEDDED_CLUSTER_KEY = Symbol.for("pier.engine.embeddedCluster");

export type BrokerStopMode = "clean" | "crash";

export interface BrokerRunState {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  /** Whether its listener and logs are up in this process. */
  state: "running" | "stopped";
  /** Whether the controller counts it as live (heartbeating, not fenced). */
  live: boolean;
}

export interface ImpactedPartition {
  topic: string;
  partition: number;
}

/** What stopping a broker would do, computed by the controller from the current metadata. */
export interface BrokerStopImpact {
  brokerId: number;
  /** Partitions it leads and the broker that would lead them next (-1: none, the partition goes offline). */
  leadersMoving: (ImpactedPartition & { newLeader: number })[];
  /** Partitions that keep a leader but lose an in-sync replica; below min.insync.replicas acks=all produce fails. */
  underReplicated: (ImpactedPartition & { isrAfter: number[]; belowMinIsr: boolean })[];
  /** Partitions left without any leader. */
  offline: ImpactedPartition[];
}

export interface EmbeddedControl {
  brokerStates(): BrokerRunState[];
  stopImpact(brokerId: number): BrokerStopImpact;
  stopBroker(brokerId: number, mode: BrokerStopMode): Promise<void>;
  startBroker(brokerId: number): Promise<void>;
}

type Store = Record<symbol, EmbeddedCluster | undefined>;

/** Called by the console's server start-up once the embedded cluster runs (undefined once it stopped). */
export function publishEmbeddedCluster(cluster: EmbeddedCluster | undefined): void {
  (globalThis as unknown as Store)[EMBEDDED_CLUSTER_KEY] = cluster;
}

/**
 * The control interface of a registered cluster: only its kind "embedded" has one, and only while
 * the engine runs in this process. Throws ClusterActionError (409) otherwise.
 */
export function embeddedControl(kind: "embedded" | "external"): EmbeddedControl {
  if (kind !== "embedded") {
    throw new ClusterActionError(
      409,
      "not_embedded",
      "Only the embedded cluster can stop and start brokers: an external cluster's brokers are managed where they run.",
    );
  }
  const cluster = (globalThis as unknown as Store)[EMBEDDED_CLUSTER_KEY];
  if (!cluster) {
    throw new ClusterActionError(
      409,
      "embedded_not_running",
      "The embedded cluster does not run in this console process (it starts with `npm start` and PIER_EMBEDDED=1).",
    );
  }
  return new ClusterControl(cluster);
}

class ClusterControl implements EmbeddedControl {
  constructor(private readonly cluster: EmbeddedCluster) {}

  brokerStates(): BrokerRunState[] {
    return this.cluster
      .brokerStates()
      .map((b) => ({ id: b.id, host: b.host, port: b.port, rack: b.rack ?? null, state: b.state, live: b.live }))
      .sort((a, b) => a.id - b.id);
  }

  private state(brokerId: number): BrokerRunState {
    const state = this.brokerStates().find((b) => b.id === brokerId);
    if (!state)
      throw new ClusterActionError(404, "not_found", `There is no broker ${brokerId} in the embedded cluster.`);
    return state;
  }

  stopImpact(brokerId: number): BrokerStopImpact {
    this.state(brokerId);
    return normaliseImpact(brokerId, this.cluster.stopImpact(brokerId));
  }

  async stopBroker(brokerId: number, mode: BrokerStopMode): Promise<void> {
    if (this.state(brokerId).state === "stopped") {
      throw new ClusterActionError(409, "already_stopped", `Broker ${brokerId} is already stopped.`);
    }
    await controlled(() => this.cluster.stopBroker(brokerId, { mode }));
  }

  async startBroker(brokerId: number): Promise<void> {
    if (this.state(brokerId).state === "running") {
      throw new ClusterActionError(409, "already_running", `Broker ${brokerId} is already running.`);
    }
    await controlled(() => this.cluster.startBroker(brokerId));
  }
}

/** The engine's ClusterControlError (a race with another stop/start) as a 404/409 the console answers. */
async function controlled(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    if (e.name !== "ClusterControlError") throw error;
    throw new ClusterActionError(
      e.code === "UNKNOWN_BROKER" ? 404 : 409,
      (e.code ?? "conflict").toLowerCase(),
      e.message ?? "",
    );
  }
}

type EngineImpact = ReturnType<EmbeddedCluster["stopImpact"]>;

function normaliseImpact(brokerId: number, impact: EngineImpact): BrokerStopImpact {
  return {
    brokerId,
    leadersMoving: impact.leadersMoving.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      newLeader: p.newLeader,
    })),
    underReplicated: impact.underReplicated.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      isrAfter: [...p.isrAfter],
      belowMinIsr: p.belowMinIsr,
    })),
    offline: impact.offline.map((p) => ({ topic: p.topic, partition: p.partition })),
  };
}
