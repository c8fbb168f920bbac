import type { LogConfig } from "../log";

/**
 * Maps effective topic config values (Kafka names, strings) to the log's LogConfig. Values have
 * been validated when they were set; Long.MAX-sized values are clamped to Number.MAX_SAFE_INTEGER.
 */
export function toLogConfig(values: ReadonlyMap<string, string | null>): LogConfig {
  const num = (name: string, fallback: number): number => {
    const raw = values.get(name);
    if (raw === undefined || raw === null || raw.trim() === "") return fallback;
    const n = Number(raw);
    return Number.isFinite(n) ? Math.min(n, Number.MAX_SAFE_INTEGER) : fallback;
  };
  const policy = (values.get("cleanup.policy") ?? "delete").split(",").map((p) => p.trim());
  const cleanupPolicy = policy.includes("compact")
    ? policy.includes("delete")
      ? "compact,delete"
      : "compact"
    : "delete";
  return {
    segmentBytes: num("segment.bytes", 1073741824),
    segmentMs: num("segment.ms", 604800000),
    retentionMs: num("retention.ms", 604800000),
    retentionBytes: num("retention.bytes", -1),
    cleanupPolicy,
    maxMessageBytes: num("max.message.bytes", 1048588),
    messageTimestampType: values.get("message.timestamp.type") === "LogAppendTime" ? "LogAppendTime" : "CreateTime",
    indexIntervalBytes: num("index.interval.bytes", 4096),
    segmentIndexBytes: num("segment.index.bytes", 10485760),
    deleteRetentionMs: num("delete.retention.ms", 86400000),
    minCompactionLagMs: num("min.compaction.lag.ms", 0),
    minCleanableDirtyRatio: num("min.cleanable.dirty.ratio", 0.5),
    flushMessages: num("flush.messages", Number.MAX_SAFE_INTEGER),
    flushMs: num("flush.ms", Number.MAX_SAFE_INTEGER),
    fileDeleteDelayMs: num("file.delete.delay.ms", 60000),
  };
}

/** What the produce path needs from a topic's configs, computed once per config change. */
export interface TopicRuntimeConfig {
  log: LogConfig;
  minInsyncReplicas: number;
  /** message.timestamp.before.max.ms / after.max.ms (Long.MAX allowed, hence bigint). */
  timestampBeforeMaxMs: bigint;
  timestampAfterMaxMs: bigint;
}

const LONG_MAX = 9223372036854775807n;

export function toTopicRuntimeConfig(values: ReadonlyMap<string, string | null>): TopicRuntimeConfig {
  const long = (name: string): bigint => {
    const raw = values.get(name);
    return raw !== undefined && raw !== null && /^-?\d+$/.test(raw.trim()) ? BigInt(raw.trim()) : LONG_MAX;
  };
  return {
    log: toLogConfig(values),
    minInsyncReplicas: Number(values.get("min.insync.replicas") ?? "1"),
    timestampBeforeMaxMs: long("message.timestamp.before.max.ms"),
    timestampAfterMaxMs: long("message.timestamp.after.max.ms"),
  };
}
