import { ErrorCode } from "../../protocol/error-codes";
import { silentLogger, type EngineLogger } from "../broker/logger";
import { offsetsPartitionFor } from "./coordinator-placement";
import { DEFAULT_GROUP_COORDINATOR_CONFIG, type GroupCoordinatorConfig } from "./group-config";
import { loadOffsetsPartition, type LoadedGroup } from "./group-loader";
import { GroupMetadata, type GroupState } from "./group-metadata";
import { GroupStore } from "./group-store";
import { GroupMembership, type JoinGroupParams, type MemberRef, type SyncGroupParams } from "./membership";
import { joinError, MemberMetadata, syncError, type JoinGroupResult, type SyncGroupResult } from "./member-metadata";
import {
  OffsetCommits,
  partitionErrors,
  type FetchedOffsets,
  type OffsetCommitParams,
  type PartitionErrors,
} from "./offset-commits";
import type { OffsetsTopicLog } from "./offsets-topic-log";
import { systemScheduler, type Scheduler } from "./scheduler";

export interface GroupCoordinatorOptions {
  log: OffsetsTopicLog;
  config?: Partial<GroupCoordinatorConfig>;
  scheduler?: Scheduler;
  logger?: EngineLogger;
  /** Whether a topic-partition exists in the cluster (for OffsetCommit). Default: all exist. */
  partitionExists?: (topic: string, partition: number) => boolean;
  /** Partitions of __consumer_offsets as created; default offsets.topic.num.partitions. */
  offsetsPartitionCount?: () => number | undefined;
}

/** Kafka's group type for the classic protocol (ListGroups v5 GroupType). */
export const CLASSIC_GROUP_TYPE = "classic";

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  groupState: GroupState;
  groupType: string;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  /** The chosen protocol (assignor) when Stable, else "" (GroupCoordinator.NoProtocol). */
  protocolData: string;
  members: Array<{
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    memberMetadata: Buffer;
    memberAssignment: Buffer;
  }>;
}

type PartitionStatus = "loading" | "active";

/**
 * One broker's group coordinator: the groups hashed onto the __consumer_offsets partitions this
 * broker leads. It answers NOT_COORDINATOR for other groups and COORDINATOR_LOAD_IN_PROGRESS while a
 * partition is being replayed; it gains a partition with onElection and loses it with
 * onResignation, so groups move with partition leadership.
 */
export class GroupCoordinator {
  readonly config: GroupCoordinatorConfig;
  private readonly scheduler: Scheduler;
  private readonly logger: EngineLogger;
  private readonly groups = new Map<string, GroupMetadata>();
  private readonly partitions = new Map<number, PartitionStatus>();
  private readonly membership: GroupMembership;
  private readonly offsets: OffsetCommits;
  private readonly store: GroupStore;
  private active = false;
  private cancelExpiryTimer: (() => void) | undefined;

  constructor(private readonly options: GroupCoordinatorOptions) {
    this.config = { ...DEFAULT_GROUP_COORDINATOR_CONFIG, ...options.config };
    this.scheduler = options.scheduler ?? systemScheduler;
    this.logger = options.logger ?? silentLogger;
    this.store = new GroupStore(
      options.log,
      (groupId) => this.partitionFor(groupId),
      () => this.scheduler.now(),
    );
    const deps = { config: this.config, scheduler: this.scheduler, store: this.store, logger: this.logger };
    this.membership = new GroupMembership(deps);
    this.offsets = new OffsetCommits({
      ...deps,
      membership: this.membership,
      partitionExists: options.partitionExists ?? (() => true),
    });
  }

  // ---- lifecycle and ownership -----------------------------------------------------------

  startup(): void {
    this.active = true;
    this.scheduleExpiry();
  }

  /** Unloads every group (parked requests get NOT_COORDINATOR) and stops all timers. */
  shutdown(): void {
    this.active = false;
    this.cancelExpiryTimer?.();
    this.cancelExpiryTimer = undefined;
    for (const partition of [...this.partitions.keys()]) this.onResignation(partition);
  }

  partitionFor(groupId: string): number {
    return offsetsPartitionFor(
      groupId,
      this.options.offsetsPartitionCount?.() ?? this.config.offsetsTopicNumPartitions,
    );
  }

  ownedPartitions(): number[] {
    return [...this.partitions.keys()].sort((a, b) => a - b);
  }

  isLoading(partition: number): boolean {
    return this.partitions.get(partition) === "loading";
  }

  /** This broker became leader of `partition`: replay it, then serve its groups. */
  async onElection(partition: number): Promise<void> {
    if (this.partitions.has(partition)) return;
    this.partitions.set(partition, "loading");
    try {
      const loaded = await loadOffsetsPartition(
        this.options.log,
        partition,
        this.config.offsetsLoadBufferBytes,
        () => new Promise((resolve) => setImmediate(resolve)),
      );
      if (this.partitions.get(partition) !== "loading") return; // resigned meanwhile
      for (const [groupId, state] of loaded.groups) this.installLoadedGroup(groupId, state);
      if (loaded.skipped > 0)
        this.logger.warn(`__consumer_offsets-${partition}: skipped ${loaded.skipped} unreadable records`);
      this.partitions.set(partition, "active");
    } catch (err) {
      this.partitions.delete(partition);
      this.logger.error(`loading __consumer_offsets-${partition} failed: ${(err as Error).stack ?? String(err)}`);
    }
  }

  /** This broker no longer leads `partition`: its groups go (their clients will find the new coordinator). */
  onResignation(partition: number): void {
    if (!this.partitions.delete(partition)) return;
    for (const [groupId, group] of this.groups) {
      if (this.partitionFor(groupId) !== partition) continue;
      this.membership.shutdownGroup(group, ErrorCode.NOT_COORDINATOR);
      this.groups.delete(groupId);
    }
  }

  /** GroupMetadataManager.loadGroup: members come back Stable and must heartbeat within their session. */
  private installLoadedGroup(groupId: string, loaded: LoadedGroup): void {
    const meta = loaded.metadata;
    if (meta === undefined && loaded.offsets.size === 0) return;
    const now = this.scheduler.now();
    const group = new GroupMetadata(groupId, now, meta !== undefined && meta.members.length > 0 ? "Stable" : "Empty");
    if (meta !== undefined) {
      group.protocolType = meta.protocolType === "" ? null : meta.protocolType;
      group.protocolName = meta.protocol;
      group.generationId = meta.generation;
      group.stateTimestampMs = meta.currentStateTimestamp >= 0n ? Number(meta.currentStateTimestamp) : null;
      for (const m of meta.members) {
        const member = new MemberMetadata(
          m.memberId,
          m.groupInstanceId,
          m.clientId,
          m.clientHost,
          m.rebalanceTimeout,
          m.sessionTimeout,
          meta.protocolType,
          [{ name: meta.protocol ?? "", metadata: Buffer.from(m.subscription) }],
        );
        member.assignment = Buffer.from(m.assignment);
        group.add(member);
      }
      group.leaderId = meta.leader !== null && group.has(meta.leader) ? meta.leader : group.leaderId;
    }
    for (const [topic, byPartition] of loaded.offsets) {
      for (const [partition, committed] of byPartition) group.setOffset(topic, partition, committed);
    }
    this.groups.set(groupId, group);
    for (const member of group.members.values()) this.membership.scheduleSessionExpiry(group, member);
  }

  /**
   * GroupCoordinator.validateGroupStatus. `allowEmptyId`: OffsetCommit, OffsetFetch, DescribeGroups
   * and DeleteGroups accept an empty group id (as Kafka does); the membership APIs do not.
   */
  private groupStatus(groupId: string, allowEmptyId: boolean): number {
    if (!allowEmptyId && groupId === "") return ErrorCode.INVALID_GROUP_ID;
    if (!this.active) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const status = this.partitions.get(this.partitionFor(groupId));
    if (status === "loading") return ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    if (status === undefined) return ErrorCode.NOT_COORDINATOR;
    return ErrorCode.NONE;
  }

  // ---- membership ------------------------------------------------------------------------

  async joinGroup(params: JoinGroupParams): Promise<JoinGroupResult> {
    const status = this.groupStatus(params.groupId, false);
    if (status !== ErrorCode.NONE) return joinError(params.memberId, status);
    const { groupMinSessionTimeoutMs: min, groupMaxSessionTimeoutMs: max } = this.config;
    if (params.sessionTimeoutMs < min || params.sessionTimeoutMs > max) {
      return joinError(params.memberId, ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    let group = this.groups.get(params.groupId);
    if (group === undefined) {
      if (params.memberId !== "") return joinError(params.memberId, ErrorCode.UNKNOWN_MEMBER_ID);
      group = new GroupMetadata(params.groupId, this.scheduler.now());
      this.groups.set(params.groupId, group);
    }
    return this.membership.join(group, params);
  }

  async syncGroup(params: SyncGroupParams): Promise<SyncGroupResult> {
    const status = this.groupStatus(params.groupId, false);
    // While loading, the rebalance state is lost: REBALANCE_IN_PROGRESS sends the member back to
    // JoinGroup without rediscovering the coordinator (old clients do not expect LOAD_IN_PROGRESS).
    if (status === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) return syncError(ErrorCode.REBALANCE_IN_PROGRESS);
    if (status !== ErrorCode.NONE) return syncError(status);
    const group = this.groups.get(params.groupId);
    if (group === undefined) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    return this.membership.sync(group, params);
  }

  heartbeat(ref: MemberRef): number {
    const status = this.groupStatus(ref.groupId, false);
    if (status === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) return ErrorCode.NONE; // Kafka answers blindly while loading
    if (status !== ErrorCode.NONE) return status;
    const group = this.groups.get(ref.groupId);
    return group === undefined ? ErrorCode.UNKNOWN_MEMBER_ID : this.membership.heartbeat(group, ref);
  }

  leaveGroup(
    groupId: string,
    members: Array<{ memberId: string; groupInstanceId: string | null }>,
  ): { errorCode: number; members: Array<{ memberId: string; groupInstanceId: string | null; errorCode: number }> } {
    const status = this.groupStatus(groupId, false);
    if (status !== ErrorCode.NONE) return { errorCode: status, members: [] };
    const group = this.groups.get(groupId);
    if (group?.is("Dead")) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    return {
      errorCode: ErrorCode.NONE,
      members: members.map((m) => ({
        ...m,
        errorCode:
          group === undefined
            ? ErrorCode.UNKNOWN_MEMBER_ID
            : this.membership.leave(group, m.memberId, m.groupInstanceId),
      })),
    };
  }

  // ---- offsets ---------------------------------------------------------------------------

  commitOffsets(params: OffsetCommitParams): PartitionErrors {
    const status = this.groupStatus(params.groupId, true);
    if (status !== ErrorCode.NONE) return partitionErrors(params.topics, status);
    let group = this.groups.get(params.groupId);
    if (group === undefined) {
      // Only a commit outside group management may create a group; a member's commit to an
      // unknown group comes from a generation this coordinator never saw.
      if (params.generationId >= 0) return partitionErrors(params.topics, ErrorCode.ILLEGAL_GENERATION);
      group = new GroupMetadata(params.groupId, this.scheduler.now());
      this.groups.set(params.groupId, group);
    }
    return this.offsets.commit(group, params);
  }

  fetchOffsets(groupId: string, topics: Array<{ name: string; partitionIndexes: number[] }> | null): FetchedOffsets {
    const status = this.groupStatus(groupId, true);
    if (status !== ErrorCode.NONE) return { errorCode: status, topics: [] };
    return this.offsets.fetch(this.groups.get(groupId), topics);
  }

  deleteOffsets(
    groupId: string,
    topics: Array<{ name: string; partitions: Array<{ partitionIndex: number }> }>,
  ): { errorCode: number; topics: PartitionErrors } {
    const status = this.groupStatus(groupId, false);
    if (status !== ErrorCode.NONE) return { errorCode: status, topics: [] };
    const group = this.groups.get(groupId);
    if (group === undefined || group.is("Dead")) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, topics: [] };
    const result = this.offsets.deleteOffsets(group, topics);
    this.maybeRemoveEmptyGroup(group);
    return result;
  }

  // ---- admin -----------------------------------------------------------------------------

  /** Groups this broker coordinates; `states`/`types` filter case-insensitively (empty = all). */
  listGroups(states: string[] = [], types: string[] = []): { errorCode: number; groups: ListedGroup[] } {
    const loading = [...this.partitions.values()].includes("loading");
    const wantStates = new Set(states.map((s) => s.toLowerCase()));
    const wantTypes = new Set(types.map((t) => t.toLowerCase()));
    const groups: ListedGroup[] = [];
    for (const group of this.groups.values()) {
      if (group.is("Dead")) continue;
      if (wantStates.size > 0 && !wantStates.has(group.state.toLowerCase())) continue;
      if (wantTypes.size > 0 && !wantTypes.has(CLASSIC_GROUP_TYPE)) continue;
      groups.push({
        groupId: group.groupId,
        protocolType: group.protocolType ?? "",
        groupState: group.state,
        groupType: CLASSIC_GROUP_TYPE,
      });
    }
    return { errorCode: loading ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS : ErrorCode.NONE, groups };
  }

  describeGroup(groupId: string): DescribedGroup {
    const status = this.groupStatus(groupId, true);
    const base = { groupId, protocolType: "", protocolData: "", members: [] };
    if (status !== ErrorCode.NONE) return { ...base, errorCode: status, groupState: "" };
    const group = this.groups.get(groupId);
    if (group === undefined) return { ...base, errorCode: ErrorCode.NONE, groupState: "Dead" };
    const stable = group.is("Stable");
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      groupState: group.state,
      protocolType: group.protocolType ?? "",
      protocolData: stable ? (group.protocolName ?? "") : "",
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberMetadata: stable ? m.metadataFor(group.protocolName) : Buffer.alloc(0),
        memberAssignment: stable ? m.assignment : Buffer.alloc(0),
      })),
    };
  }

  /** DeleteGroups: only Empty groups go; their offsets and metadata are tombstoned. */
  deleteGroup(groupId: string): number {
    const status = this.groupStatus(groupId, true);
    if (status !== ErrorCode.NONE) return status;
    const group = this.groups.get(groupId);
    if (group === undefined || group.is("Dead")) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (!group.is("Empty")) return ErrorCode.NON_EMPTY_GROUP;
    const offsets = [...group.allOffsets()].map(({ topic, partition }) => ({ topic, partition }));
    const error = this.store.writeTombstones(groupId, offsets, true);
    if (error !== ErrorCode.NONE) return error;
    group.transitionTo("Dead", this.scheduler.now());
    this.membership.shutdownGroup(group, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    this.groups.delete(groupId);
    return ErrorCode.NONE;
  }

  // ---- offset expiry ---------------------------------------------------------------------

  private scheduleExpiry(): void {
    this.cancelExpiryTimer = this.scheduler.schedule(this.config.offsetsRetentionCheckIntervalMs, () => {
      this.cleanupGroupMetadata();
      if (this.active) this.scheduleExpiry();
    });
  }

  /** GroupMetadataManager.cleanupGroupMetadata: expire offsets, drop empty groups with none left. */
  cleanupGroupMetadata(): number {
    const now = this.scheduler.now();
    let removed = 0;
    for (const group of [...this.groups.values()]) {
      if (this.partitions.get(this.partitionFor(group.groupId)) !== "active") continue;
      const expired = this.offsets.expiredOffsets(group, now);
      if (expired.length > 0 && this.store.writeTombstones(group.groupId, expired, false) === ErrorCode.NONE) {
        for (const { topic, partition } of expired) group.removeOffset(topic, partition);
        removed += expired.length;
      }
      this.maybeRemoveEmptyGroup(group);
    }
    return removed;
  }

  /** An Empty group with no offsets left is Dead: its metadata record is tombstoned and it is forgotten. */
  private maybeRemoveEmptyGroup(group: GroupMetadata): void {
    if (!group.is("Empty") || group.hasOffsets || group.pendingMembers.size > 0) return;
    const hadMetadata = group.generationId > 0 || group.protocolType !== null;
    if (hadMetadata && this.store.writeTombstones(group.groupId, [], true) !== ErrorCode.NONE) return;
    group.transitionTo("Dead", this.scheduler.now());
    this.groups.delete(group.groupId);
  }

  /** For tests and the console's embedded view: a group's current state, or undefined. */
  group(groupId: string): GroupMetadata | undefined {
    return this.groups.get(groupId);
  }
}
