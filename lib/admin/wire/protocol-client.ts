import { ApiKey, errorInfo, type RequestInput, type ResponseData } from "../../protocol";
import { type BrokerAddress, type ClusterConnectionSettings, parseBrokerAddress } from "../connection-settings";
import { AdminError, UnsupportedByClusterError } from "../errors";
import { BrokerConnection, kafkaError, label, UndecodableResponseError } from "./broker-connection";

/**
 * Pier's own Kafka client for the console: the reads that must scale (one Metadata for every
 * topic, ListOffsets batched per leader, ListGroups per broker, DescribeGroups batched per
 * coordinator) and the APIs kafkajs 2.2.4 lacks (DescribeLogDirs, ElectLeaders,
 * IncrementalAlterConfigs, OffsetDelete, DescribeProducers, Fetch without a consumer group).
 *
 * Connections are opened lazily, one per broker, and reused; `closeIdle` drops the ones unused for
 * a while. Every method throws AdminError (UnsupportedByClusterError when no broker offers the API
 * at a version Pier speaks).
 */

/** The version ranges this client builds requests for (bounded by what it knows how to read). */
const CLIENT_VERSIONS = {
  // v10+ only add topic ids, which the console does not use.
  Metadata: [1, 9],
  ListOffsets: [1, 7],
  DescribeLogDirs: [1, 4],
  Fetch: [4, 12],
  ListGroups: [0, 4],
  DescribeGroups: [0, 5],
  OffsetFetch: [1, 7],
  FindCoordinator: [1, 3],
  DescribeProducers: [0, 0],
  ElectLeaders: [1, 2],
  IncrementalAlterConfigs: [0, 1],
  OffsetDelete: [0, 0],
  // Group actions (lib/admin/actions/groups-wire.ts): OffsetCommit v1+ has the generation and
  // member id; v9 is KIP-848's.
  OffsetCommit: [1, 8],
  DeleteGroups: [0, 2],
  // Topic actions (lib/admin/actions/topics-wire.ts): validateOnly and errorMessage need v1+.
  CreateTopics: [1, 7],
  DeleteTopics: [1, 5],
  CreatePartitions: [0, 3],
  DeleteRecords: [0, 2],
  // Reassignments (lib/admin/actions/reassignment.ts).
  AlterPartitionReassignments: [0, 0],
  ListPartitionReassignments: [0, 0],
} as const satisfies Partial<Record<keyof typeof ApiKey, readonly [number, number]>>;

type ClientApi = keyof typeof CLIENT_VERSIONS;

/** ListOffsets' special timestamps. */
export const EARLIEST_TIMESTAMP = -2n;
export const LATEST_TIMESTAMP = -1n;

export type MetadataBody = ResponseData<typeof ApiKey.Metadata>;

export class ProtocolClient {
  private readonly connections = new Map<string, Promise<BrokerConnection>>();
  private brokers = new Map<number, BrokerAddress>();

  constructor(private readonly settings: ClusterConnectionSettings) {}

  /** Sends one request on `connection` at the best common version. */
  async call<A extends ClientApi>(
    connection: BrokerConnection,
    api: A,
    body: (version: number) => RequestInput<(typeof ApiKey)[A]>,
    retried = false,
  ): Promise<{ version: number; body: ResponseData<(typeof ApiKey)[A]> }> {
    const [min, max] = CLIENT_VERSIONS[api];
    const apiKey = ApiKey[api];
    const version = connection.pickVersion(apiKey, min, max, api);
    try {
      const response = await connection.send(apiKey, version, body(version));
      return { version, body: response as ResponseData<(typeof ApiKey)[A]> };
    } catch (error) {
      // A pooled connection the broker closed while idle: one retry on a fresh connection.
      if (error instanceof AdminError && error.code === "unreachable" && !connection.isOpen && !retried) {
        return this.call(await this.connectionAt(connection.address), api, body, true);
      }
      if (!(error instanceof UndecodableResponseError) || version <= min) throw error;
      connection.capVersion(apiKey, version - 1);
      return this.call(connection, api, body, retried);
    }
  }

  /**
   * Sends a request any broker can answer. If the broker that was picked has gone away (stopped,
   * crashed, restarted), the request goes once more to another live broker instead of failing:
   * a cluster that lost one broker still answers.
   */
  async callAnyBroker<A extends ClientApi>(
    api: A,
    body: (version: number) => RequestInput<(typeof ApiKey)[A]>,
  ): Promise<{ version: number; body: ResponseData<(typeof ApiKey)[A]>; connection: BrokerConnection }> {
    const connection = await this.anyConnection();
    try {
      return { ...(await this.call(connection, api, body)), connection };
    } catch (error) {
      if (!(error instanceof AdminError && error.code === "unreachable") || connection.isOpen) throw error;
      const other = await this.anyConnection();
      return { ...(await this.call(other, api, body)), connection: other };
    }
  }

  /** Any live broker: an open connection, else the bootstrap servers and known brokers in turn. */
  async anyConnection(): Promise<BrokerConnection> {
    for (const pending of this.connections.values()) {
      const connection = await pending.catch(() => undefined);
      if (connection?.isOpen) return connection;
    }
    const candidates = [...this.settings.bootstrapServers.map(parseBrokerAddress), ...this.brokers.values()];
    const failures: AdminError[] = [];
    for (const address of candidates) {
      try {
        return await this.connectionAt(address);
      } catch (error) {
        if (error instanceof AdminError && error.code === "auth_failed") throw error;
        failures.push(error instanceof AdminError ? error : new AdminError("unreachable", String(error)));
      }
    }
    const reasons = [...new Set(failures.map((f) => f.message))].join("; ");
    throw new AdminError("unreachable", `No broker of this cluster answered. ${reasons}`);
  }

  async connectionTo(brokerId: number): Promise<BrokerConnection> {
    let address = this.brokers.get(brokerId);
    if (!address) {
      await this.metadata([]);
      address = this.brokers.get(brokerId);
    }
    if (!address) throw new AdminError("not_found", `broker ${brokerId} is not in the cluster's metadata`);
    return this.connectionAt(address);
  }

  private connectionAt(address: BrokerAddress): Promise<BrokerConnection> {
    const key = label(address);
    const existing = this.connections.get(key);
    if (existing) {
      return existing.then((connection) => {
        if (connection.isOpen) return connection;
        this.connections.delete(key);
        return this.connectionAt(address);
      });
    }
    const opening = BrokerConnection.open(address, this.settings);
    this.connections.set(key, opening);
    opening.catch(() => this.connections.delete(key));
    return opening;
  }

  /** Metadata of `topics` (undefined = every topic); remembers broker addresses. Never auto-creates. */
  async metadata(topics?: string[]): Promise<MetadataBody> {
    const { body } = await this.callAnyBroker("Metadata", () => ({
      topics: topics === undefined ? null : topics.map((name) => ({ name })),
      allowAutoTopicCreation: false,
    }));
    this.brokers = new Map(body.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }]));
    return body;
  }

  /**
   * Offsets at `timestamp` (EARLIEST_TIMESTAMP / LATEST_TIMESTAMP or ms) for partitions grouped by
   * leader, one request per leader. A partition whose leader fails or answers an error maps to an
   * AdminError instead of an offset.
   */
  async listOffsets(
    partitions: { topic: string; partition: number; leader: number }[],
    timestamp: bigint,
  ): Promise<Map<string, bigint | AdminError>> {
    const results = new Map<string, bigint | AdminError>();
    const byLeader = groupBy(partitions, (p) => p.leader);
    await Promise.all(
      [...byLeader].map(async ([leader, list]) => {
        try {
          const connection = await this.connectionTo(leader);
          const { version, body } = await this.call(connection, "ListOffsets", () => ({
            replicaId: -1,
            isolationLevel: 0,
            topics: [...groupBy(list, (p) => p.topic)].map(([name, ps]) => ({
              name,
              partitions: ps.map((p) => ({ partitionIndex: p.partition, timestamp })),
            })),
          }));
          for (const topic of body.topics) {
            for (const p of topic.partitions) {
              const key = partitionKey(topic.name, p.partitionIndex);
              const offset = version === 0 ? (p.oldStyleOffsets[0] ?? -1n) : p.offset;
              results.set(key, p.errorCode === 0 ? offset : kafkaError("ListOffsets", p.errorCode));
            }
          }
        } catch (error) {
          const failure = asAdminError(error);
          for (const p of list) results.set(partitionKey(p.topic, p.partition), failure);
        }
      }),
    );
    return results;
  }

  async describeLogDirs(brokerId: number): Promise<ResponseData<typeof ApiKey.DescribeLogDirs>> {
    const connection = await this.connectionTo(brokerId);
    const { body } = await this.call(connection, "DescribeLogDirs", () => ({ topics: null }));
    if (body.errorCode !== 0) throw kafkaError("DescribeLogDirs", body.errorCode, connection.address);
    return body;
  }

  /** Reads up to `maxBytes` of record batches of one partition from `offset`, without a group. */
  async fetch(leader: number, topic: string, partition: number, offset: bigint, maxBytes: number) {
    const connection = await this.connectionTo(leader);
    const { body } = await this.call(connection, "Fetch", () => ({
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes,
      isolationLevel: 0,
      topics: [{ topic, partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: maxBytes }] }],
      forgottenTopicsData: [],
    }));
    if (body.errorCode !== 0) throw kafkaError("Fetch", body.errorCode, connection.address);
    const answer = body.responses[0]?.partitions[0];
    if (!answer) throw new AdminError("protocol_error", `Fetch answered nothing for ${topic}-${partition}`);
    if (answer.errorCode !== 0) throw kafkaError("Fetch", answer.errorCode, connection.address);
    return answer;
  }

  /** The groups one broker coordinates. */
  async listGroups(brokerId: number) {
    const connection = await this.connectionTo(brokerId);
    const { body } = await this.call(connection, "ListGroups", () => ({}));
    if (body.errorCode !== 0) throw kafkaError("ListGroups", body.errorCode, connection.address);
    return body.groups;
  }

  async describeGroups(coordinator: number, groupIds: string[]) {
    const connection = await this.connectionTo(coordinator);
    const { body } = await this.call(connection, "DescribeGroups", () => ({ groups: groupIds }));
    return body.groups;
  }

  async findCoordinator(groupId: string): Promise<number> {
    const { body, connection } = await this.callAnyBroker("FindCoordinator", () => ({ key: groupId, keyType: 0 }));
    if (body.errorCode !== 0) throw kafkaError("FindCoordinator", body.errorCode, connection.address);
    return body.nodeId;
  }

  /**
   * Committed offsets of one group: of every topic (`topics` undefined, sent as null), or of the
   * listed partitions.
   */
  async offsetFetch(coordinator: number, groupId: string, topics?: { name: string; partitionIndexes: number[] }[]) {
    const connection = await this.connectionTo(coordinator);
    const { version, body } = await this.call(connection, "OffsetFetch", () => ({ groupId, topics: topics ?? null }));
    if (version >= 2 && body.errorCode !== 0) throw kafkaError("OffsetFetch", body.errorCode, connection.address);
    return body.topics;
  }

  async describeProducers(leader: number, topic: string, partitions: number[]) {
    const connection = await this.connectionTo(leader);
    const { body } = await this.call(connection, "DescribeProducers", () => ({
      topics: [{ name: topic, partitionIndexes: partitions }],
    }));
    return body.topics[0]?.partitions ?? [];
  }

  /** Preferred (0) or unclean (1) leader election; sent to the controller as Kafka requires. */
  async electLeaders(controller: number, electionType: 0 | 1, partitions: { topic: string; partitions: number[] }[]) {
    const connection = await this.connectionTo(controller);
    const { body } = await this.call(connection, "ElectLeaders", () => ({
      electionType,
      topicPartitions: partitions,
      timeoutMs: 30_000,
    }));
    if (body.errorCode !== 0) throw kafkaError("ElectLeaders", body.errorCode, connection.address);
    return body.replicaElectionResults;
  }

  async incrementalAlterConfigs(
    brokerId: number,
    resource: { resourceType: number; resourceName: string },
    configs: { name: string; configOperation: number; value: string | null }[],
    validateOnly = false,
  ) {
    const connection = await this.connectionTo(brokerId);
    const { body } = await this.call(connection, "IncrementalAlterConfigs", () => ({
      resources: [{ ...resource, configs }],
      validateOnly,
    }));
    const result = body.responses[0];
    if (result && result.errorCode !== 0) {
      throw new AdminError("kafka_error", result.errorMessage ?? errorInfo(result.errorCode).message);
    }
  }

  async offsetDelete(coordinator: number, groupId: string, topic: string, partitions: number[]) {
    const connection = await this.connectionTo(coordinator);
    const { body } = await this.call(connection, "OffsetDelete", () => ({
      groupId,
      topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex })) }],
    }));
    if (body.errorCode !== 0) throw kafkaError("OffsetDelete", body.errorCode, connection.address);
    return body.topics;
  }

  /** Closes connections unused for `idleMs`; returns how many are still open. */
  async closeIdle(idleMs: number, nowMs = Date.now()): Promise<number> {
    let open = 0;
    for (const [key, pending] of this.connections) {
      const connection = await pending.catch(() => undefined);
      if (!connection?.isOpen || nowMs - connection.lastUsedMs >= idleMs) {
        connection?.close();
        this.connections.delete(key);
      } else {
        open++;
      }
    }
    return open;
  }

  async close(): Promise<void> {
    await this.closeIdle(0);
  }
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function asAdminError(error: unknown): AdminError {
  if (error instanceof AdminError) return error;
  return new AdminError("protocol_error", error instanceof Error ? error.message : String(error));
}

export { UnsupportedByClusterError };
