import type { CommittedOffsetsIndex } from "../groups/committed-offsets-index";
import type { GroupsState } from "../groups/groups-tracker";
import { partitionOf } from "../groups/group-rows";
import { partitionLag } from "../groups/lag";
import type { ClusterSnapshot } from "../types";

/**
 * One sample of a cluster for the lag-history sampler: every partition's log end offset, every
 * group's committed offsets and lag, and leaders per broker, all from ONE metadata snapshot (so lag
 * = logEnd − committed is consistent within the sample). It is built from what the ClusterClient
 * already reads for its pages — one Metadata, ListOffsets batched per leader, ListGroups, batched
 * DescribeGroups, committed offsets from __consumer_offsets (or OffsetFetch with bounded
 * concurrency) — never a second fan-out path.
 */
export interface SampledPartition {
  topic: string;
  partition: number;
  /** null when the leader did not answer ListOffsets. */
  logEndOffset: number | null;
}

export interface SampledGroupOffset {
  topic: string;
  partition: number;
  committedOffset: number;
  /** Clamped as lib/admin/groups/lag.ts explains; null when the log end is unknown. */
  lag: number | null;
}

export interface SampledGroup {
  groupId: string;
  /** Largest time lag over the group's partitions (ms) from the groups refresh; null when unknown. */
  maxTimeLagMs: number | null;
  offsets: SampledGroupOffset[];
}

export interface OffsetsSample {
  /** When the log end offsets were read (ms). */
  atMs: number;
  partitions: SampledPartition[];
  groups: SampledGroup[];
  /** Partition leaders per live broker (brokers leading nothing count 0). */
  brokerLeaders: { brokerId: number; leaders: number }[];
}

export function buildOffsetsSample(
  snapshot: ClusterSnapshot,
  groups: GroupsState,
  index: CommittedOffsetsIndex,
): OffsetsSample {
  const partitions: SampledPartition[] = [];
  const leaders = new Map<number, number>(snapshot.brokers.map((b) => [b.id, 0]));
  for (const topic of snapshot.topics) {
    for (const p of topic.partitions) {
      partitions.push({ topic: topic.name, partition: p.partition, logEndOffset: p.logEndOffset });
      if (p.leader >= 0) leaders.set(p.leader, (leaders.get(p.leader) ?? 0) + 1);
    }
  }
  const groupIds = new Set([...groups.byId.keys(), ...index.groups()]);
  const sampled: SampledGroup[] = [];
  for (const groupId of [...groupIds].sort()) {
    const offsets: SampledGroupOffset[] = [];
    for (const [topic, committed] of index.offsetsOf(groupId) ?? []) {
      for (const [partition, c] of committed) {
        const state = partitionOf(snapshot, topic, partition);
        const lag = partitionLag(c.offset, state?.logStartOffset ?? null, state?.logEndOffset ?? null);
        if (lag.flag === "no_commit") continue;
        offsets.push({ topic, partition, committedOffset: c.offset, lag: lag.lag });
      }
    }
    if (offsets.length === 0) continue;
    sampled.push({ groupId, maxTimeLagMs: groups.byId.get(groupId)?.maxTimeLagMs ?? null, offsets });
  }
  const brokerLeaders = [...leaders].map(([brokerId, n]) => ({ brokerId, leaders: n }));
  return { atMs: snapshot.fetchedAtMs, partitions, groups: sampled, brokerLeaders };
}
