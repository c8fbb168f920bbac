import { ZERO_UUID } from "../protocol";
import { ok, featureFailure, type Feature } from "./errors";
import type { BrokerNode, ClusterSnapshot, LogDirUsage, PartitionState, TopicState } from "./types";
import {
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  type MetadataBody,
  partitionKey,
  type ProtocolClient,
} from "./wire/protocol-client";

/**
 * Reads a whole-cluster snapshot: one Metadata request for every topic, ListOffsets (earliest and
 * latest) batched per leader, and DescribeLogDirs per broker for sizes. The cost is a handful of
 * requests per broker regardless of the number of topics, which is what lets the console serve
 * 10,000 topics from memory.
 */
export const NO_LEADER = -1;

export async function readClusterSnapshot(
  client: ProtocolClient,
  nowMs: () => number = Date.now,
): Promise<ClusterSnapshot> {
  const started = nowMs();
  const metadata = await client.metadata();
  const brokers: BrokerNode[] = metadata.brokers
    .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null }))
    .sort((a, b) => a.id - b.id);
  const topics = topicsOf(metadata);
  const [offsetErrors, logDirs] = await Promise.all([
    fillOffsets(client, topics),
    readLogDirs(
      client,
      brokers.map((b) => b.id),
    ),
  ]);
  if (logDirs.status === "ok") fillSizes(topics, logDirs.value);
  const brokerIds = new Set(brokers.map((b) => b.id));
  return {
    clusterId: metadata.clusterId ?? null,
    controllerId: brokerIds.has(metadata.controllerId) ? metadata.controllerId : null,
    brokers,
    topics,
    topicsByName: new Map(topics.map((t) => [t.name, t])),
    logDirs: logDirs.status === "ok" ? ok(logDirs.value.usage) : logDirs,
    offsetErrors,
    fetchedAtMs: nowMs(),
    fetchMs: nowMs() - started,
  };
}

function topicsOf(metadata: MetadataBody): TopicState[] {
  const topics: TopicState[] = [];
  for (const t of metadata.topics) {
    if (t.name === null) continue;
    topics.push({
      name: t.name,
      isInternal: t.isInternal || t.name.startsWith("__"),
      topicId: t.topicId === ZERO_UUID ? null : t.topicId,
      errorCode: t.errorCode,
      partitions: t.partitions
        .map((p): PartitionState => ({
          partition: p.partitionIndex,
          leader: p.leaderId,
          leaderEpoch: p.leaderEpoch,
          replicas: [...p.replicaNodes],
          isr: [...p.isrNodes],
          offlineReplicas: [...p.offlineReplicas],
          errorCode: p.errorCode,
          logStartOffset: null,
          logEndOffset: null,
          sizeBytes: null,
        }))
        .sort((a, b) => a.partition - b.partition),
    });
  }
  return topics.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Fills log start / end offsets in place; returns the distinct problems met. */
async function fillOffsets(client: ProtocolClient, topics: TopicState[]): Promise<string[]> {
  const requests = topics.flatMap((t) =>
    t.partitions
      .filter((p) => p.leader !== NO_LEADER)
      .map((p) => ({ topic: t.name, partition: p.partition, leader: p.leader })),
  );
  if (requests.length === 0) return [];
  const [earliest, latest] = await Promise.all([
    client.listOffsets(requests, EARLIEST_TIMESTAMP),
    client.listOffsets(requests, LATEST_TIMESTAMP),
  ]);
  const problems = new Set<string>();
  for (const t of topics) {
    for (const p of t.partitions) {
      const key = partitionKey(t.name, p.partition);
      const start = earliest.get(key);
      const end = latest.get(key);
      if (typeof start === "bigint") p.logStartOffset = Number(start);
      else if (start) problems.add(start.message);
      if (typeof end === "bigint") p.logEndOffset = Number(end);
      else if (end) problems.add(end.message);
    }
  }
  return [...problems];
}

interface LogDirsRead {
  usage: LogDirUsage[];
  /** topic\0partition → bytes on the leader (filled later) and per broker. */
  sizes: Map<string, Map<number, number>>;
}

async function readLogDirs(client: ProtocolClient, brokerIds: number[]): Promise<Feature<LogDirsRead>> {
  try {
    const sizes = new Map<string, Map<number, number>>();
    const usage = await Promise.all(
      brokerIds.map(async (brokerId): Promise<LogDirUsage> => {
        const body = await client.describeLogDirs(brokerId);
        let totalReplicaBytes = 0;
        const logDirs = body.results.map((dir) => {
          let bytes = 0;
          for (const topic of dir.topics) {
            for (const p of topic.partitions) {
              if (p.isFutureKey) continue;
              const size = Number(p.partitionSize);
              bytes += size;
              const key = partitionKey(topic.name, p.partitionIndex);
              let perBroker = sizes.get(key);
              if (!perBroker) sizes.set(key, (perBroker = new Map()));
              perBroker.set(brokerId, size);
            }
          }
          totalReplicaBytes += bytes;
          return {
            path: dir.logDir,
            errorCode: dir.errorCode,
            bytes,
            totalBytes: dir.totalBytes >= 0n ? Number(dir.totalBytes) : null,
            usableBytes: dir.usableBytes >= 0n ? Number(dir.usableBytes) : null,
          };
        });
        return { brokerId, logDirs, totalReplicaBytes };
      }),
    );
    return ok({ usage, sizes });
  } catch (error) {
    return featureFailure(error);
  }
}

/** A partition's size is the size of its leader's replica (what a consumer reads). */
function fillSizes(topics: TopicState[], read: LogDirsRead): void {
  for (const t of topics) {
    for (const p of t.partitions) {
      const perBroker = read.sizes.get(partitionKey(t.name, p.partition));
      if (!perBroker) continue;
      p.sizeBytes = perBroker.get(p.leader) ?? Math.max(...perBroker.values());
    }
  }
}
