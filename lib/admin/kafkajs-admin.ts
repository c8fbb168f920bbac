import kafkajs, { type Admin, type ConfigEntries, type KafkaConfig, type SASLOptions } from "kafkajs";
import type { ClusterConnectionSettings } from "./connection-settings";
import { usesSasl, usesTls } from "./connection-settings";
import { AdminError, UnsupportedByClusterError } from "./errors";

/**
 * The kafkajs half of lib/admin: a lazily connected kafkajs Admin per cluster, used for topic and
 * broker configs (DescribeConfigs with synonyms). kafkajs errors are mapped to AdminError so the
 * UI can explain them.
 */
// kafkajs is CommonJS: Node's ESM loader sees only its default export.
const { ConfigResourceTypes, Kafka, logLevel } = kafkajs;

export const KAFKAJS_CONNECTION_TIMEOUT_MS = 3_000;
export const KAFKAJS_REQUEST_TIMEOUT_MS = 15_000;
const KAFKAJS_RETRIES = 1;

/** Kafka's ConfigSource names, by the number DescribeConfigs answers (DescribeConfigsResponse.json). */
export const CONFIG_SOURCES: Record<number, string> = {
  0: "UNKNOWN",
  1: "DYNAMIC_TOPIC_CONFIG",
  2: "DYNAMIC_BROKER_CONFIG",
  3: "DYNAMIC_DEFAULT_BROKER_CONFIG",
  4: "STATIC_BROKER_CONFIG",
  5: "DEFAULT_CONFIG",
  6: "DYNAMIC_BROKER_LOGGER_CONFIG",
  7: "CLIENT_METRICS_CONFIG",
  8: "GROUP_CONFIG",
};

export interface ConfigEntry {
  name: string;
  /** null when the broker hides it (sensitive) or it has no value. */
  value: string | null;
  source: string;
  isDefault: boolean;
  isSensitive: boolean;
  readOnly: boolean;
  /** The value the entry would have without its own override (next synonym), when known. */
  defaultValue: string | null;
}

export function kafkaConfig(settings: ClusterConnectionSettings): KafkaConfig {
  const sasl = settings.sasl;
  let saslOptions: SASLOptions | undefined;
  if (usesSasl(settings) && sasl) {
    saslOptions =
      sasl.mechanism === "PLAIN"
        ? { mechanism: "plain", username: sasl.username, password: sasl.password }
        : sasl.mechanism === "SCRAM-SHA-256"
          ? { mechanism: "scram-sha-256", username: sasl.username, password: sasl.password }
          : { mechanism: "scram-sha-512", username: sasl.username, password: sasl.password };
  }
  return {
    clientId: "pier-console",
    brokers: settings.bootstrapServers,
    ssl: usesTls(settings)
      ? { ca: settings.tls?.ca, rejectUnauthorized: settings.tls?.rejectUnauthorized ?? true }
      : false,
    sasl: saslOptions,
    connectionTimeout: KAFKAJS_CONNECTION_TIMEOUT_MS,
    requestTimeout: KAFKAJS_REQUEST_TIMEOUT_MS,
    retry: { retries: KAFKAJS_RETRIES },
    logLevel: logLevel.NOTHING,
  };
}

/** Maps a kafkajs error to an AdminError by its class name (kafkajs exports no stable codes). */
export function fromKafkajsError(error: unknown, api: string): AdminError {
  if (error instanceof AdminError) return error;
  const e = error as { name?: string; message?: string; type?: string };
  const message = e.message ?? String(error);
  switch (e.name) {
    case "KafkaJSServerDoesNotSupportApiKey":
      return new UnsupportedByClusterError(api);
    case "KafkaJSSASLAuthenticationError":
      return new AdminError("auth_failed", message);
    case "KafkaJSConnectionError":
    case "KafkaJSNonRetriableError":
    case "KafkaJSNumberOfRetriesExceeded":
    case "KafkaJSBrokerNotFound":
      return new AdminError("unreachable", message);
    case "KafkaJSRequestTimeoutError":
      return new AdminError("timeout", message);
    case "KafkaJSProtocolError":
      return new AdminError("kafka_error", `${api} failed: ${e.type ?? ""} ${message}`.trim());
    default:
      return new AdminError("kafka_error", `${api} failed: ${message}`);
  }
}

function toConfigEntry(entry: ConfigEntries): ConfigEntry {
  const synonyms = entry.configSynonyms ?? [];
  // Synonyms are in precedence order; the first is the entry's own value when it is overridden.
  const next = synonyms[0]?.configSource === entry.configSource ? synonyms[1] : synonyms[0];
  return {
    name: entry.configName,
    value: entry.configValue ?? null,
    source: CONFIG_SOURCES[entry.configSource] ?? String(entry.configSource),
    isDefault: entry.isDefault,
    isSensitive: entry.isSensitive,
    readOnly: entry.readOnly,
    defaultValue: entry.isDefault ? (entry.configValue ?? null) : (next?.configValue ?? null),
  };
}

export class KafkajsAdmin {
  private admin: Promise<Admin> | undefined;

  constructor(private readonly settings: ClusterConnectionSettings) {}

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = new Kafka(kafkaConfig(this.settings)).admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw fromKafkajsError(error, "connect");
    });
    return this.admin;
  }

  async describeConfigs(kind: "topic" | "broker", name: string): Promise<ConfigEntry[]> {
    const admin = await this.connected();
    try {
      const answer = await admin.describeConfigs({
        resources: [{ type: kind === "topic" ? ConfigResourceTypes.TOPIC : ConfigResourceTypes.BROKER, name }],
        includeSynonyms: true,
      });
      const resource = answer.resources[0];
      if (!resource) return [];
      if (resource.errorCode !== 0)
        throw new AdminError("kafka_error", `DescribeConfigs failed: ${resource.errorMessage ?? resource.errorCode}`);
      return resource.configEntries.map(toConfigEntry).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch (error) {
      throw fromKafkajsError(error, "DescribeConfigs");
    }
  }

  async close(): Promise<void> {
    const admin = await this.admin?.catch(() => undefined);
    this.admin = undefined;
    await admin?.disconnect();
  }
}
