import path from "node:path";

/**
 * Pier's configuration contract: environment variables, each with a documented default (README,
 * "Configuration"). Invalid values stop start-up with a ConfigError naming every offending
 * variable and what it accepts — never a silent fallback to the default.
 */
export interface ExternalClusterSpec {
  name: string;
  bootstrapServers: string[];
}

export interface PierConfig {
  /** PORT: the console's HTTP port. */
  port: number;
  /** PIER_HOST: bind address of the console and the embedded brokers. */
  host: string;
  /** PIER_DATA_DIR, resolved to an absolute path. */
  dataDir: string;
  /** PIER_BROKERS: how many embedded brokers, ids 0..brokers-1. */
  brokers: number;
  /** PIER_KAFKA_PORT: broker n listens on kafkaPort + n. */
  kafkaPort: number;
  /** PIER_EMBEDDED: start the embedded cluster (false = console only). */
  embedded: boolean;
  /** PIER_CLUSTERS: external clusters to pre-register. */
  clusters: ExternalClusterSpec[];
  /** PIER_READ_ONLY: every mutating action off. */
  readOnly: boolean;
  /** PIER_AUTO_CREATE_TOPICS: the embedded brokers' auto.create.topics.enable. */
  autoCreateTopics: boolean;
  /** PIER_GROUP_INITIAL_REBALANCE_DELAY_MS: the embedded brokers' group.initial.rebalance.delay.ms. */
  groupInitialRebalanceDelayMs: number;
  /** PIER_SAMPLE_INTERVAL_MS: how often the lag-history sampler reads every registered cluster. */
  sampleIntervalMs: number;
}

export const MAX_EMBEDDED_BROKERS = 9;
export const MAX_TCP_PORT = 65_535;
export const MAX_CLUSTER_NAME_LENGTH = 64;
/** Upper bound accepted for PIER_GROUP_INITIAL_REBALANCE_DELAY_MS (5 minutes; Kafka's default is 3 s). */
export const MAX_GROUP_INITIAL_REBALANCE_DELAY_MS = 300_000;
/** Bounds of PIER_SAMPLE_INTERVAL_MS: below 1 s a round cannot finish; above 1 h the 5-minute history has holes. */
export const SAMPLE_INTERVAL_MIN_MS = 1_000;
export const SAMPLE_INTERVAL_MAX_MS = 3_600_000;
/** The id (and reserved name) of the embedded cluster. */
export const EMBEDDED_CLUSTER_ID = "local";

export const CONFIG_DEFAULTS = {
  PORT: "3000",
  PIER_HOST: "127.0.0.1",
  PIER_DATA_DIR: "./.pier",
  PIER_BROKERS: "3",
  PIER_KAFKA_PORT: "9092",
  PIER_EMBEDDED: "1",
  PIER_CLUSTERS: "",
  PIER_READ_ONLY: "0",
  PIER_AUTO_CREATE_TOPICS: "0",
  PIER_GROUP_INITIAL_REBALANCE_DELAY_MS: "3000",
  PIER_SAMPLE_INTERVAL_MS: "30000",
} as const;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

class Parser {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: keyof typeof CONFIG_DEFAULTS): string {
    const value = this.env[name];
    return value === undefined || value.trim() === "" ? CONFIG_DEFAULTS[name] : value.trim();
  }

  integer(name: keyof typeof CONFIG_DEFAULTS, min: number, max: number): number {
    const text = this.raw(name);
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}="${text}": expected a whole number from ${min} to ${max}`);
      return Number(CONFIG_DEFAULTS[name]);
    }
    return value;
  }

  flag(name: keyof typeof CONFIG_DEFAULTS): boolean {
    const text = this.raw(name).toLowerCase();
    if (text === "1" || text === "true") return true;
    if (text === "0" || text === "false") return false;
    this.problems.push(`${name}="${text}": expected 0 or 1 (or false/true)`);
    return CONFIG_DEFAULTS[name] === "1";
  }
}

const HOST_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9a-fA-F:]+)$/;
/** Names of registered clusters, from PIER_CLUSTERS or the console. */
export const CLUSTER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** "host:port" with a valid host and a port from 1 to 65535. */
export function isHostPort(text: string): boolean {
  const colon = text.lastIndexOf(":");
  if (colon <= 0) return false;
  const host = text.slice(0, colon);
  const port = text.slice(colon + 1);
  return HOST_PATTERN.test(host) && /^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= MAX_TCP_PORT;
}

/** Parses `name=host:port,host:port;name2=...`; problems are reported against PIER_CLUSTERS. */
export function parseClusters(text: string, problems: string[]): ExternalClusterSpec[] {
  const clusters: ExternalClusterSpec[] = [];
  for (const entry of text
    .split(";")
    .map((e) => e.trim())
    .filter((e) => e !== "")) {
    const eq = entry.indexOf("=");
    const name = eq > 0 ? entry.slice(0, eq).trim() : "";
    const servers =
      eq > 0
        ? entry
            .slice(eq + 1)
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== "")
        : [];
    const bad = servers.filter((s) => !isHostPort(s));
    if (name === "" || servers.length === 0) {
      problems.push(`PIER_CLUSTERS entry "${entry}": expected name=host:port[,host:port...]`);
    } else if (!CLUSTER_NAME_PATTERN.test(name) || name.length > MAX_CLUSTER_NAME_LENGTH) {
      problems.push(
        `PIER_CLUSTERS name "${name}": use letters, digits, '.', '_' or '-' (at most ${MAX_CLUSTER_NAME_LENGTH})`,
      );
    } else if (name === EMBEDDED_CLUSTER_ID) {
      problems.push(`PIER_CLUSTERS name "${name}": reserved for the embedded cluster`);
    } else if (clusters.some((c) => c.name === name)) {
      problems.push(`PIER_CLUSTERS name "${name}": listed twice`);
    } else if (bad.length > 0) {
      problems.push(
        `PIER_CLUSTERS "${name}": "${bad.join(",")}" is not host:port with a port from 1 to ${MAX_TCP_PORT}`,
      );
    } else {
      clusters.push({ name, bootstrapServers: servers });
    }
  }
  return clusters;
}

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): PierConfig {
  const p = new Parser(env);
  const host = p.raw("PIER_HOST");
  if (!HOST_PATTERN.test(host)) p.problems.push(`PIER_HOST="${host}": expected an IP address or host name`);
  const brokers = p.integer("PIER_BROKERS", 1, MAX_EMBEDDED_BROKERS);
  const kafkaPort = p.integer("PIER_KAFKA_PORT", 1, MAX_TCP_PORT - MAX_EMBEDDED_BROKERS);
  const config: PierConfig = {
    port: p.integer("PORT", 1, MAX_TCP_PORT),
    host,
    dataDir: path.resolve(cwd, p.raw("PIER_DATA_DIR")),
    brokers,
    kafkaPort,
    embedded: p.flag("PIER_EMBEDDED"),
    clusters: parseClusters(p.raw("PIER_CLUSTERS"), p.problems),
    readOnly: p.flag("PIER_READ_ONLY"),
    autoCreateTopics: p.flag("PIER_AUTO_CREATE_TOPICS"),
    groupInitialRebalanceDelayMs: p.integer(
      "PIER_GROUP_INITIAL_REBALANCE_DELAY_MS",
      0,
      MAX_GROUP_INITIAL_REBALANCE_DELAY_MS,
    ),
    sampleIntervalMs: p.integer("PIER_SAMPLE_INTERVAL_MS", SAMPLE_INTERVAL_MIN_MS, SAMPLE_INTERVAL_MAX_MS),
  };
  if (config.embedded && config.port >= kafkaPort && config.port < kafkaPort + brokers) {
    p.problems.push(
      `PORT=${config.port}: collides with the broker ports ${kafkaPort}-${kafkaPort + brokers - 1} (PIER_KAFKA_PORT)`,
    );
  }
  if (p.problems.length > 0) throw new ConfigError(p.problems);
  return config;
}

/** Where the embedded brokers keep their data: PIER_DATA_DIR/kafka (`npm start` and `npm run broker` alike). */
export function embeddedDataDir(config: PierConfig): string {
  return path.join(config.dataDir, "kafka");
}

/** bootstrap servers of the embedded cluster, as clients should use them. */
export function embeddedBootstrapServers(config: PierConfig): string[] {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return Array.from({ length: config.brokers }, (_, id) => `${host}:${config.kafkaPort + id}`);
}
