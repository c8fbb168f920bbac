import { AdminError, NotFoundError, UnsupportedByClusterError } from "../errors";
import { describeGroups } from "../groups/group-listing";
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type ProtocolClient } from "../wire/protocol-client";
import type { CommittedOffsetEntry } from "./groups-types";
import { tpKey } from "./groups-wire";

/**
 * Fresh reads for the group actions, never the console's cached snapshot: a plan is only as good
 * as the offsets it starts from. The group (DescribeGroups + OffsetFetch at its coordinator), and
 * the partitions' leaders (Metadata) and log bounds (ListOffsets at each leader).
 */
export interface GroupState {
  groupId: string;
  /** Empty, Stable, PreparingRebalance, CompletingRebalance, Dead; "Unknown" when the cluster cannot describe groups. */
  state: string;
  members: number;
  clientIds: string[];
  /** Committed offsets, sorted by topic then partition. */
  committed: CommittedOffsetEntry[];
}

export interface PartitionRef {
  topic: string;
  partition: number;
  leader: number;
}

export interface LogBounds {
  logStartOffset: number;
  logEndOffset: number;
}

/** The group as its coordinator sees it now; NotFoundError when it has neither members nor offsets. */
export async function readGroupState(wire: ProtocolClient, groupId: string): Promise<GroupState> {
  const coordinator = await wire.findCoordinator(groupId);
  let state = "Unknown";
  let members: { clientId: string }[] = [];
  try {
    const described = (await describeGroups(wire, coordinator, [groupId])).get(groupId);
    state = described?.state ?? "Dead";
    members = described?.members ?? [];
  } catch (error) {
    // A cluster without DescribeGroups: the coordinator still refuses commits to an active group.
    if (!(error instanceof UnsupportedByClusterError)) throw error;
  }
  const committed: CommittedOffsetEntry[] = [];
  for (const t of await fetchAllOffsets(wire, coordinator, groupId)) {
    for (const p of t.partitions) {
      if (p.errorCode === 0 && p.committedOffset >= 0n) {
        committed.push({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset) });
      }
    }
  }
  committed.sort(byTopicPartition);
  if ((state === "Dead" || state === "Unknown") && members.length === 0 && committed.length === 0) {
    throw new NotFoundError("group", groupId);
  }
  return { groupId, state, members: members.length, clientIds: members.map((m) => m.clientId), committed };
}

/** OffsetFetch of every topic; a broker that cannot answer "all topics" (librdkafka's mock) is asked for each partition. */
async function fetchAllOffsets(wire: ProtocolClient, coordinator: number, groupId: string) {
  try {
    return await wire.offsetFetch(coordinator, groupId);
  } catch (error) {
    if (!(error instanceof AdminError) || error.code !== "protocol_error") throw error;
    const metadata = await wire.metadata();
    const topics = metadata.topics
      .filter((t) => t.errorCode === 0 && t.name !== null && !t.isInternal)
      .map((t) => ({ name: t.name!, partitionIndexes: t.partitions.map((p) => p.partitionIndex) }));
    return wire.offsetFetch(coordinator, groupId, topics);
  }
}

/**
 * The partitions of `topics` with their leaders, from a fresh Metadata request. A topic the
 * cluster does not have is absent from the map.
 */
export async function readPartitions(wire: ProtocolClient, topics: string[]): Promise<Map<string, PartitionRef[]>> {
  const out = new Map<string, PartitionRef[]>();
  if (topics.length === 0) return out;
  const metadata = await wire.metadata(topics);
  for (const t of metadata.topics) {
    if (t.errorCode !== 0 || t.name === null) continue;
    const name = t.name;
    const partitions = t.partitions
      .map((p) => ({ topic: name, partition: p.partitionIndex, leader: p.leaderId }))
      .sort((a, b) => a.partition - b.partition);
    out.set(name, partitions);
  }
  return out;
}

/** Log start and end offsets (high watermark) of each partition; throws naming the first that fails. */
export async function readLogBounds(wire: ProtocolClient, partitions: PartitionRef[]): Promise<Map<string, LogBounds>> {
  const [starts, ends] = await Promise.all([
    wire.listOffsets(partitions, EARLIEST_TIMESTAMP),
    wire.listOffsets(partitions, LATEST_TIMESTAMP),
  ]);
  const bounds = new Map<string, LogBounds>();
  for (const p of partitions) {
    const key = tpKey(p.topic, p.partition);
    bounds.set(key, { logStartOffset: offsetOf(starts, p), logEndOffset: offsetOf(ends, p) });
  }
  return bounds;
}

/**
 * The offset of the first record at or after `timestampMs` in each partition (ListOffsets by
 * time), null when no record is that recent.
 */
export async function readOffsetsForTime(
  wire: ProtocolClient,
  partitions: PartitionRef[],
  timestampMs: number,
): Promise<Map<string, number | null>> {
  const answers = await wire.listOffsets(partitions, BigInt(timestampMs));
  const out = new Map<string, number | null>();
  for (const p of partitions) {
    const offset = offsetOf(answers, p);
    out.set(tpKey(p.topic, p.partition), offset < 0 ? null : offset);
  }
  return out;
}

function offsetOf(answers: Map<string, bigint | AdminError>, p: PartitionRef): number {
  const answer = answers.get(tpKey(p.topic, p.partition));
  if (answer === undefined) {
    throw new AdminError("protocol_error", `ListOffsets answered nothing for ${p.topic}-${p.partition}`);
  }
  if (answer instanceof AdminError) {
    if (p.leader < 0) {
      throw new AdminError(
        "kafka_error",
        `Cannot read the offsets of ${p.topic}-${p.partition}: it has no leader (offline).`,
      );
    }
    throw new AdminError(answer.code, `Cannot read the offsets of ${p.topic}-${p.partition}: ${answer.message}`);
  }
  return Number(answer);
}

export function byTopicPartition(a: { topic: string; partition: number }, b: { topic: string; partition: number }) {
  return a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1;
}
