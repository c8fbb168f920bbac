import { ZERO_UUID } from "../protocol";
import { ok, featureFailure, type Feature } from "./errors";
import type { BrokerNode, ClusterSnapshot, LogDirUsage, PartitionState, TopicState } from "./types";
import { kafkaError } from "./wire/broker-connection";
import {
  asAdminError,
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  type MetadataBody,
  type ProtocolClient,
} from "./wire/protocol-client";

/**
 * Reads a whole-cluster snapshot: one Metadata request for every topic, ListOffsets (earliest and
 * latest) batched per leader, and DescribeLogDirs per broker for sizes. The cost is a handful of
 * requests per broker regardless of the number of topics, which is what lets the console serve
 * 10,000 topics from memory.
 *
 * Memory: at 50,000 partitions every intermediate structure is multiplied by the partition count
 * and the snapshot is re-read every few seconds, so answers are written straight into the
 * PartitionState objects (no per-partition keys, maps or result objects in between), the arrays
 * decoded from Metadata are kept rather than copied, and each response is dropped as soon as it is
 * applied.
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
  const brokerIds = new Set(brokers.map((b) => b.id));
  const clusterId = metadata.clusterId ?? null;
  const controllerId = brokerIds.has(metadata.controllerId) ? metadata.controllerId : null;
  const topics = topicsOf(metadata);
  const topicsByName = new Map<string, TopicState>();
  for (const t of topics) topicsByName.set(t.name, t);
  const [offsetErrors, logDirs] = await Promise.all([
    fillOffsets(client, topics, topicsByName),
    fillSizes(client, brokers, topicsByName),
  ]);
  return {
    clusterId,
    controllerId,
    brokers,
    topics,
    topicsByName,
    logDirs,
    offsetErrors,
    fetchedAtMs: nowMs(),
    fetchMs: nowMs() - started,
  };
}

function topicsOf(metadata: MetadataBody): TopicState[] {
  const topics: TopicState[] = [];
  for (const t of metadata.topics) {
    if (t.name === null) continue;
    const partitions = t.partitions.map((p): PartitionState => ({
      partition: p.partitionIndex,
      leader: p.leaderId,
      leaderEpoch: p.leaderEpoch,
      // The decoded arrays belong to this answer alone: kept, not copied.
      replicas: p.replicaNodes,
      isr: p.isrNodes,
      offlineReplicas: p.offlineReplicas,
      errorCode: p.errorCode,
      logStartOffset: null,
      logEndOffset: null,
      sizeBytes: null,
    }));
    topics.push({
      name: t.name,
      isInternal: t.isInternal || t.name.startsWith("__"),
      topicId: t.topicId === ZERO_UUID ? null : t.topicId,
      errorCode: t.errorCode,
      partitions: partitions.sort((a, b) => a.partition - b.partition),
    });
  }
  return topics.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The partition of a snapshot topic: partitions are dense and sorted, so usually at its index. */
function partitionIn(topic: TopicState | undefined, partition: number): PartitionState | undefined {
  const dense = topic?.partitions[partition];
  return dense?.partition === partition ? dense : topic?.partitions.find((p) => p.partition === partition);
}

/**
 * Fills log start / end offsets in place: per leader, one ListOffsets for the earliest and one for
 * the latest offsets (both in flight at once). Returns the distinct problems met.
 */
async function fillOffsets(
  client: ProtocolClient,
  topics: TopicState[],
  byName: Map<string, TopicState>,
): Promise<string[]> {
  const byLeader = new Map<number, { name: string; partitions: { partitionIndex: number }[] }[]>();
  for (const t of topics) {
    for (const p of t.partitions) {
      if (p.leader === NO_LEADER) continue;
      let led = byLeader.get(p.leader);
      if (!led) byLeader.set(p.leader, (led = []));
      const last = led[led.length - 1];
      if (last?.name === t.name) last.partitions.push({ partitionIndex: p.partition });
      else led.push({ name: t.name, partitions: [{ partitionIndex: p.partition }] });
    }
  }
  const problems = new Set<string>();
  const reads: Promise<void>[] = [];
  for (const [leader, led] of byLeader) {
    for (const timestamp of [EARLIEST_TIMESTAMP, LATEST_TIMESTAMP]) {
      reads.push(
        readLeaderOffsets(client, leader, led, timestamp, byName).then(
          (errors) => errors.forEach((e) => problems.add(e)),
          (error: unknown) => {
            problems.add(asAdminError(error).message);
          },
        ),
      );
    }
  }
  await Promise.all(reads);
  return [...problems];
}

/** One ListOffsets to `leader`; sets logStartOffset (earliest) or logEndOffset (latest). */
async function readLeaderOffsets(
  client: ProtocolClient,
  leader: number,
  led: { name: string; partitions: { partitionIndex: number }[] }[],
  timestamp: bigint,
  byName: Map<string, TopicState>,
): Promise<string[]> {
  const connection = await client.connectionTo(leader);
  const { version, body } = await client.call(connection, "ListOffsets", () => ({
    replicaId: -1,
    isolationLevel: 0,
    topics: led.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ ...p, timestamp })) })),
  }));
  const errors: string[] = [];
  for (const topic of body.topics) {
    const state = byName.get(topic.name);
    for (const answer of topic.partitions) {
      const p = partitionIn(state, answer.partitionIndex);
      if (!p) continue;
      if (answer.errorCode !== 0) {
        errors.push(kafkaError("ListOffsets", answer.errorCode).message);
        continue;
      }
      const offset = Number(version === 0 ? (answer.oldStyleOffsets[0] ?? -1n) : answer.offset);
      if (timestamp === EARLIEST_TIMESTAMP) p.logStartOffset = offset;
      else p.logEndOffset = offset;
    }
  }
  return errors;
}

/**
 * DescribeLogDirs on every broker: per-broker disk usage, and each partition's size, which is the
 * size of its leader's replica (what a consumer reads), or the largest replica when the leader
 * did not report it. Sizes are written in place as each broker answers.
 */
async function fillSizes(
  client: ProtocolClient,
  brokers: BrokerNode[],
  byName: Map<string, TopicState>,
): Promise<Feature<LogDirUsage[]>> {
  const sizedByLeader = new Set<PartitionState>();
  const answers = await Promise.allSettled(
    brokers.map(async ({ id: brokerId }): Promise<LogDirUsage> => {
      const body = await client.describeLogDirs(brokerId);
      let totalReplicaBytes = 0;
      const logDirs = body.results.map((dir) => {
        let bytes = 0;
        for (const topic of dir.topics) {
          const state = byName.get(topic.name);
          for (const replica of topic.partitions) {
            if (replica.isFutureKey) continue;
            const size = Number(replica.partitionSize);
            bytes += size;
            const p = partitionIn(state, replica.partitionIndex);
            if (!p || sizedByLeader.has(p)) continue;
            if (p.leader === brokerId) {
              p.sizeBytes = size;
              sizedByLeader.add(p);
            } else {
              p.sizeBytes = Math.max(p.sizeBytes ?? 0, size);
            }
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
  const failed = answers.find((a) => a.status === "rejected");
  if (failed) {
    // Sizes are all or nothing: a partial set would pass for the cluster's usage.
    for (const t of byName.values()) for (const p of t.partitions) p.sizeBytes = null;
    return featureFailure(failed.reason);
  }
  return ok(answers.map((a) => (a as PromiseFulfilledResult<LogDirUsage>).value));
}
