/**
 * Per-topic log configuration. Names are Kafka's topic config names, camelCased; defaults are
 * Kafka's (a topic override replaces the broker default field by field, see `withOverrides`).
 */
export interface LogConfig {
  /** segment.bytes: roll the active segment before it would exceed this size. */
  segmentBytes: number;
  /** segment.ms: roll the active segment once its first batch is this old. */
  segmentMs: number;
  /** retention.ms: delete whole segments whose newest timestamp is older than this; -1 = unlimited. */
  retentionMs: number;
  /** retention.bytes: delete the oldest segments while the log is larger than this; -1 = unlimited. */
  retentionBytes: number;
  cleanupPolicy: "delete" | "compact" | "compact,delete";
  /** max.message.bytes: the largest record batch accepted. */
  maxMessageBytes: number;
  messageTimestampType: "CreateTime" | "LogAppendTime";
  /** index.interval.bytes: bytes of log between two offset-index entries. */
  indexIntervalBytes: number;
  /** segment.index.bytes: maximum size of one segment's offset index; a full index rolls the segment. */
  segmentIndexBytes: number;
  /** delete.retention.ms: how long a tombstone survives compaction. */
  deleteRetentionMs: number;
  /** min.compaction.lag.ms: records younger than this are never compacted. */
  minCompactionLagMs: number;
  /** min.cleanable.dirty.ratio: compact once dirty bytes / total bytes reaches this. */
  minCleanableDirtyRatio: number;
  /** flush.messages: fsync after this many appended messages (Long.MAX in Kafka = never). */
  flushMessages: number;
  /** flush.ms: fsync when the oldest unflushed append is this old (Long.MAX in Kafka = never). */
  flushMs: number;
  /** file.delete.delay.ms: accepted for compatibility; see PartitionLog for why deletion is immediate. */
  fileDeleteDelayMs: number;
}

export const SEGMENT_BYTES_DEFAULT = 1024 * 1024 * 1024;
export const SEGMENT_MS_DEFAULT = 7 * 24 * 60 * 60 * 1000;
export const RETENTION_MS_DEFAULT = 7 * 24 * 60 * 60 * 1000;
export const MAX_MESSAGE_BYTES_DEFAULT = 1048588;
export const INDEX_INTERVAL_BYTES_DEFAULT = 4096;
export const SEGMENT_INDEX_BYTES_DEFAULT = 10 * 1024 * 1024;
export const DELETE_RETENTION_MS_DEFAULT = 24 * 60 * 60 * 1000;
export const FILE_DELETE_DELAY_MS_DEFAULT = 60_000;
/** Kafka's Long.MAX_VALUE for flush.messages / flush.ms, i.e. "let the OS decide". */
export const FLUSH_NEVER = Number.MAX_SAFE_INTEGER;

export const DEFAULT_LOG_CONFIG: LogConfig = Object.freeze({
  segmentBytes: SEGMENT_BYTES_DEFAULT,
  segmentMs: SEGMENT_MS_DEFAULT,
  retentionMs: RETENTION_MS_DEFAULT,
  retentionBytes: -1,
  cleanupPolicy: "delete",
  maxMessageBytes: MAX_MESSAGE_BYTES_DEFAULT,
  messageTimestampType: "CreateTime",
  indexIntervalBytes: INDEX_INTERVAL_BYTES_DEFAULT,
  segmentIndexBytes: SEGMENT_INDEX_BYTES_DEFAULT,
  deleteRetentionMs: DELETE_RETENTION_MS_DEFAULT,
  minCompactionLagMs: 0,
  minCleanableDirtyRatio: 0.5,
  flushMessages: FLUSH_NEVER,
  flushMs: FLUSH_NEVER,
  fileDeleteDelayMs: FILE_DELETE_DELAY_MS_DEFAULT,
});

/** Broker defaults with a topic's overrides on top. */
export function withOverrides(base: LogConfig, overrides: Partial<LogConfig>): LogConfig {
  return { ...base, ...overrides };
}

export function isCompacted(config: LogConfig): boolean {
  return config.cleanupPolicy !== "delete";
}

export function isDeleteEnabled(config: LogConfig): boolean {
  return config.cleanupPolicy !== "compact";
}
