import type { ClusterSnapshot } from "../types";
import { percent } from "./partition-health";

/**
 * The broker table: what each broker hosts and leads, and how far it is from an even share.
 * Skew (kafbat's definition) = (count − average) / average × 100: +50 means half again as many as
 * an even spread would give it.
 */
export interface BrokerRow {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  isController: boolean;
  /** Replicas hosted (leader or follower). */
  partitions: number;
  partitionsPct: number | null;
  partitionSkewPct: number | null;
  leaders: number;
  leadersPct: number | null;
  leaderSkewPct: number | null;
  /** Replicas on this broker that are out of the ISR. */
  outOfSyncReplicas: number;
  /** Bytes on disk (DescribeLogDirs), null when unavailable. */
  diskBytes: number | null;
}

export interface BrokerList {
  brokers: BrokerRow[];
  controllerId: number | null;
  totalPartitions: number;
  diskUnavailableReason: string | null;
}

function skew(count: number, average: number): number | null {
  return average === 0 ? null : Math.round(((count - average) / average) * 1000) / 10;
}

export function brokerList(s: ClusterSnapshot): BrokerList {
  const replicas = new Map<number, number>();
  const leaders = new Map<number, number>();
  const outOfSync = new Map<number, number>();
  let totalPartitions = 0;
  let totalReplicas = 0;
  for (const t of s.topics) {
    for (const p of t.partitions) {
      totalPartitions++;
      if (p.leader >= 0) leaders.set(p.leader, (leaders.get(p.leader) ?? 0) + 1);
      for (const r of p.replicas) {
        totalReplicas++;
        replicas.set(r, (replicas.get(r) ?? 0) + 1);
        if (!p.isr.includes(r)) outOfSync.set(r, (outOfSync.get(r) ?? 0) + 1);
      }
    }
  }
  const n = s.brokers.length;
  const disk =
    s.logDirs.status === "ok" ? new Map(s.logDirs.value.map((u) => [u.brokerId, u.totalReplicaBytes])) : undefined;
  const brokers = s.brokers.map((b): BrokerRow => {
    const hosted = replicas.get(b.id) ?? 0;
    const led = leaders.get(b.id) ?? 0;
    return {
      ...b,
      isController: b.id === s.controllerId,
      partitions: hosted,
      partitionsPct: percent(hosted, totalReplicas),
      partitionSkewPct: n === 0 ? null : skew(hosted, totalReplicas / n),
      leaders: led,
      leadersPct: percent(led, totalPartitions),
      leaderSkewPct: n === 0 ? null : skew(led, totalPartitions / n),
      outOfSyncReplicas: outOfSync.get(b.id) ?? 0,
      diskBytes: disk?.get(b.id) ?? null,
    };
  });
  return {
    brokers,
    controllerId: s.controllerId,
    totalPartitions,
    diskUnavailableReason: s.logDirs.status === "ok" ? null : s.logDirs.message,
  };
}
