/**
 * Helpers for the multi-broker integration tests (not a test file itself): a 3-broker embedded
 * cluster on ephemeral ports over a temp data dir, Metadata through Pier's own protocol client,
 * waiting for a condition with a deadline, and reading a replica's log straight from its broker.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ApiKey, type ResponseData } from "../../protocol/apis";
import { decodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { RawKafkaClient } from "../server/test-support";
import { startEmbeddedCluster, type EmbeddedCluster, type EmbeddedClusterOptions } from "./embedded-cluster";

export interface MultiBrokerCluster {
  cluster: EmbeddedCluster;
  dataDir: string;
  /** "host:port,..." of every broker. */
  bootstrap: string;
  brokers: string[];
  stop(): Promise<void>;
}

/** Broker configs that keep tests quick: small __consumer_offsets, fast group start. */
export const TEST_BROKER_CONFIG: Record<string, string> = {
  "offsets.topic.num.partitions": "3",
  "group.initial.rebalance.delay.ms": "50",
  "group.min.session.timeout.ms": "1000",
};

export async function startMultiBrokerCluster(
  options: Partial<EmbeddedClusterOptions> = {},
): Promise<MultiBrokerCluster> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "pier-multi-broker-"));
  const cluster = await startEmbeddedCluster({
    host: "127.0.0.1",
    kafkaPort: 0,
    brokers: 3,
    dataDir,
    ...options,
    brokerConfig: { ...TEST_BROKER_CONFIG, ...options.brokerConfig },
  });
  return {
    cluster,
    dataDir,
    bootstrap: cluster.bootstrapServers.join(","),
    brokers: cluster.bootstrapServers,
    async stop() {
      await cluster.stop();
      if (options.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `condition` (sync or async) every 20 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type MetadataResponse = ResponseData<typeof ApiKey.Metadata>;

/** Metadata v12 for `topics` (null = all) from the broker at `address` ("host:port"), on a fresh connection. */
export async function fetchMetadata(address: string, topics: string[] | null): Promise<MetadataResponse> {
  const [host, port] = address.split(":") as [string, string];
  const client = await RawKafkaClient.connect(host, Number(port));
  try {
    return await client.request(ApiKey.Metadata, 12, {
      topics: topics?.map((name) => ({ name, topicId: "AAAAAAAAAAAAAAAAAAAAAA" })) ?? null,
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
  } finally {
    client.close();
  }
}

/** One partition of a Metadata response. */
export function partitionOf(metadata: MetadataResponse, topic: string, partition: number) {
  const found = metadata.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partitionIndex === partition);
  if (found === undefined) throw new Error(`metadata has no ${topic}-${partition}`);
  return found;
}

/**
 * Every record value of `topic`-`partition` in broker `brokerId`'s own log, in offset order, read
 * from the partition log itself (not through Fetch), up to `endOffset` (default: the log end).
 */
export function replicaValues(cluster: EmbeddedCluster, brokerId: number, topic: string, partition: number): string[] {
  const local = cluster.brokers[brokerId]!.broker.replicas.get(topic, partition);
  if (local === undefined) throw new Error(`broker ${brokerId} hosts no replica of ${topic}-${partition}`);
  const values: string[] = [];
  let offset = local.log.logStartOffset;
  while (offset < local.log.logEndOffset) {
    const { records } = local.log.read(offset, 4 * 1024 * 1024, { minOneBatch: true });
    if (records.length === 0) break;
    for (const { pos } of iterateBatches(records)) {
      const batch = decodeRecordBatch(records, pos);
      for (const r of batch.records) values.push(r.value?.toString() ?? "");
      offset = batch.baseOffset + BigInt(batch.lastOffsetDelta) + 1n;
    }
  }
  return values;
}

/** The directory of `topic`-`partition` in broker `brokerId`'s log dir (whether or not it exists). */
export function replicaDir(cluster: MultiBrokerCluster, brokerId: number, topic: string, partition: number): string {
  return path.join(cluster.dataDir, `broker-${brokerId}`, `${topic}-${partition}`);
}
