/**
 * Kafka's topic and broker configuration keys this engine knows, with Kafka's names, types and
 * defaults (TopicConfig / LogConfig / ServerLogConfigs / KafkaConfig, Kafka 4.0). Values are kept as
 * strings, the way DescribeConfigs and AlterConfigs carry them; `validate` returns an error message
 * for a bad value (→ INVALID_CONFIG) or undefined.
 */

/** DescribeConfigs ConfigType (v3+). */
export const ConfigType = {
  UNKNOWN: 0,
  BOOLEAN: 1,
  STRING: 2,
  INT: 3,
  SHORT: 4,
  LONG: 5,
  DOUBLE: 6,
  LIST: 7,
  CLASS: 8,
  PASSWORD: 9,
} as const;
export type ConfigType = (typeof ConfigType)[keyof typeof ConfigType];

/** DescribeConfigs ConfigSource. */
export const ConfigSource = {
  UNKNOWN: 0,
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;
export type ConfigSource = (typeof ConfigSource)[keyof typeof ConfigSource];

export interface ConfigDefinition {
  name: string;
  type: ConfigType;
  /** Kafka's default as a string; null where Kafka's default is null. */
  defaultValue: string | null;
  readOnly: boolean;
  sensitive: boolean;
  /** For a topic config: the broker config that supplies its default (Kafka's synonym). */
  brokerSynonym?: string;
  documentation: string;
  validate(value: string): string | undefined;
}

export const LONG_MAX = "9223372036854775807";
/** Pier's broker.heartbeat.interval.ms default (Kafka: 2000): short, so a crash is noticed quickly. */
export const BROKER_HEARTBEAT_INTERVAL_MS_DEFAULT = 100;
/** Pier's broker.session.timeout.ms default (Kafka: 9000): a crashed broker's leadership moves within a second. */
export const BROKER_SESSION_TIMEOUT_MS_DEFAULT = 500;
const INT_MAX = 2 ** 31 - 1;

function integerIn(min: bigint, max: bigint): (value: string) => string | undefined {
  return (value) => {
    if (!/^-?\d+$/.test(value.trim())) return `Invalid value ${value}: not a number`;
    const n = BigInt(value.trim());
    if (n < min || n > max) return `Invalid value ${value}: value must be between ${min} and ${max}`;
    return undefined;
  };
}
const atLeast = (min: number | bigint, type: "int" | "long" = "long") =>
  integerIn(BigInt(min), type === "int" ? BigInt(INT_MAX) : BigInt(LONG_MAX));
const oneOf =
  (...allowed: string[]) =>
  (value: string): string | undefined =>
    allowed.includes(value.trim()) ? undefined : `Invalid value ${value}: must be one of ${allowed.join(", ")}`;
const listOf =
  (...allowed: string[]) =>
  (value: string): string | undefined => {
    const items = value.split(",").map((v) => v.trim());
    const bad = items.filter((v) => !allowed.includes(v));
    return bad.length === 0 && items.length > 0
      ? undefined
      : `Invalid value ${value}: items must be among ${allowed.join(", ")}`;
  };
const isBoolean = oneOf("true", "false");
const ratio = (value: string): string | undefined => {
  const n = Number(value);
  return value.trim() !== "" && Number.isFinite(n) && n >= 0 && n <= 1
    ? undefined
    : `Invalid value ${value}: must be between 0 and 1`;
};
const anyString = (): undefined => undefined;

interface Spec {
  type: ConfigType;
  defaultValue: string | null;
  validate: (value: string) => string | undefined;
  brokerSynonym?: string;
  readOnly?: boolean;
  sensitive?: boolean;
  doc: string;
}

function define(specs: Record<string, Spec>): Map<string, ConfigDefinition> {
  const out = new Map<string, ConfigDefinition>();
  for (const [name, s] of Object.entries(specs)) {
    out.set(name, {
      name,
      type: s.type,
      defaultValue: s.defaultValue,
      readOnly: s.readOnly ?? false,
      sensitive: s.sensitive ?? false,
      brokerSynonym: s.brokerSynonym,
      documentation: s.doc,
      validate: s.validate,
    });
  }
  return out;
}

const T = ConfigType;
const COMPRESSION_TYPES = ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"];

/** Every topic-level config, in Kafka's order (alphabetical), with its broker-level synonym. */
export const TOPIC_CONFIGS = define({
  "cleanup.policy": {
    type: T.LIST,
    defaultValue: "delete",
    validate: listOf("delete", "compact"),
    brokerSynonym: "log.cleanup.policy",
    doc: "delete and/or compact old segments",
  },
  "compression.type": {
    type: T.STRING,
    defaultValue: "producer",
    validate: oneOf(...COMPRESSION_TYPES),
    brokerSynonym: "compression.type",
    doc: "final compression of the topic's data",
  },
  "delete.retention.ms": {
    type: T.LONG,
    defaultValue: "86400000",
    validate: atLeast(0),
    brokerSynonym: "log.cleaner.delete.retention.ms",
    doc: "how long tombstones are kept on compacted topics",
  },
  "file.delete.delay.ms": {
    type: T.LONG,
    defaultValue: "60000",
    validate: atLeast(0),
    brokerSynonym: "log.segment.delete.delay.ms",
    doc: "delay before a deleted segment's files are removed",
  },
  "flush.messages": {
    type: T.LONG,
    defaultValue: LONG_MAX,
    validate: atLeast(1),
    brokerSynonym: "log.flush.interval.messages",
    doc: "fsync after this many messages",
  },
  "flush.ms": {
    type: T.LONG,
    defaultValue: LONG_MAX,
    validate: atLeast(0),
    brokerSynonym: "log.flush.interval.ms",
    doc: "fsync after this long",
  },
  "follower.replication.throttled.replicas": {
    type: T.LIST,
    defaultValue: "",
    validate: anyString,
    brokerSynonym: "follower.replication.throttled.replicas",
    doc: "replicas throttled on the follower side",
  },
  "index.interval.bytes": {
    type: T.INT,
    defaultValue: "4096",
    validate: atLeast(0, "int"),
    brokerSynonym: "log.index.interval.bytes",
    doc: "bytes between offset index entries",
  },
  "leader.replication.throttled.replicas": {
    type: T.LIST,
    defaultValue: "",
    validate: anyString,
    brokerSynonym: "leader.replication.throttled.replicas",
    doc: "replicas throttled on the leader side",
  },
  "max.compaction.lag.ms": {
    type: T.LONG,
    defaultValue: LONG_MAX,
    validate: atLeast(1),
    brokerSynonym: "log.cleaner.max.compaction.lag.ms",
    doc: "longest time a message stays uncompacted",
  },
  "max.message.bytes": {
    type: T.INT,
    defaultValue: "1048588",
    validate: atLeast(0, "int"),
    brokerSynonym: "message.max.bytes",
    doc: "largest record batch size allowed",
  },
  "message.timestamp.after.max.ms": {
    type: T.LONG,
    defaultValue: "3600000",
    validate: atLeast(0),
    brokerSynonym: "log.message.timestamp.after.max.ms",
    doc: "how far in the future a CreateTime timestamp may be",
  },
  "message.timestamp.before.max.ms": {
    type: T.LONG,
    defaultValue: LONG_MAX,
    validate: atLeast(0),
    brokerSynonym: "log.message.timestamp.before.max.ms",
    doc: "how far in the past a CreateTime timestamp may be",
  },
  "message.timestamp.type": {
    type: T.STRING,
    defaultValue: "CreateTime",
    validate: oneOf("CreateTime", "LogAppendTime"),
    brokerSynonym: "log.message.timestamp.type",
    doc: "CreateTime or LogAppendTime",
  },
  "min.cleanable.dirty.ratio": {
    type: T.DOUBLE,
    defaultValue: "0.5",
    validate: ratio,
    brokerSynonym: "log.cleaner.min.cleanable.ratio",
    doc: "dirty ratio that triggers compaction",
  },
  "min.compaction.lag.ms": {
    type: T.LONG,
    defaultValue: "0",
    validate: atLeast(0),
    brokerSynonym: "log.cleaner.min.compaction.lag.ms",
    doc: "minimum time a message stays uncompacted",
  },
  "min.insync.replicas": {
    type: T.INT,
    defaultValue: "1",
    validate: atLeast(1, "int"),
    brokerSynonym: "min.insync.replicas",
    doc: "replicas that must acknowledge an acks=all write",
  },
  preallocate: {
    type: T.BOOLEAN,
    defaultValue: "false",
    validate: isBoolean,
    brokerSynonym: "log.preallocate",
    doc: "preallocate segment files",
  },
  "retention.bytes": {
    type: T.LONG,
    defaultValue: "-1",
    validate: atLeast(-1),
    brokerSynonym: "log.retention.bytes",
    doc: "largest partition size before old segments are deleted",
  },
  "retention.ms": {
    type: T.LONG,
    defaultValue: "604800000",
    validate: atLeast(-1),
    brokerSynonym: "log.retention.ms",
    doc: "how long data is kept; -1 = forever",
  },
  "segment.bytes": {
    type: T.INT,
    defaultValue: "1073741824",
    validate: atLeast(14, "int"),
    brokerSynonym: "log.segment.bytes",
    doc: "segment file size",
  },
  "segment.index.bytes": {
    type: T.INT,
    defaultValue: "10485760",
    validate: atLeast(4, "int"),
    brokerSynonym: "log.index.size.max.bytes",
    doc: "offset index file size",
  },
  "segment.jitter.ms": {
    type: T.LONG,
    defaultValue: "0",
    validate: atLeast(0),
    brokerSynonym: "log.roll.jitter.ms",
    doc: "random jitter subtracted from segment.ms",
  },
  "segment.ms": {
    type: T.LONG,
    defaultValue: "604800000",
    validate: atLeast(1),
    brokerSynonym: "log.roll.ms",
    doc: "time after which a segment is rolled",
  },
  "unclean.leader.election.enable": {
    type: T.BOOLEAN,
    defaultValue: "false",
    validate: isBoolean,
    brokerSynonym: "unclean.leader.election.enable",
    doc: "allow out-of-sync replicas to become leader",
  },
});

/**
 * Broker-level configs. `readOnly` follows Kafka's DynamicBrokerConfig: only dynamically
 * updatable configs may be altered. Pier's default for auto.create.topics.enable is false.
 */
export const BROKER_CONFIGS = define({
  "advertised.listeners": {
    type: T.STRING,
    defaultValue: null,
    validate: anyString,
    readOnly: true,
    doc: "listeners published to clients",
  },
  "auto.create.topics.enable": {
    type: T.BOOLEAN,
    defaultValue: "false",
    validate: isBoolean,
    readOnly: true,
    doc: "create unknown topics on Metadata/Produce (Pier default: false)",
  },
  "auto.leader.rebalance.enable": {
    type: T.BOOLEAN,
    defaultValue: "true",
    validate: isBoolean,
    readOnly: true,
    doc: "periodically move leadership back to preferred replicas when a broker's imbalance is too high",
  },
  "broker.heartbeat.interval.ms": {
    type: T.INT,
    defaultValue: String(BROKER_HEARTBEAT_INTERVAL_MS_DEFAULT),
    validate: atLeast(1, "int"),
    readOnly: true,
    doc: "how often a broker heartbeats to the controller (Pier default 100 ms; Kafka's is 2000 ms)",
  },
  "broker.id": {
    type: T.INT,
    defaultValue: "-1",
    validate: atLeast(-1, "int"),
    readOnly: true,
    doc: "this broker's id",
  },
  "broker.rack": {
    type: T.STRING,
    defaultValue: null,
    validate: anyString,
    readOnly: true,
    doc: "rack of this broker",
  },
  "broker.session.timeout.ms": {
    type: T.INT,
    defaultValue: String(BROKER_SESSION_TIMEOUT_MS_DEFAULT),
    validate: atLeast(1, "int"),
    readOnly: true,
    doc: "a broker without heartbeats for this long is fenced and loses leadership (Pier default 500 ms, so a crash fails over within a second; Kafka's is 9000 ms)",
  },
  "compression.type": {
    type: T.STRING,
    defaultValue: "producer",
    validate: oneOf(...COMPRESSION_TYPES),
    doc: "default compression.type of topics",
  },
  "connections.max.idle.ms": {
    type: T.LONG,
    defaultValue: "600000",
    validate: atLeast(0),
    readOnly: true,
    doc: "idle connections are closed after this long",
  },
  "default.replication.factor": {
    type: T.INT,
    defaultValue: "1",
    validate: atLeast(1, "int"),
    readOnly: true,
    doc: "replication factor of auto-created topics",
  },
  "delete.topic.enable": {
    type: T.BOOLEAN,
    defaultValue: "true",
    validate: isBoolean,
    readOnly: true,
    doc: "allow DeleteTopics",
  },
  "follower.replication.throttled.rate": {
    type: T.LONG,
    defaultValue: LONG_MAX,
    validate: atLeast(0),
    doc: "bytes/s a follower fetches for throttled replicas (follower.replication.throttled.replicas)",
  },
  "follower.replication.throttled.replicas": {
    type: T.LIST,
    defaultValue: "",
    validate: anyString,
    readOnly: true,
    doc: "default follower throttled replicas",
  },
  "leader.imbalance.check.interval.seconds": {
    type: T.LONG,
    defaultValue: "300",
    validate: atLeast(1),
    readOnly: true,
    doc: "how often the controller checks for leader imbalance",
  },
  "leader.imbalance.per.broker.percentage": {
    type: T.INT,
    defaultValue: "10",
    validate: integerIn(0n, 100n),
    readOnly: true,
    doc: "percentage of a broker's partitions not led by their preferred replica that triggers a rebalance",
  },
  "leader.replication.throttled.rate": {
    type: T.LONG,
    defaultValue: LONG_MAX,
    validate: atLeast(0),
    doc: "bytes/s a leader sends to followers of throttled replicas (leader.replication.throttled.replicas)",
  },
  "leader.replication.throttled.replicas": {
    type: T.LIST,
    defaultValue: "",
    validate: anyString,
    readOnly: true,
    doc: "default leader throttled replicas",
  },
  listeners: {
    type: T.STRING,
    defaultValue: "PLAINTEXT://:9092",
    validate: anyString,
    readOnly: true,
    doc: "listener URIs",
  },
  "log.cleaner.delete.retention.ms": {
    type: T.LONG,
    defaultValue: "86400000",
    validate: atLeast(0),
    doc: "default delete.retention.ms",
  },
  "log.cleaner.max.compaction.lag.ms": {
    type: T.LONG,
    defaultValue: LONG_MAX,
    validate: atLeast(1),
    doc: "default max.compaction.lag.ms",
  },
  "log.cleaner.min.cleanable.ratio": {
    type: T.DOUBLE,
    defaultValue: "0.5",
    validate: ratio,
    doc: "default min.cleanable.dirty.ratio",
  },
  "log.cleaner.min.compaction.lag.ms": {
    type: T.LONG,
    defaultValue: "0",
    validate: atLeast(0),
    doc: "default min.compaction.lag.ms",
  },
  "log.cleanup.policy": {
    type: T.LIST,
    defaultValue: "delete",
    validate: listOf("delete", "compact"),
    doc: "default cleanup.policy",
  },
  "log.dir": {
    type: T.STRING,
    defaultValue: "/tmp/kafka-logs",
    validate: anyString,
    readOnly: true,
    doc: "log directory",
  },
  "log.dirs": { type: T.STRING, defaultValue: null, validate: anyString, readOnly: true, doc: "log directories" },
  "log.flush.interval.messages": {
    type: T.LONG,
    defaultValue: LONG_MAX,
    validate: atLeast(1),
    doc: "default flush.messages",
  },
  "log.flush.interval.ms": { type: T.LONG, defaultValue: null, validate: atLeast(0), doc: "default flush.ms" },
  "log.index.interval.bytes": {
    type: T.INT,
    defaultValue: "4096",
    validate: atLeast(0, "int"),
    doc: "default index.interval.bytes",
  },
  "log.index.size.max.bytes": {
    type: T.INT,
    defaultValue: "10485760",
    validate: atLeast(4, "int"),
    doc: "default segment.index.bytes",
  },
  "log.message.timestamp.after.max.ms": {
    type: T.LONG,
    defaultValue: "3600000",
    validate: atLeast(0),
    doc: "default message.timestamp.after.max.ms",
  },
  "log.message.timestamp.before.max.ms": {
    type: T.LONG,
    defaultValue: LONG_MAX,
    validate: atLeast(0),
    doc: "default message.timestamp.before.max.ms",
  },
  "log.message.timestamp.type": {
    type: T.STRING,
    defaultValue: "CreateTime",
    validate: oneOf("CreateTime", "LogAppendTime"),
    doc: "default message.timestamp.type",
  },
  "log.preallocate": { type: T.BOOLEAN, defaultValue: "false", validate: isBoolean, doc: "default preallocate" },
  "log.retention.bytes": { type: T.LONG, defaultValue: "-1", validate: atLeast(-1), doc: "default retention.bytes" },
  "log.retention.ms": { type: T.LONG, defaultValue: "604800000", validate: atLeast(-1), doc: "default retention.ms" },
  "log.roll.jitter.ms": { type: T.LONG, defaultValue: "0", validate: atLeast(0), doc: "default segment.jitter.ms" },
  "log.roll.ms": { type: T.LONG, defaultValue: "604800000", validate: atLeast(1), doc: "default segment.ms" },
  "log.segment.bytes": {
    type: T.INT,
    defaultValue: "1073741824",
    validate: atLeast(14, "int"),
    doc: "default segment.bytes",
  },
  "log.segment.delete.delay.ms": {
    type: T.LONG,
    defaultValue: "60000",
    validate: atLeast(0),
    doc: "default file.delete.delay.ms",
  },
  "max.connections": {
    type: T.INT,
    defaultValue: "1000",
    validate: atLeast(0, "int"),
    readOnly: true,
    doc: "connections accepted per listener",
  },
  "message.max.bytes": {
    type: T.INT,
    defaultValue: "1048588",
    validate: atLeast(0, "int"),
    doc: "default max.message.bytes",
  },
  "min.insync.replicas": {
    type: T.INT,
    defaultValue: "1",
    validate: atLeast(1, "int"),
    doc: "default min.insync.replicas",
  },
  "node.id": { type: T.INT, defaultValue: "-1", validate: atLeast(-1, "int"), readOnly: true, doc: "this node's id" },
  "num.partitions": {
    type: T.INT,
    defaultValue: "1",
    validate: atLeast(1, "int"),
    readOnly: true,
    doc: "partitions of auto-created topics",
  },
  "offsets.topic.num.partitions": {
    type: T.INT,
    defaultValue: "50",
    validate: atLeast(1, "int"),
    readOnly: true,
    doc: "partitions of __consumer_offsets",
  },
  "offsets.topic.replication.factor": {
    type: T.SHORT,
    defaultValue: "3",
    validate: atLeast(1, "int"),
    readOnly: true,
    doc: "replication factor of __consumer_offsets",
  },
  "replica.fetch.max.bytes": {
    type: T.INT,
    defaultValue: "1048576",
    validate: atLeast(0, "int"),
    readOnly: true,
    doc: "bytes a follower fetches per partition per request (at least one batch is returned)",
  },
  "replica.fetch.min.bytes": {
    type: T.INT,
    defaultValue: "1",
    validate: atLeast(1, "int"),
    readOnly: true,
    doc: "bytes a follower's fetch waits for before the leader answers",
  },
  "replica.fetch.response.max.bytes": {
    type: T.INT,
    defaultValue: "10485760",
    validate: atLeast(0, "int"),
    readOnly: true,
    doc: "bytes a follower's whole fetch response may hold",
  },
  "replica.fetch.wait.max.ms": {
    type: T.INT,
    defaultValue: "500",
    validate: atLeast(0, "int"),
    readOnly: true,
    doc: "longest a follower's fetch waits at the leader when there is no data",
  },
  "replica.lag.time.max.ms": {
    type: T.LONG,
    defaultValue: "30000",
    validate: atLeast(0),
    readOnly: true,
    doc: "a follower that has not caught up for this long leaves the ISR",
  },
  "socket.request.max.bytes": {
    type: T.INT,
    defaultValue: "104857600",
    validate: atLeast(1, "int"),
    readOnly: true,
    doc: "largest request accepted",
  },
  "transaction.max.timeout.ms": {
    type: T.INT,
    defaultValue: "900000",
    validate: atLeast(1, "int"),
    readOnly: true,
    doc: "largest transaction timeout",
  },
  "unclean.leader.election.enable": {
    type: T.BOOLEAN,
    defaultValue: "false",
    validate: isBoolean,
    doc: "default unclean.leader.election.enable",
  },
});

/**
 * Broker configs whose default Kafka derives from another (log.retention.ms from
 * log.retention.hours, log.roll.ms from log.roll.hours, log.flush.interval.ms from
 * log.flush.scheduler.interval.ms): here they carry the derived default directly.
 */
export function brokerDefault(name: string): string | null {
  return BROKER_CONFIGS.get(name)?.defaultValue ?? null;
}
