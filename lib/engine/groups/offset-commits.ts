import { ErrorCode } from "../../protocol/error-codes";
import type { GroupCoordinatorConfig } from "./group-config";
import type { CommittedOffset, GroupMetadata } from "./group-metadata";
import type { GroupStore, TopicPartitionOffset } from "./group-store";
import { validateCurrentMember, type GroupMembership } from "./membership";
import type { Scheduler } from "./scheduler";

export interface OffsetCommitParams {
  groupId: string;
  /** -1 for a commit outside group management (simple consumer, admin tools). */
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** OffsetCommit v2-v4 retention time; -1 = the broker's offsets.retention.minutes. */
  retentionTimeMs: bigint;
  topics: Array<{
    name: string;
    partitions: Array<{
      partitionIndex: number;
      committedOffset: bigint;
      committedLeaderEpoch: number;
      /** OffsetCommit v1 only; -1 = now. */
      commitTimestamp: bigint;
      committedMetadata: string | null;
    }>;
  }>;
}

export type PartitionErrors = Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }>;

export interface FetchedOffsets {
  errorCode: number;
  topics: Array<{
    name: string;
    partitions: Array<{
      partitionIndex: number;
      committedOffset: bigint;
      committedLeaderEpoch: number;
      metadata: string;
      errorCode: number;
    }>;
  }>;
}

export interface OffsetCommitDeps {
  config: GroupCoordinatorConfig;
  scheduler: Scheduler;
  store: GroupStore;
  membership: GroupMembership;
  /** The topic-partition exists in the cluster (commits to unknown ones get UNKNOWN_TOPIC_OR_PARTITION). */
  partitionExists: (topic: string, partition: number) => boolean;
}

/** OffsetFetchResponse.INVALID_OFFSET / NO_METADATA: what a partition without a commit reports. */
export const NO_COMMITTED_OFFSET = -1n;

/** Every partition of a request answered with one error code. */
export function partitionErrors(
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number }> }>,
  errorCode: number,
): PartitionErrors {
  return topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
  }));
}

/**
 * Committed offsets of one coordinator (GroupCoordinator.handleCommitOffsets / handleFetchOffsets
 * / handleDeleteOffsets and GroupMetadata.removeExpiredOffsets). Offsets live in the group's
 * in-memory map and, durably, in __consumer_offsets; the map changes only after the append
 * succeeded, so what a client was told is always what a restart replays.
 */
export class OffsetCommits {
  constructor(private readonly deps: OffsetCommitDeps) {}

  commit(group: GroupMetadata, params: OffsetCommitParams): PartitionErrors {
    const refusal = this.validateCommit(group, params);
    if (refusal !== undefined) return partitionErrors(params.topics, refusal);
    if (group.is("CompletingRebalance")) return partitionErrors(params.topics, ErrorCode.REBALANCE_IN_PROGRESS);
    if (group.is("Stable") || group.is("PreparingRebalance")) {
      // A commit from a live member proves it alive, like a heartbeat.
      this.deps.membership.scheduleSessionExpiry(group, group.get(params.memberId));
    }
    return this.store(group, params);
  }

  /** GroupCoordinator.validateOffsetCommit (+ the Empty-group simple-commit rule). */
  private validateCommit(group: GroupMetadata, params: OffsetCommitParams): number | undefined {
    if (group.is("Dead")) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (params.generationId >= 0 || params.memberId !== "" || params.groupInstanceId !== null) {
      const invalid = validateCurrentMember(group, params.memberId, params.groupInstanceId);
      if (invalid !== undefined) return invalid;
      if (params.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
      return undefined;
    }
    // Not a member: only a group nobody is in may take commits (admin resets, simple consumers).
    return group.is("Empty") ? undefined : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  private store(group: GroupMetadata, params: OffsetCommitParams): PartitionErrors {
    const now = this.deps.scheduler.now();
    const accepted: TopicPartitionOffset[] = [];
    const results = params.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => {
        const metadata = p.committedMetadata ?? "";
        let errorCode: number = ErrorCode.NONE;
        if (!this.deps.partitionExists(topic.name, p.partitionIndex)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (Buffer.byteLength(metadata, "utf8") > this.deps.config.offsetMetadataMaxBytes) {
          errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        } else {
          accepted.push({
            topic: topic.name,
            partition: p.partitionIndex,
            committed: committedOffset(p, params, metadata, now),
          });
        }
        return { partitionIndex: p.partitionIndex, errorCode };
      }),
    }));
    if (accepted.length === 0) return results;
    const error = this.deps.store.storeOffsets(group.groupId, accepted);
    if (error === ErrorCode.NONE) {
      for (const { topic, partition, committed } of accepted) group.setOffset(topic, partition, committed);
    }
    for (const topic of results) {
      for (const p of topic.partitions) if (p.errorCode === ErrorCode.NONE) p.errorCode = error;
    }
    return results;
  }

  /** Committed offsets; `topics` null = every partition the group has a commit for. */
  fetch(
    group: GroupMetadata | undefined,
    topics: Array<{ name: string; partitionIndexes: number[] }> | null,
  ): FetchedOffsets {
    const known = group !== undefined && !group.is("Dead") ? group : undefined;
    if (topics === null) {
      const byTopic = new Map<string, FetchedOffsets["topics"][number]["partitions"]>();
      for (const { topic, partition, committed } of known?.allOffsets() ?? []) {
        const list = byTopic.get(topic) ?? [];
        list.push(fetchedPartition(partition, committed));
        byTopic.set(topic, list);
      }
      return { errorCode: ErrorCode.NONE, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) };
    }
    return {
      errorCode: ErrorCode.NONE,
      topics: topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((p) => fetchedPartition(p, known?.offset(t.name, p))),
      })),
    };
  }

  /**
   * OffsetDelete: an Empty group loses the offsets; a consumer group in use keeps those of topics it
   * is subscribed to (GROUP_SUBSCRIBED_TO_TOPIC); other non-empty groups are refused outright.
   */
  deleteOffsets(
    group: GroupMetadata,
    topics: Array<{ name: string; partitions: Array<{ partitionIndex: number }> }>,
  ): { errorCode: number; topics: PartitionErrors } {
    if (!group.is("Empty") && group.protocolType !== "consumer") {
      return { errorCode: ErrorCode.NON_EMPTY_GROUP, topics: [] };
    }
    const eligible: Array<{ topic: string; partition: number }> = [];
    const results = topics.map((t) => {
      const subscribed = !group.is("Empty") && group.isSubscribedToTopic(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p) => {
          if (subscribed) return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC };
          if (group.offset(t.name, p.partitionIndex) !== undefined)
            eligible.push({ topic: t.name, partition: p.partitionIndex });
          return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE };
        }),
      };
    });
    const error = this.deps.store.writeTombstones(group.groupId, eligible, false);
    if (error !== ErrorCode.NONE) return { errorCode: error, topics: [] };
    for (const { topic, partition } of eligible) group.removeOffset(topic, partition);
    return { errorCode: ErrorCode.NONE, topics: results };
  }

  /**
   * Offsets past retention (GroupMetadata.removeExpiredOffsets): of an Empty group, once the group
   * has been empty for the retention period; of a group with no protocol (offsets only), once the
   * commit is that old; of a Stable consumer group, only for topics it no longer subscribes to.
   * Commits carrying their own expire timestamp (old OffsetCommit versions) expire at it.
   */
  expiredOffsets(group: GroupMetadata, nowMs: number): Array<{ topic: string; partition: number }> {
    const retention = this.deps.config.offsetsRetentionMs;
    let base: (c: CommittedOffset) => number;
    let keep = new Set<string>();
    if (group.protocolType !== null && group.is("Empty")) base = (c) => group.stateTimestampMs ?? c.commitTimestampMs;
    else if (group.protocolType === null) base = (c) => c.commitTimestampMs;
    else if (group.protocolType === "consumer" && group.is("Stable") && group.subscribedTopics() !== null) {
      keep = group.subscribedTopics()!;
      base = (c) => c.commitTimestampMs;
    } else return [];
    const expired: Array<{ topic: string; partition: number }> = [];
    for (const { topic, partition, committed } of group.allOffsets()) {
      if (keep.has(topic)) continue;
      const due =
        committed.expireTimestampMs !== null
          ? nowMs >= committed.expireTimestampMs
          : nowMs - base(committed) >= retention;
      if (due) expired.push({ topic, partition });
    }
    return expired;
  }
}

function committedOffset(
  p: OffsetCommitParams["topics"][number]["partitions"][number],
  params: OffsetCommitParams,
  metadata: string,
  nowMs: number,
): CommittedOffset {
  return {
    offset: p.committedOffset,
    leaderEpoch: p.committedLeaderEpoch,
    metadata,
    commitTimestampMs: p.commitTimestamp === -1n ? nowMs : Number(p.commitTimestamp),
    expireTimestampMs: params.retentionTimeMs === -1n ? null : nowMs + Number(params.retentionTimeMs),
  };
}

function fetchedPartition(partitionIndex: number, committed: CommittedOffset | undefined) {
  return {
    partitionIndex,
    committedOffset: committed?.offset ?? NO_COMMITTED_OFFSET,
    committedLeaderEpoch: committed?.leaderEpoch ?? -1,
    metadata: committed?.metadata ?? "",
    errorCode: ErrorCode.NONE,
  };
}
