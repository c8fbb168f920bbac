import type { ClusterSnapshot, PartitionState } from "../types";
import type { CommittedOffset, CommittedOffsetsIndex } from "./committed-offsets-index";
import type { Described } from "./group-listing";
import type { GroupMember, GroupPartitionOffsets, GroupSummary, TopicConsumer } from "./group-types";
import { partitionLag } from "./lag";

/**
 * The per-partition rows of a group (committed offset, log offsets, lag) and the summaries built
 * from them: pure functions over the snapshot and the committed-offsets index.
 */

/**
 * Every partition the group commits to or is assigned, with lag against the snapshot: of every
 * topic it reads, each partition of the topic (so one it never committed on shows as such), each
 * it committed and each assigned. Sorted by topic, then partition. Runs for every group on each
 * refresh, so it works per topic with numeric partition sets rather than "topic/partition" keys.
 */
export function partitionRows(
  snapshot: ClusterSnapshot,
  index: CommittedOffsetsIndex,
  groupId: string,
  members: GroupMember[],
): GroupPartitionOffsets[] {
  const owners = new Map<string, Map<number, string>>();
  for (const m of members) {
    for (const a of m.assignment) {
      let perTopic = owners.get(a.topic);
      if (!perTopic) owners.set(a.topic, (perTopic = new Map()));
      for (const p of a.partitions) perTopic.set(p, m.memberId);
    }
  }
  const committed = index.offsetsOf(groupId);
  const topics = new Set<string>(owners.keys());
  for (const topic of committed?.keys() ?? []) topics.add(topic);
  const rows: GroupPartitionOffsets[] = [];
  for (const topic of [...topics].sort()) {
    const state = snapshot.topicsByName.get(topic);
    const topicOwners = owners.get(topic);
    const topicCommitted = committed?.get(topic);
    const partitions = new Set<number>();
    for (const p of state?.partitions ?? []) partitions.add(p.partition);
    for (const p of topicCommitted?.keys() ?? []) partitions.add(p);
    for (const p of topicOwners?.keys() ?? []) partitions.add(p);
    for (const partition of [...partitions].sort((a, b) => a - b)) {
      rows.push(partitionRow(snapshot, topic, partition, topicCommitted?.get(partition), topicOwners?.get(partition)));
    }
  }
  return rows;
}

function partitionRow(
  snapshot: ClusterSnapshot,
  topic: string,
  partition: number,
  c: CommittedOffset | undefined,
  memberId: string | undefined,
): GroupPartitionOffsets {
  const state = partitionOf(snapshot, topic, partition);
  const lag = partitionLag(c?.offset ?? null, state?.logStartOffset ?? null, state?.logEndOffset ?? null);
  return {
    topic,
    partition,
    committedOffset: c?.offset ?? null,
    commitMetadata: c?.metadata ?? null,
    logStartOffset: state?.logStartOffset ?? null,
    logEndOffset: state?.logEndOffset ?? null,
    lag: lag.lag,
    flag: lag.flag,
    timeLagMs: lag.lag === 0 || (lag.lag !== null && lag.lag < 0) ? 0 : null,
    memberId: memberId ?? null,
  };
}

/** Groups with committed offsets on `topic`, from the index (no request to the cluster). */
export function topicConsumers(
  snapshot: ClusterSnapshot,
  index: CommittedOffsetsIndex,
  topic: string,
  summaries: Map<string, GroupSummary> | undefined,
): TopicConsumer[] {
  const partitions = new Map((snapshot.topicsByName.get(topic)?.partitions ?? []).map((p) => [p.partition, p]));
  return index.groupsOf(topic).map((groupId) => {
    const committed = index.offsetsOf(groupId)?.get(topic) ?? new Map<number, CommittedOffset>();
    const flags = { noCommit: 0, belowLogStart: 0, negative: 0 };
    let lag: number | null = null;
    for (const [partition, c] of committed) {
      const p = partitions.get(partition);
      const l = partitionLag(c.offset, p?.logStartOffset ?? null, p?.logEndOffset ?? null);
      if (l.lag !== null) lag = (lag ?? 0) + l.lag;
      if (l.flag === "below_log_start") flags.belowLogStart++;
      if (l.flag === "negative") flags.negative++;
    }
    flags.noCommit = Math.max(0, partitions.size - committed.size);
    const summary = summaries?.get(groupId);
    return {
      groupId,
      state: summary?.state ?? "Unknown",
      members: summary?.members ?? 0,
      partitions: committed.size,
      lag,
      flags,
    };
  });
}

export function partitionOf(snapshot: ClusterSnapshot, topic: string, partition: number): PartitionState | undefined {
  const partitions = snapshot.topicsByName.get(topic)?.partitions;
  const dense = partitions?.[partition];
  return dense?.partition === partition ? dense : partitions?.find((p) => p.partition === partition);
}

export function summarize(
  groupId: string,
  coordinator: number | null,
  info: Described | undefined,
  protocolType: string,
  rows: GroupPartitionOffsets[],
): GroupSummary {
  const flags = { noCommit: 0, belowLogStart: 0, negative: 0 };
  let totalLag: number | null = null;
  let maxTimeLagMs: number | null = null;
  let timeLagPending = 0;
  for (const r of rows) {
    if (r.flag === "no_commit") flags.noCommit++;
    if (r.flag === "below_log_start") flags.belowLogStart++;
    if (r.flag === "negative") flags.negative++;
    if (r.lag !== null) totalLag = (totalLag ?? 0) + r.lag;
    if (r.timeLagMs !== null) maxTimeLagMs = Math.max(maxTimeLagMs ?? 0, r.timeLagMs);
    else if (r.lag !== null && r.lag > 0) timeLagPending++;
  }
  return {
    groupId,
    state: info?.state ?? "Unknown",
    protocolType: info?.protocolType || protocolType,
    protocol: info?.protocol ?? "",
    members: info?.members.length ?? 0,
    coordinator,
    topics: [...new Set(rows.map((r) => r.topic))].sort(),
    partitions: rows.length,
    totalLag,
    maxTimeLagMs,
    timeLagPending,
    flags,
  };
}
