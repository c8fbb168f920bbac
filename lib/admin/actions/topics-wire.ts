import { ErrorCode } from "../../protocol";
import type { BrokerConnection } from "../wire/broker-connection";
import { groupBy, type ProtocolClient } from "../wire/protocol-client";
import { kafkaApiError } from "./topics-errors";

/**
 * The topic-changing requests, sent with Pier's own protocol client so that the broker's error
 * name and message reach the user (kafkajs keeps only the generic description of a code).
 * CreateTopics, DeleteTopics and CreatePartitions go to the controller named in Metadata (brokers
 * before KIP-590 answer NOT_CONTROLLER otherwise; KRaft brokers forward); DeleteRecords goes to
 * each partition's leader; IncrementalAlterConfigs of a topic to any broker.
 */
export const TOPIC_REQUEST_TIMEOUT_MS = 30_000;

/** ConfigResource type of a topic (DescribeConfigs / IncrementalAlterConfigs). */
export const TOPIC_RESOURCE_TYPE = 2;

/** IncrementalAlterConfigs' per-config operations. */
export const CONFIG_OPERATION = { SET: 0, DELETE: 1 } as const;

export interface NewTopicSpec {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/** A config of a created topic as CreateTopics v5+ answers it (source: Kafka's ConfigSource number). */
export interface CreatedTopicConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  configSource: number;
  isSensitive: boolean;
}

export interface CreatedTopic {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  /** The topic's effective configs (null when the cluster answers CreateTopics below v5). */
  configs: CreatedTopicConfig[] | null;
}

async function controllerConnection(wire: ProtocolClient): Promise<BrokerConnection> {
  const metadata = await wire.metadata([]);
  const known = metadata.brokers.some((b) => b.nodeId === metadata.controllerId);
  return known ? wire.connectionTo(metadata.controllerId) : wire.anyConnection();
}

export async function createTopic(wire: ProtocolClient, spec: NewTopicSpec, validateOnly: boolean) {
  const connection = await controllerConnection(wire);
  const { body } = await wire.call(connection, "CreateTopics", () => ({
    topics: [
      {
        name: spec.name,
        numPartitions: spec.numPartitions,
        replicationFactor: spec.replicationFactor,
        assignments: [],
        configs: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      },
    ],
    timeoutMs: TOPIC_REQUEST_TIMEOUT_MS,
    validateOnly,
  }));
  const result = body.topics.find((t) => t.name === spec.name);
  if (!result)
    throw kafkaApiError(
      "CreateTopics",
      ErrorCode.UNKNOWN_SERVER_ERROR,
      "the broker answered nothing for the topic",
      spec.name,
    );
  if (result.errorCode !== 0) throw kafkaApiError("CreateTopics", result.errorCode, result.errorMessage, spec.name);
  const created: CreatedTopic = {
    name: spec.name,
    numPartitions: result.numPartitions > 0 ? result.numPartitions : spec.numPartitions,
    replicationFactor: result.replicationFactor > 0 ? result.replicationFactor : spec.replicationFactor,
    configs: result.configs ? withRequested(result.configs, spec.configs) : null,
  };
  return created;
}

export async function deleteTopic(wire: ProtocolClient, name: string): Promise<void> {
  const connection = await controllerConnection(wire);
  const { body } = await wire.call(connection, "DeleteTopics", () => ({
    topicNames: [name],
    timeoutMs: TOPIC_REQUEST_TIMEOUT_MS,
  }));
  const result = body.responses.find((r) => r.name === name);
  if (result && result.errorCode !== 0)
    throw kafkaApiError("DeleteTopics", result.errorCode, result.errorMessage, name);
}

export async function createPartitions(wire: ProtocolClient, name: string, count: number, validateOnly: boolean) {
  const connection = await controllerConnection(wire);
  const { body } = await wire.call(connection, "CreatePartitions", () => ({
    topics: [{ name, count, assignments: null }],
    timeoutMs: TOPIC_REQUEST_TIMEOUT_MS,
    validateOnly,
  }));
  const result = body.results.find((r) => r.name === name);
  if (result && result.errorCode !== 0) {
    throw kafkaApiError("CreatePartitions", result.errorCode, result.errorMessage, name);
  }
}

export interface ConfigChange {
  name: string;
  /** null deletes the override (the topic falls back to the broker's or Kafka's default). */
  value: string | null;
}

export async function alterTopicConfigs(
  wire: ProtocolClient,
  name: string,
  changes: ConfigChange[],
  validateOnly: boolean,
): Promise<void> {
  const connection = await wire.anyConnection();
  const { body } = await wire.call(connection, "IncrementalAlterConfigs", () => ({
    resources: [
      {
        resourceType: TOPIC_RESOURCE_TYPE,
        resourceName: name,
        configs: changes.map((c) => ({
          name: c.name,
          configOperation: c.value === null ? CONFIG_OPERATION.DELETE : CONFIG_OPERATION.SET,
          value: c.value,
        })),
      },
    ],
    validateOnly,
  }));
  const result = body.responses[0];
  if (result && result.errorCode !== 0) {
    throw kafkaApiError("IncrementalAlterConfigs", result.errorCode, result.errorMessage, name);
  }
}

export interface DeleteRecordsTarget {
  partition: number;
  leader: number;
  offset: bigint;
}

/**
 * DeleteRecords, one request per leader. Returns each partition's new low watermark (log start
 * offset) or the Kafka error that partition answered (DeleteRecords carries no error message).
 */
export async function deleteRecords(
  wire: ProtocolClient,
  topic: string,
  targets: DeleteRecordsTarget[],
): Promise<Map<number, bigint | Error>> {
  const results = new Map<number, bigint | Error>();
  await Promise.all(
    [...groupBy(targets, (t) => t.leader)].map(async ([leader, list]) => {
      try {
        const connection = await wire.connectionTo(leader);
        const { body } = await wire.call(connection, "DeleteRecords", () => ({
          topics: [{ name: topic, partitions: list.map((t) => ({ partitionIndex: t.partition, offset: t.offset })) }],
          timeoutMs: TOPIC_REQUEST_TIMEOUT_MS,
        }));
        for (const p of body.topics.flatMap((t) => t.partitions)) {
          results.set(
            p.partitionIndex,
            p.errorCode === 0
              ? p.lowWatermark
              : kafkaApiError("DeleteRecords", p.errorCode, null, `${topic}-${p.partitionIndex}`),
          );
        }
      } catch (error) {
        for (const t of list) results.set(t.partition, error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  return results;
}

/** Kafka's ConfigSource of a topic-level override. */
const DYNAMIC_TOPIC_CONFIG = 1;

/**
 * The answer's configs with the requested values laid over them: a validate-only answer may list
 * only the defaults (the topic does not exist yet), but an accepted request's values are exactly
 * what the topic gets.
 */
function withRequested(configs: CreatedTopicConfig[], requested: Record<string, string>): CreatedTopicConfig[] {
  const byName = new Map(configs.map((c) => [c.name, c]));
  for (const [name, value] of Object.entries(requested)) {
    const known = byName.get(name);
    byName.set(name, {
      name,
      value,
      readOnly: known?.readOnly ?? false,
      configSource: DYNAMIC_TOPIC_CONFIG,
      isSensitive: known?.isSensitive ?? false,
    });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}
