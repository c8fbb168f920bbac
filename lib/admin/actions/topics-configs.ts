import type { ConfigEntry } from "../kafkajs-admin";

/**
 * Topic configs the create form offers first, with Apache Kafka's defaults (the broker may
 * override them: the validate-only preview shows the effective values), and a quick check of a
 * value's shape as the user types. The broker stays the judge: it validates every value again.
 * Pure data and functions: the browser imports this module too.
 */
export type ConfigValueType = "long" | "int" | "boolean" | "enum" | "list";

export interface CommonTopicConfig {
  name: string;
  /** Apache Kafka's default (what a broker without overrides applies). */
  kafkaDefault: string;
  type: ConfigValueType;
  /** Allowed values of an enum, or of each item of a list. */
  values?: readonly string[];
  /** Smallest legal number (long/int). */
  min?: number;
  help: string;
}

export const COMMON_TOPIC_CONFIGS: readonly CommonTopicConfig[] = [
  {
    name: "cleanup.policy",
    kafkaDefault: "delete",
    type: "list",
    values: ["delete", "compact"],
    help: "delete: drop old segments by time or size; compact: keep the latest record per key.",
  },
  {
    name: "retention.ms",
    kafkaDefault: "604800000",
    type: "long",
    min: -1,
    help: "How long records are kept (ms); -1 keeps them forever. Kafka's default is 7 days.",
  },
  {
    name: "retention.bytes",
    kafkaDefault: "-1",
    type: "long",
    min: -1,
    help: "Largest size of each partition before old segments are deleted; -1 means no limit.",
  },
  {
    name: "min.insync.replicas",
    kafkaDefault: "1",
    type: "int",
    min: 1,
    help: "Replicas that must acknowledge a write sent with acks=all.",
  },
  {
    name: "max.message.bytes",
    kafkaDefault: "1048588",
    type: "int",
    min: 0,
    help: "Largest record batch the topic accepts (bytes).",
  },
  {
    name: "compression.type",
    kafkaDefault: "producer",
    type: "enum",
    values: ["producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"],
    help: "producer keeps the producer's compression; any other value recompresses on the broker.",
  },
  {
    name: "segment.bytes",
    kafkaDefault: "1073741824",
    type: "int",
    min: 14,
    help: "Size of one log segment file (bytes); retention deletes whole segments.",
  },
  {
    name: "segment.ms",
    kafkaDefault: "604800000",
    type: "long",
    min: 1,
    help: "Time after which a segment is rolled even if not full (ms).",
  },
  {
    name: "message.timestamp.type",
    kafkaDefault: "CreateTime",
    type: "enum",
    values: ["CreateTime", "LogAppendTime"],
    help: "CreateTime keeps the producer's timestamp; LogAppendTime stamps the broker's time.",
  },
  {
    name: "delete.retention.ms",
    kafkaDefault: "86400000",
    type: "long",
    min: 0,
    help: "How long tombstones are kept on compacted topics (ms).",
  },
  {
    name: "unclean.leader.election.enable",
    kafkaDefault: "false",
    type: "boolean",
    help: "Let an out-of-sync replica become leader (availability over durability).",
  },
];

const BY_NAME = new Map(COMMON_TOPIC_CONFIGS.map((c) => [c.name, c]));

/** Kafka's config names: lower-case words separated by dots (e.g. "retention.ms"). */
export const CONFIG_NAME_PATTERN = /^[a-z][a-z0-9]*([._-][a-z0-9]+)*$/;

/** A problem with the value of a known config, as the user types it (null = looks right). */
export function checkConfigValue(name: string, value: string): string | null {
  const known = BY_NAME.get(name);
  if (!known) return null;
  const v = value.trim();
  if (v === "") return `${name} needs a value.`;
  switch (known.type) {
    case "long":
    case "int": {
      if (!/^-?\d+$/.test(v)) return `${name} is a whole number.`;
      const n = Number(v);
      if (known.type === "int" && Math.abs(n) > 2_147_483_647) return `${name} must fit in 32 bits.`;
      if (known.min !== undefined && n < known.min) return `${name} must be at least ${known.min}.`;
      return null;
    }
    case "boolean":
      return v === "true" || v === "false" ? null : `${name} is true or false.`;
    case "enum":
      return known.values?.includes(v) ? null : `${name} is one of ${known.values?.join(", ")}.`;
    case "list": {
      const bad = v.split(",").find((item) => !known.values?.includes(item.trim()));
      return bad === undefined ? null : `${name} is a comma-separated list of ${known.values?.join(", ")}.`;
    }
  }
}

export interface ConfigDiffRow {
  name: string;
  /** The current value and where it comes from (null value = unset or hidden). */
  before: { value: string | null; source: string | null; isDefault: boolean };
  /** The value after the change; for a reset, the default the topic falls back to (when known). */
  after: { value: string | null; isDefault: boolean };
  change: "set" | "reset" | "unchanged";
}

/**
 * What an edit will change: for each config set or reset, its value before and after, and whether
 * it ends up at its default. `current` is the topic's DescribeConfigs answer.
 */
export function diffTopicConfigs(
  current: readonly ConfigEntry[],
  set: Readonly<Record<string, string>>,
  reset: readonly string[],
): ConfigDiffRow[] {
  const byName = new Map(current.map((c) => [c.name, c]));
  const before = (name: string) => {
    const entry = byName.get(name);
    return { value: entry?.value ?? null, source: entry?.source ?? null, isDefault: entry?.isDefault ?? true };
  };
  const rows: ConfigDiffRow[] = Object.entries(set).map(([name, value]) => {
    const b = before(name);
    return {
      name,
      before: b,
      after: { value, isDefault: false },
      change: b.value === value && !b.isDefault ? "unchanged" : "set",
    };
  });
  for (const name of reset) {
    const b = before(name);
    const fallback = byName.get(name)?.defaultValue ?? BY_NAME.get(name)?.kafkaDefault ?? null;
    rows.push({
      name,
      before: b,
      after: { value: b.isDefault ? b.value : fallback, isDefault: true },
      change: b.isDefault ? "unchanged" : "reset",
    });
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : 1));
}
