import type { Feature } from "./errors";

/**
 * The console's view of a cluster. Offsets are JS numbers: Kafka offsets are int64, but a
 * partition would need 2^53 records (9 quadrillion) before one stops being exact, so numbers keep
 * JSON and sorting simple. `null` always means "unknown", with the reason next to it.
 */
export interface BrokerNode {
  id: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface PartitionState {
  partition: number;
  /** -1 when the partition has no leader (offline). */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  /** Kafka error code of the partition in Metadata (e.g. LEADER_NOT_AVAILABLE), 0 when fine. */
  errorCode: number;
  /** Log start offset (earliest), null when ListOffsets failed for this partition. */
  logStartOffset: number | null;
  /** Log end offset / high watermark (latest), null when unknown. */
  logEndOffset: number | null;
  /** Bytes on the leader's disk (DescribeLogDirs), null when the cluster does not tell. */
  sizeBytes: number | null;
}

export interface TopicState {
  name: string;
  isInternal: boolean;
  topicId: string | null;
  errorCode: number;
  partitions: PartitionState[];
}

export interface LogDirUsage {
  brokerId: number;
  logDirs: { path: string; errorCode: number; bytes: number; totalBytes: number | null; usableBytes: number | null }[];
  /** Sum of every replica's size on this broker. */
  totalReplicaBytes: number;
}

/** One consistent read of a cluster's metadata and offsets, taken at `fetchedAtMs`. */
export interface ClusterSnapshot {
  clusterId: string | null;
  controllerId: number | null;
  brokers: BrokerNode[];
  /** Sorted by name. */
  topics: TopicState[];
  topicsByName: Map<string, TopicState>;
  /** Per broker disk usage, or why it is unavailable. */
  logDirs: Feature<LogDirUsage[]>;
  /** Problems met while reading offsets (e.g. a leader that did not answer). */
  offsetErrors: string[];
  fetchedAtMs: number;
  /** How long the read took. */
  fetchMs: number;
}

/** A freshly read or cached value with its age, so every view can show how old its figures are. */
export interface Timed<T> {
  value: T;
  /** When the figures were read from the cluster (ISO 8601). */
  fetchedAt: string;
  ageMs: number;
  /** The last background refresh failed with this message (the figures are then older). */
  refreshError: string | null;
}
