import type { ClusterSnapshot } from "../types";
import {
  hasPreferredLeader,
  isOffline,
  isUnderReplicated,
  partitionList,
  percent,
  replicationFactor,
} from "./partition-health";

/**
 * The cluster overview: the figures Kafdrop, CMAK and kafbat show on their first page, plus each
 * problem explained in words — which partitions, why, and which action fixes it.
 */
export interface ClusterProblem {
  id:
    | "offline_partitions"
    | "under_replicated"
    | "offline_brokers"
    | "preferred_leaders"
    | "no_controller"
    | "log_dirs"
    | "offsets"
    | "single_replica";
  severity: "critical" | "warning" | "info";
  title: string;
  detail: string;
  action: string;
  partitions: string[];
}

export interface ClusterOverview {
  clusterId: string | null;
  controllerId: number | null;
  brokers: { online: number; offline: number; offlineIds: number[] };
  topics: { total: number; internal: number };
  partitions: {
    total: number;
    offline: number;
    underReplicated: number;
    preferredLeaderPct: number | null;
    nonPreferred: number;
  };
  /** Sum of every replica's bytes (DescribeLogDirs), null when the cluster does not tell. */
  totalSizeBytes: number | null;
  sizeUnavailableReason: string | null;
  messages: number;
  problems: ClusterProblem[];
}

const tp = (topic: string, partition: number) => `${topic}-${partition}`;

export function clusterOverview(s: ClusterSnapshot): ClusterOverview {
  const online = new Set(s.brokers.map((b) => b.id));
  const offlineIds = new Set<number>();
  const offline: string[] = [];
  const under: string[] = [];
  const nonPreferred: string[] = [];
  const singleReplica: string[] = [];
  const laggingReplicas = new Map<number, number>();
  let total = 0;
  let messages = 0;
  for (const t of s.topics) {
    if (!t.isInternal && t.partitions.length > 0 && replicationFactor(t) === 1 && s.brokers.length > 1)
      singleReplica.push(t.name);
    for (const p of t.partitions) {
      total++;
      if (p.logStartOffset !== null && p.logEndOffset !== null)
        messages += Math.max(0, p.logEndOffset - p.logStartOffset);
      for (const r of [...p.replicas, ...p.offlineReplicas]) if (!online.has(r)) offlineIds.add(r);
      if (isOffline(p)) offline.push(tp(t.name, p.partition));
      else if (!hasPreferredLeader(p)) nonPreferred.push(tp(t.name, p.partition));
      if (isUnderReplicated(p)) {
        under.push(tp(t.name, p.partition));
        for (const r of p.replicas) if (!p.isr.includes(r)) laggingReplicas.set(r, (laggingReplicas.get(r) ?? 0) + 1);
      }
    }
  }
  const problems: ClusterProblem[] = [];
  if (offline.length > 0) {
    problems.push({
      id: "offline_partitions",
      severity: "critical",
      title: `${offline.length} offline partition${offline.length === 1 ? "" : "s"}`,
      detail: `${partitionList(offline)} have no leader: none of their in-sync replicas is on a live broker, so producing to and consuming from them fails.`,
      action:
        "Bring the brokers holding their replicas back online. If those brokers are lost for good, an unclean leader election (ElectLeaders, type UNCLEAN) restores service at the cost of the records only they had.",
      partitions: offline,
    });
  }
  if (offlineIds.size > 0) {
    problems.push({
      id: "offline_brokers",
      severity: "critical",
      title: `${offlineIds.size} broker${offlineIds.size === 1 ? "" : "s"} offline`,
      detail: `Broker${offlineIds.size === 1 ? "" : "s"} ${[...offlineIds].sort((a, b) => a - b).join(", ")} hold${offlineIds.size === 1 ? "s" : ""} replicas but ${offlineIds.size === 1 ? "is" : "are"} not in the cluster's metadata.`,
      action:
        "Restart the broker process (check its logs for the reason it stopped), or reassign its replicas to the remaining brokers if it is decommissioned.",
      partitions: [],
    });
  }
  if (under.length > 0) {
    const behind = [...laggingReplicas].sort((a, b) => b[1] - a[1]).map(([id, n]) => `broker ${id} (${n})`);
    problems.push({
      id: "under_replicated",
      severity: "warning",
      title: `${under.length} under-replicated partition${under.length === 1 ? "" : "s"}`,
      detail: `${partitionList(under)} have replicas outside the in-sync set. Out-of-sync replicas by broker: ${behind.join(", ")}. A broker that is down, overloaded, or throttled falls out of the ISR; until it catches up, losing the leader can lose data.`,
      action:
        "Check that the listed brokers are up and have disk and network headroom; followers rejoin the ISR on their own once they catch up. If a broker is gone for good, reassign its replicas.",
      partitions: under,
    });
  }
  if (nonPreferred.length > 0) {
    problems.push({
      id: "preferred_leaders",
      severity: "info",
      title: `${nonPreferred.length} partition${nonPreferred.length === 1 ? " is" : "s are"} not led by the preferred replica`,
      detail: `${partitionList(nonPreferred)} are led by a broker other than the first replica of their assignment, usually after a broker restart. Leadership, and so load, is uneven across brokers.`,
      action:
        "Run a preferred leader election (ElectLeaders, type PREFERRED; kafka-leader-election.sh --election-type preferred).",
      partitions: nonPreferred,
    });
  }
  if (s.controllerId === null && s.brokers.length > 0) {
    problems.push({
      id: "no_controller",
      severity: "warning",
      title: "No active controller reported",
      detail:
        "Metadata does not name a live broker as controller. During a controller election this is brief; if it persists, topic and partition changes cannot be made.",
      action: "Check the controller quorum (KRaft) or ZooKeeper session of the brokers.",
      partitions: [],
    });
  }
  if (singleReplica.length > 0) {
    problems.push({
      id: "single_replica",
      severity: "info",
      title: `${singleReplica.length} topic${singleReplica.length === 1 ? " has" : "s have"} a single replica`,
      detail: `${partitionList(singleReplica)} keep one copy of each partition: losing its broker loses the data and the partition goes offline.`,
      action: "Raise the replication factor with a partition reassignment that adds replicas.",
      partitions: [],
    });
  }
  if (s.logDirs.status === "ok") {
    const failed = s.logDirs.value.flatMap((b) =>
      b.logDirs.filter((d) => d.errorCode !== 0).map((d) => `broker ${b.brokerId}: ${d.path}`),
    );
    if (failed.length > 0) {
      problems.push({
        id: "log_dirs",
        severity: "critical",
        title: `${failed.length} log director${failed.length === 1 ? "y" : "ies"} offline`,
        detail: `${failed.join(", ")} reported an error: the replicas stored there are offline.`,
        action: "Check the disk (full, failed, unmounted) and restart the broker once it is fixed.",
        partitions: [],
      });
    }
  }
  if (s.offsetErrors.length > 0) {
    problems.push({
      id: "offsets",
      severity: "warning",
      title: "Some offsets could not be read",
      detail: s.offsetErrors.slice(0, 3).join("; "),
      action: "Message counts and lag of the affected partitions are unknown until their leaders answer ListOffsets.",
      partitions: [],
    });
  }
  return {
    clusterId: s.clusterId,
    controllerId: s.controllerId,
    brokers: { online: s.brokers.length, offline: offlineIds.size, offlineIds: [...offlineIds].sort((a, b) => a - b) },
    topics: { total: s.topics.length, internal: s.topics.filter((t) => t.isInternal).length },
    partitions: {
      total,
      offline: offline.length,
      underReplicated: under.length,
      preferredLeaderPct: percent(total - offline.length - nonPreferred.length, total),
      nonPreferred: nonPreferred.length,
    },
    totalSizeBytes: s.logDirs.status === "ok" ? s.logDirs.value.reduce((sum, b) => sum + b.totalReplicaBytes, 0) : null,
    sizeUnavailableReason: s.logDirs.status === "ok" ? null : s.logDirs.message,
    messages,
    problems,
  };
}
