import type { ClusterSnapshot, PartitionState, TopicState } from "../types";
import {
  hasPreferredLeader,
  isOffline,
  isUnderReplicated,
  messageCount,
  percent,
  replicationFactor,
  sumOrNull,
} from "./partition-health";

/**
 * The topic list (filtered, sorted and paginated on the server from the snapshot) and the topic
 * detail with CMAK's summary figures.
 */
export const TOPIC_SORT_KEYS = [
  "name",
  "partitions",
  "replicationFactor",
  "preferredPct",
  "underReplicated",
  "sizeBytes",
  "messages",
  "consumerGroups",
] as const;
export type TopicSortKey = (typeof TOPIC_SORT_KEYS)[number];
export const TOPICS_PAGE_SIZE_DEFAULT = 50;
export const TOPICS_PAGE_SIZE_MAX = 500;

export interface TopicRow {
  name: string;
  internal: boolean;
  partitions: number;
  replicationFactor: number;
  preferredPct: number | null;
  underReplicated: number;
  offline: number;
  sizeBytes: number | null;
  messages: number | null;
  consumerGroups: number | null;
}

export interface TopicQuery {
  q?: string;
  sort?: TopicSortKey;
  order?: "asc" | "desc";
  page?: number;
  pageSize?: number;
  internal?: boolean;
}

export interface TopicPage {
  rows: TopicRow[];
  /** Topics matching the filter (all pages). */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export function topicRow(t: TopicState, consumerGroups: number | null): TopicRow {
  const preferred = t.partitions.filter(hasPreferredLeader).length;
  return {
    name: t.name,
    internal: t.isInternal,
    partitions: t.partitions.length,
    replicationFactor: replicationFactor(t),
    preferredPct: percent(preferred, t.partitions.length),
    underReplicated: t.partitions.filter(isUnderReplicated).length,
    offline: t.partitions.filter(isOffline).length,
    sizeBytes: sumOrNull(t.partitions.map((p) => p.sizeBytes)),
    messages: sumOrNull(t.partitions.map(messageCount)),
    consumerGroups,
  };
}

function byName(a: TopicRow, b: TopicRow): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Nulls ("unknown") sort last whatever the direction, so they never pass for the largest or smallest. */
function comparator(key: TopicSortKey, direction: 1 | -1): (a: TopicRow, b: TopicRow) => number {
  if (key === "name") return (a, b) => byName(a, b) * direction;
  return (a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return (x - y) * direction || byName(a, b);
  };
}

export function queryTopics(rows: readonly TopicRow[], query: TopicQuery): TopicPage {
  const needle = query.q?.trim().toLowerCase() ?? "";
  const sort = query.sort ?? "name";
  const direction: 1 | -1 = query.order === "desc" ? -1 : 1;
  const pageSize = Math.min(Math.max(1, query.pageSize ?? TOPICS_PAGE_SIZE_DEFAULT), TOPICS_PAGE_SIZE_MAX);
  const matching = rows.filter(
    (r) => (query.internal || !r.internal) && (needle === "" || r.name.toLowerCase().includes(needle)),
  );
  // Rows arrive sorted by name (the snapshot's order), so the default order needs no sort.
  if (sort !== "name" || direction !== 1) matching.sort(comparator(sort, direction));
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(Math.max(1, query.page ?? 1), pages);
  return {
    rows: matching.slice((page - 1) * pageSize, page * pageSize),
    total: matching.length,
    page,
    pageSize,
    pages,
  };
}

export interface PartitionRow extends PartitionState {
  preferredLeader: boolean;
  underReplicated: boolean;
  messages: number | null;
}

export interface TopicDetail {
  row: TopicRow;
  topicId: string | null;
  /** CMAK's summary: how evenly the topic sits on the cluster's brokers. */
  summary: {
    brokersSpreadPct: number | null;
    brokersSkewPct: number | null;
    brokersLeaderSkewPct: number | null;
    brokers: { id: number; replicas: number; leaders: number; skewed: boolean; leaderSkewed: boolean }[];
  };
  partitions: PartitionRow[];
}

/**
 * Brokers spread = brokers holding a replica / brokers in the cluster. Brokers skew = share of the
 * topic's brokers that hold more replicas than an even spread would give them (leader skew: same
 * for leaders). Both as CMAK defines them.
 */
export function topicDetail(s: ClusterSnapshot, t: TopicState, consumerGroups: number | null): TopicDetail {
  const replicas = new Map<number, number>();
  const leaders = new Map<number, number>();
  let replicaCount = 0;
  for (const p of t.partitions) {
    if (p.leader >= 0) leaders.set(p.leader, (leaders.get(p.leader) ?? 0) + 1);
    for (const r of p.replicas) {
      replicas.set(r, (replicas.get(r) ?? 0) + 1);
      replicaCount++;
    }
  }
  const used = [...replicas.keys()].sort((a, b) => a - b);
  const avgReplicas = used.length === 0 ? 0 : replicaCount / used.length;
  const avgLeaders = used.length === 0 ? 0 : t.partitions.length / used.length;
  const brokers = used.map((id) => ({
    id,
    replicas: replicas.get(id) ?? 0,
    leaders: leaders.get(id) ?? 0,
    skewed: (replicas.get(id) ?? 0) > Math.ceil(avgReplicas),
    leaderSkewed: (leaders.get(id) ?? 0) > Math.ceil(avgLeaders),
  }));
  return {
    row: topicRow(t, consumerGroups),
    topicId: t.topicId,
    summary: {
      brokersSpreadPct: percent(used.length, s.brokers.length),
      brokersSkewPct: percent(brokers.filter((b) => b.skewed).length, used.length),
      brokersLeaderSkewPct: percent(brokers.filter((b) => b.leaderSkewed).length, used.length),
      brokers,
    },
    partitions: t.partitions.map((p) => ({
      ...p,
      preferredLeader: hasPreferredLeader(p),
      underReplicated: isUnderReplicated(p),
      messages: messageCount(p),
    })),
  };
}
