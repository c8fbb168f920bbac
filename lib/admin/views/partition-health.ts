import type { PartitionState, TopicState } from "../types";

/**
 * Per-partition health as Kafka operators read it:
 * - offline: no leader (leader −1), nobody can produce or consume;
 * - under-replicated: fewer in-sync replicas than replicas;
 * - preferred leader: the leader is the first replica in the assignment, where Kafka's preferred
 *   leader election puts it; a cluster whose leaders drift away from it carries uneven load.
 */
export function isOffline(p: PartitionState): boolean {
  return p.leader < 0;
}

export function isUnderReplicated(p: PartitionState): boolean {
  return p.isr.length < p.replicas.length;
}

export function hasPreferredLeader(p: PartitionState): boolean {
  return p.leader >= 0 && p.replicas[0] === p.leader;
}

/** Replication factor of a topic: its most common replica count (they differ only mid-reassignment). */
export function replicationFactor(topic: TopicState): number {
  let max = 0;
  for (const p of topic.partitions) max = Math.max(max, p.replicas.length);
  return max;
}

export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Records between log start and log end (an upper bound for compacted topics). */
export function messageCount(p: PartitionState): number | null {
  return p.logStartOffset === null || p.logEndOffset === null ? null : Math.max(0, p.logEndOffset - p.logStartOffset);
}

export function sumOrNull(values: (number | null)[]): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null) total = (total ?? 0) + v;
  return total;
}

/** "orders-0, orders-3, … and 12 more": names the first few, counts the rest. */
export function partitionList(names: string[], shown = 8): string {
  const head = names.slice(0, shown).join(", ");
  return names.length > shown ? `${head} and ${names.length - shown} more` : head;
}
