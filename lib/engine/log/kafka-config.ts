import { ErrorCode } from "../../protocol/error-codes";
import { FLUSH_NEVER, type LogConfig } from "./log-config";
import { LogError } from "./log-error";

/**
 * LogConfig ⇄ Kafka's topic config names and string values (CreateTopics, DescribeConfigs,
 * IncrementalAlterConfigs carry them as strings). Ranges are Kafka's (TopicConfig / LogConfig
 * validators). Kafka's Long.MAX_VALUE becomes FLUSH_NEVER (Number.MAX_SAFE_INTEGER) and back.
 */
type Field = keyof LogConfig;

interface Spec {
  field: Field;
  kind: "int" | "long" | "double" | "policy" | "timestampType";
  min?: number;
  max?: number;
}

export const KAFKA_LOG_CONFIGS: Readonly<Record<string, Spec>> = {
  "segment.bytes": { field: "segmentBytes", kind: "int", min: 14 },
  "segment.ms": { field: "segmentMs", kind: "long", min: 1 },
  "retention.ms": { field: "retentionMs", kind: "long", min: -1 },
  "retention.bytes": { field: "retentionBytes", kind: "long" },
  "cleanup.policy": { field: "cleanupPolicy", kind: "policy" },
  "max.message.bytes": { field: "maxMessageBytes", kind: "int", min: 0 },
  "message.timestamp.type": { field: "messageTimestampType", kind: "timestampType" },
  "index.interval.bytes": { field: "indexIntervalBytes", kind: "int", min: 0 },
  "segment.index.bytes": { field: "segmentIndexBytes", kind: "int", min: 4 },
  "delete.retention.ms": { field: "deleteRetentionMs", kind: "long", min: 0 },
  "min.compaction.lag.ms": { field: "minCompactionLagMs", kind: "long", min: 0 },
  "min.cleanable.dirty.ratio": { field: "minCleanableDirtyRatio", kind: "double", min: 0, max: 1 },
  "flush.messages": { field: "flushMessages", kind: "long", min: 1 },
  "flush.ms": { field: "flushMs", kind: "long", min: 0 },
  "file.delete.delay.ms": { field: "fileDeleteDelayMs", kind: "long", min: 0 },
};

const INT32_MAX = 2 ** 31 - 1;
const LONG_MAX_TEXT = "9223372036854775807";

function invalid(name: string, value: string, why: string): LogError {
  return new LogError(ErrorCode.INVALID_CONFIG, `Invalid value ${value} for configuration ${name}: ${why}`);
}

function parseNumber(name: string, value: string, spec: Spec): number {
  const text = value.trim();
  if (spec.kind === "double") {
    const n = Number(text);
    if (text === "" || !Number.isFinite(n)) throw invalid(name, value, "not a number");
    return check(name, value, n, spec);
  }
  if (!/^-?\d+$/.test(text)) throw invalid(name, value, "not an integer");
  const big = BigInt(text);
  const max = spec.kind === "int" ? BigInt(INT32_MAX) : BigInt(LONG_MAX_TEXT);
  if (big > max || big < -max - 1n) throw invalid(name, value, `out of ${spec.kind} range`);
  const n = big > BigInt(FLUSH_NEVER) ? FLUSH_NEVER : Number(big);
  return check(name, value, n, spec);
}

function check(name: string, value: string, n: number, spec: Spec): number {
  if (spec.min !== undefined && n < spec.min) throw invalid(name, value, `must be at least ${spec.min}`);
  if (spec.max !== undefined && n > spec.max) throw invalid(name, value, `must be at most ${spec.max}`);
  return n;
}

function parsePolicy(name: string, value: string): LogConfig["cleanupPolicy"] {
  const parts = new Set(
    value
      .split(",")
      .map((p) => p.trim().toLowerCase())
      .filter((p) => p.length > 0),
  );
  if (parts.size === 0 || [...parts].some((p) => p !== "delete" && p !== "compact")) {
    throw invalid(name, value, "expected delete, compact or compact,delete");
  }
  return parts.size === 2 ? "compact,delete" : parts.has("compact") ? "compact" : "delete";
}

/**
 * Topic overrides from Kafka config names and string values. Unknown names are ignored here (the
 * caller decides whether they are other valid topic configs); bad values throw LogError INVALID_CONFIG.
 */
export function logConfigOverrides(entries: Record<string, string>): Partial<LogConfig> {
  const out: Partial<Record<Field, unknown>> = {};
  for (const [name, value] of Object.entries(entries)) {
    const spec = KAFKA_LOG_CONFIGS[name];
    if (!spec) continue;
    if (spec.kind === "policy") out[spec.field] = parsePolicy(name, value);
    else if (spec.kind === "timestampType") {
      if (value !== "CreateTime" && value !== "LogAppendTime")
        throw invalid(name, value, "expected CreateTime or LogAppendTime");
      out[spec.field] = value;
    } else out[spec.field] = parseNumber(name, value, spec);
  }
  return out as Partial<LogConfig>;
}

/** Every log config as Kafka names and string values (DescribeConfigs). */
export function kafkaConfigEntries(config: LogConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(KAFKA_LOG_CONFIGS)) {
    const value = config[spec.field];
    out[name] = value === FLUSH_NEVER ? LONG_MAX_TEXT : String(value);
  }
  return out;
}
