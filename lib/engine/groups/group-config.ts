/**
 * The coordinator's settings, under Kafka's broker config names with Kafka's defaults. Tests and
 * the embedded cluster shorten the delays (a 3 s initial rebalance delay is right for production
 * and wrong for a unit test).
 */
export interface GroupCoordinatorConfig {
  /** group.min.session.timeout.ms: JoinGroup with a shorter session timeout → INVALID_SESSION_TIMEOUT. */
  groupMinSessionTimeoutMs: number;
  /** group.max.session.timeout.ms */
  groupMaxSessionTimeoutMs: number;
  /** group.initial.rebalance.delay.ms: how long the first rebalance of an empty group waits for more members. */
  groupInitialRebalanceDelayMs: number;
  /** group.max.size: members per group (Int.MAX = unlimited). */
  groupMaxSize: number;
  /** offset.metadata.max.bytes: longer commit metadata → OFFSET_METADATA_TOO_LARGE. */
  offsetMetadataMaxBytes: number;
  /** offsets.retention.minutes, in ms: how long offsets of an empty group are kept. */
  offsetsRetentionMs: number;
  /** offsets.retention.check.interval.ms */
  offsetsRetentionCheckIntervalMs: number;
  /** offsets.topic.num.partitions: partitions of __consumer_offsets when the topic is created. */
  offsetsTopicNumPartitions: number;
  /** offsets.load.buffer.size: bytes read per step when loading a partition of __consumer_offsets. */
  offsetsLoadBufferBytes: number;
}

export const DEFAULT_GROUP_COORDINATOR_CONFIG: GroupCoordinatorConfig = {
  groupMinSessionTimeoutMs: 6_000,
  groupMaxSessionTimeoutMs: 1_800_000,
  groupInitialRebalanceDelayMs: 3_000,
  groupMaxSize: 2_147_483_647,
  offsetMetadataMaxBytes: 4_096,
  offsetsRetentionMs: 7 * 24 * 60 * 60 * 1000,
  offsetsRetentionCheckIntervalMs: 600_000,
  offsetsTopicNumPartitions: 50,
  offsetsLoadBufferBytes: 5 * 1024 * 1024,
};

/**
 * A new member whose JoinGroup is parked cannot heartbeat and its disconnect goes unseen (its
 * socket is muted), so it is dropped after this long (Kafka's GroupCoordinator.NewMemberJoinTimeoutMs).
 */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

/** The broker config names of GroupCoordinatorConfig's fields and how to turn each value into ms/bytes. */
export const GROUP_CONFIG_NAMES: ReadonlyArray<{ name: string; field: keyof GroupCoordinatorConfig; scale: number }> = [
  { name: "group.min.session.timeout.ms", field: "groupMinSessionTimeoutMs", scale: 1 },
  { name: "group.max.session.timeout.ms", field: "groupMaxSessionTimeoutMs", scale: 1 },
  { name: "group.initial.rebalance.delay.ms", field: "groupInitialRebalanceDelayMs", scale: 1 },
  { name: "group.max.size", field: "groupMaxSize", scale: 1 },
  { name: "offset.metadata.max.bytes", field: "offsetMetadataMaxBytes", scale: 1 },
  { name: "offsets.retention.minutes", field: "offsetsRetentionMs", scale: 60_000 },
  { name: "offsets.retention.check.interval.ms", field: "offsetsRetentionCheckIntervalMs", scale: 1 },
  { name: "offsets.topic.num.partitions", field: "offsetsTopicNumPartitions", scale: 1 },
  { name: "offsets.load.buffer.size", field: "offsetsLoadBufferBytes", scale: 1 },
];

/** Reads the group settings from broker config values by Kafka name; absent or invalid → the default. */
export function groupConfigFrom(lookup: (name: string) => string | undefined | null): GroupCoordinatorConfig {
  const config = { ...DEFAULT_GROUP_COORDINATOR_CONFIG };
  for (const { name, field, scale } of GROUP_CONFIG_NAMES) {
    const raw = lookup(name);
    if (raw === undefined || raw === null || raw.trim() === "") continue;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= 0) config[field] = value * scale;
  }
  return config;
}
