import { ErrorCode, errorInfo } from "../../protocol";
import { partitionKey, type MetadataBody, type ProtocolClient } from "../wire/protocol-client";
import { ClusterActionError } from "./reassignment-errors";

/**
 * Preferred leader election (ElectLeaders, election type 0, sent to the controller; kafkajs has no
 * such call). The preview lists the partitions whose leader is not their preferred replica (the
 * first of the assignment) and whether that replica is in the ISR, which is the condition for the
 * election to succeed. The election then asks for exactly those partitions, so what was shown is
 * what was asked.
 */
export interface ElectionScope {
  /** Every partition of this topic. */
  topic?: string;
  /** These partitions only. Neither topic nor partitions = every partition of the cluster. */
  partitions?: { topic: string; partition: number }[];
}

export interface ElectionCandidate {
  topic: string;
  partition: number;
  /** Current leader, -1 when offline. */
  leader: number;
  preferredLeader: number;
  preferredInIsr: boolean;
  /** The preferred replica's broker is live (not among Metadata's offline replicas). */
  preferredLive: boolean;
}

export interface ElectionPreview {
  /** Partitions in scope. */
  partitions: number;
  /** Those whose leader would change (leader ≠ preferred replica). */
  candidates: ElectionCandidate[];
}

export interface ElectionOutcome extends ElectionCandidate {
  /** "elected", "not_needed" (already preferred), or "failed" with the cluster's error in words. */
  result: "elected" | "not_needed" | "failed";
  error: string | null;
  /** Leader read back after the election. */
  leaderAfter: number;
}

export interface PreparedElection {
  controllerId: number;
  candidates: ElectionCandidate[];
}
const PREFERRED = 0;

export class LeaderElectionApi {
  constructor(
    private readonly wire: ProtocolClient,
    private readonly changed: () => Promise<void>,
  ) {}

  async preview(scope: ElectionScope): Promise<ElectionPreview> {
    const metadata = await this.wire.metadata(scopeTopics(scope));
    return electionPreview(metadata, scope);
  }

  /** Leaders and ISR of these partitions, read fresh from the cluster (what an action changed). */
  async leaders(partitions: { topic: string; partition: number }[]): Promise<PartitionLeader[]> {
    if (partitions.length === 0) return [];
    const metadata = await this.wire.metadata(uniq(partitions.map((p) => p.topic)));
    const found = new Map<string, PartitionLeader>();
    for (const t of metadata.topics) {
      for (const p of t.partitions) {
        const topic = t.name ?? "";
        found.set(partitionKey(topic, p.partitionIndex), {
          topic,
          partition: p.partitionIndex,
          leader: p.leaderId,
          isr: [...p.isrNodes],
        });
      }
    }
    return partitions.map((p) => found.get(partitionKey(p.topic, p.partition)) ?? { ...p, leader: -1, isr: [] });
  }

  /** The partitions an election of `scope` asks for (404 for unknown names), without electing. */
  async prepare(scope: ElectionScope): Promise<PreparedElection> {
    const metadata = await this.wire.metadata(scopeTopics(scope));
    return { controllerId: metadata.controllerId, candidates: electionPreview(metadata, scope).candidates };
  }

  async elect({ controllerId, candidates }: PreparedElection): Promise<ElectionOutcome[]> {
    if (candidates.length === 0) return [];
    const byTopic = new Map<string, number[]>();
    for (const c of candidates) byTopic.set(c.topic, [...(byTopic.get(c.topic) ?? []), c.partition]);
    const results = await this.wire.electLeaders(
      controllerId,
      PREFERRED,
      [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
    );
    const errors = new Map<string, { code: number; message: string | null }>();
    for (const t of results) {
      for (const p of t.partitionResult)
        errors.set(partitionKey(t.topic, p.partitionId), { code: p.errorCode, message: p.errorMessage });
    }
    const after = await this.wire.metadata(uniq(candidates.map((c) => c.topic)));
    const leaders = new Map<string, number>();
    for (const t of after.topics)
      for (const p of t.partitions) leaders.set(partitionKey(t.name ?? "", p.partitionIndex), p.leaderId);
    await this.changed();
    return candidates.map((c) => {
      const key = partitionKey(c.topic, c.partition);
      const answer = errors.get(key);
      const code = answer?.code ?? ErrorCode.UNKNOWN_SERVER_ERROR;
      const info = errorInfo(code);
      const result = code === 0 ? "elected" : code === ErrorCode.ELECTION_NOT_NEEDED ? "not_needed" : "failed";
      return {
        ...c,
        result,
        error:
          result === "failed"
            ? `${info.name}: ${answer?.message ?? (answer ? info.message : "the controller did not answer for this partition")}`
            : null,
        leaderAfter: leaders.get(key) ?? -1,
      };
    });
  }
}

export interface PartitionLeader {
  topic: string;
  partition: number;
  /** -1 when the partition has no leader. */
  leader: number;
  isr: number[];
}

function uniq<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** The topics Metadata must describe for `scope` (undefined = all). */
function scopeTopics(scope: ElectionScope): string[] | undefined {
  if (scope.partitions) return uniq(scope.partitions.map((p) => p.topic));
  if (scope.topic !== undefined) return [scope.topic];
  return undefined;
}

/** Pure: the partitions of `scope` whose leader is not the preferred replica. 404 for unknown names. */
export function electionPreview(metadata: MetadataBody, scope: ElectionScope): ElectionPreview {
  const topics = new Map(metadata.topics.filter((t) => t.name !== null).map((t) => [t.name!, t]));
  const missing = (name: string) =>
    new ClusterActionError(404, "not_found", `There is no topic "${name}" in this cluster.`);
  let inScope: { topic: string; p: MetadataBody["topics"][number]["partitions"][number] }[];
  if (scope.partitions) {
    inScope = scope.partitions.map(({ topic, partition }) => {
      const t = topics.get(topic);
      if (!t || t.errorCode !== 0) throw missing(topic);
      const p = t.partitions.find((x) => x.partitionIndex === partition);
      if (!p) throw new ClusterActionError(404, "not_found", `Topic "${topic}" has no partition ${partition}.`);
      return { topic, p };
    });
  } else {
    if (scope.topic !== undefined && (!topics.get(scope.topic) || topics.get(scope.topic)!.errorCode !== 0)) {
      throw missing(scope.topic);
    }
    inScope = [...topics.values()]
      .filter((t) => t.errorCode === 0 && (scope.topic === undefined || t.name === scope.topic))
      .flatMap((t) => t.partitions.map((p) => ({ topic: t.name!, p })));
  }
  const candidates: ElectionCandidate[] = [];
  for (const { topic, p } of inScope) {
    const preferred = p.replicaNodes[0];
    if (preferred === undefined || p.leaderId === preferred) continue;
    candidates.push({
      topic,
      partition: p.partitionIndex,
      leader: p.leaderId,
      preferredLeader: preferred,
      preferredInIsr: p.isrNodes.includes(preferred),
      preferredLive: !p.offlineReplicas.includes(preferred),
    });
  }
  candidates.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  return { partitions: inScope.length, candidates };
}
