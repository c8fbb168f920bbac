import { randomUUID } from "node:crypto";
import { ErrorCode } from "../../protocol/error-codes";
import type { EngineLogger } from "../broker/logger";
import { NEW_MEMBER_JOIN_TIMEOUT_MS, type GroupCoordinatorConfig } from "./group-config";
import type { GroupMetadata } from "./group-metadata";
import type { GroupStore } from "./group-store";
import {
  EMPTY_BYTES,
  joinError,
  MemberMetadata,
  syncError,
  type GroupProtocol,
  type JoinGroupResult,
  type SyncGroupResult,
} from "./member-metadata";
import type { Scheduler } from "./scheduler";

export interface JoinGroupParams {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  /** JoinGroup v0 has none: the handler passes the session timeout, as Kafka does. */
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  /** JoinGroup v4+ from a dynamic member: a new member first gets MEMBER_ID_REQUIRED (KIP-394). */
  requireKnownMemberId: boolean;
}

export interface SyncGroupParams {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  assignments: Array<{ memberId: string; assignment: Buffer }>;
}

export interface MemberRef {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface MembershipDeps {
  config: GroupCoordinatorConfig;
  scheduler: Scheduler;
  store: GroupStore;
  logger: EngineLogger;
}

/**
 * The classic rebalance protocol of one coordinator (Kafka's GroupCoordinator: handleJoinGroup,
 * handleSyncGroup, handleHeartbeat, handleLeaveGroup and the delayed operations behind them).
 * Callers (GroupCoordinator) have already checked that this broker coordinates the group.
 *
 * A round: a JoinGroup moves the group to PreparingRebalance and parks; the join phase ends when
 * every known member has rejoined (or the rebalance timeout passes; for a group that was Empty,
 * after group.initial.rebalance.delay.ms, extended while new members keep arriving); then the
 * generation is bumped, a protocol is chosen by vote, every parked JoinGroup is answered (only the
 * leader gets the member list) and the group is CompletingRebalance until the leader's SyncGroup
 * brings the assignment, which is stored and handed to every member (Stable).
 */
export class GroupMembership {
  constructor(private readonly deps: MembershipDeps) {}

  private get now(): number {
    return this.deps.scheduler.now();
  }

  // ---- JoinGroup -------------------------------------------------------------------------

  join(group: GroupMetadata, params: JoinGroupParams): Promise<JoinGroupResult> {
    return new Promise((resolve) => {
      if (params.memberId === "") this.joinNewMember(group, params, resolve);
      else this.joinCurrentMember(group, params, resolve);
      if (group.is("PreparingRebalance")) this.tryCompleteJoin(group);
    });
  }

  private joinNewMember(group: GroupMetadata, params: JoinGroupParams, respond: (r: JoinGroupResult) => void): void {
    const refusal = this.refuseJoin(group, params, "");
    if (refusal !== undefined) return respond(joinError("", refusal));
    const newMemberId = `${params.groupInstanceId ?? params.clientId}-${randomUUID()}`;
    if (params.groupInstanceId !== null) {
      const oldMemberId = group.currentStaticMemberId(params.groupInstanceId);
      if (oldMemberId !== undefined) return this.replaceStaticMember(group, oldMemberId, newMemberId, params, respond);
      return this.addMemberAndRebalance(group, newMemberId, params, respond);
    }
    if (params.requireKnownMemberId) {
      // The id is remembered for one session timeout; the client rejoins with it at once.
      const cancel = this.deps.scheduler.schedule(params.sessionTimeoutMs, () => {
        if (group.removePendingMember(newMemberId) && group.is("PreparingRebalance")) this.tryCompleteJoin(group);
      });
      group.pendingMembers.set(newMemberId, cancel);
      return respond(joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
    }
    this.addMemberAndRebalance(group, newMemberId, params, respond);
  }

  private joinCurrentMember(
    group: GroupMetadata,
    params: JoinGroupParams,
    respond: (r: JoinGroupResult) => void,
  ): void {
    const { memberId } = params;
    const refusal = this.refuseJoin(group, params, memberId);
    if (refusal !== undefined) return respond(joinError(memberId, refusal));
    if (group.isPendingMember(memberId)) return this.addMemberAndRebalance(group, memberId, params, respond);
    const invalid = validateCurrentMember(group, memberId, params.groupInstanceId);
    if (invalid !== undefined) return respond(joinError(memberId, invalid));
    const member = group.get(memberId);
    switch (group.state) {
      case "PreparingRebalance":
        return this.updateMemberAndRebalance(group, member, params, respond);
      case "CompletingRebalance":
        // Same metadata: the member missed the JoinGroup response; give it again.
        if (member.matches(params.protocols)) return respond(this.joinResult(group, member, group.isLeader(memberId)));
        return this.updateMemberAndRebalance(group, member, params, respond);
      case "Stable":
        if (group.isLeader(memberId) || !member.matches(params.protocols)) {
          return this.updateMemberAndRebalance(group, member, params, respond);
        }
        return respond(this.joinResult(group, member, false));
      default:
        return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  /** The checks every JoinGroup passes first; undefined when the join may proceed. */
  private refuseJoin(group: GroupMetadata, params: JoinGroupParams, memberId: string): number | undefined {
    if (group.is("Dead")) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (!group.supportsProtocols(params.protocolType, params.protocols)) return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
    if (!this.acceptJoiningMember(group, memberId)) return ErrorCode.GROUP_MAX_SIZE_REACHED;
    return undefined;
  }

  /** group.max.size: existing members are always let back in; new ones only below the cap. */
  private acceptJoiningMember(group: GroupMetadata, memberId: string): boolean {
    const max = this.deps.config.groupMaxSize;
    switch (group.state) {
      case "Empty":
      case "Dead":
        return true;
      case "PreparingRebalance":
        return (group.has(memberId) && group.get(memberId).isAwaitingJoin) || group.numMembersAwaitingJoin < max;
      default:
        return group.has(memberId) || group.members.size < max;
    }
  }

  private addMemberAndRebalance(
    group: GroupMetadata,
    memberId: string,
    params: JoinGroupParams,
    respond: (r: JoinGroupResult) => void,
  ): void {
    const member = new MemberMetadata(
      memberId,
      params.groupInstanceId,
      params.clientId,
      params.clientHost,
      params.rebalanceTimeoutMs,
      params.sessionTimeoutMs,
      params.protocolType,
      params.protocols,
    );
    member.isNew = true;
    if (group.is("PreparingRebalance") && group.generationId === 0) group.newMemberAdded = true;
    member.awaitingJoin = respond;
    group.add(member);
    this.scheduleSessionExpiry(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
    this.maybePrepareRebalance(group);
  }

  private updateMemberAndRebalance(
    group: GroupMetadata,
    member: MemberMetadata,
    params: JoinGroupParams,
    respond: (r: JoinGroupResult) => void,
  ): void {
    this.updateMember(group, member, params, respond);
    this.maybePrepareRebalance(group);
  }

  private updateMember(
    group: GroupMetadata,
    member: MemberMetadata,
    params: JoinGroupParams,
    respond: (r: JoinGroupResult) => void,
  ): void {
    group.updateProtocols(member, params.protocols);
    member.rebalanceTimeoutMs = params.rebalanceTimeoutMs;
    member.sessionTimeoutMs = params.sessionTimeoutMs;
    // A second JoinGroup while one is parked: the first is answered so nothing waits forever.
    if (member.isAwaitingJoin) group.completeJoin(member, joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    group.setAwaitingJoin(member, respond);
  }

  /** A static member rejoined with an empty member id: it takes over its instance's membership. */
  private replaceStaticMember(
    group: GroupMetadata,
    oldMemberId: string,
    newMemberId: string,
    params: JoinGroupParams,
    respond: (r: JoinGroupResult) => void,
  ): void {
    const previousLeader = group.leaderId ?? "";
    const member = group.replaceStaticMember(params.groupInstanceId!, oldMemberId, newMemberId);
    this.scheduleSessionExpiry(group, member);
    this.updateMember(group, member, params, respond);
    switch (group.state) {
      case "Stable":
        if (group.protocolName === group.selectProtocol()) {
          // Nothing changes for the group: persist the new member id and answer at once. The old
          // leader id is returned so the member does not run a trivial assignment of its own.
          const error = this.deps.store.storeGroup(group);
          group.completeJoin(member, {
            ...this.joinResult(group, member, false),
            leader: previousLeader,
            errorCode: error,
          });
        } else {
          this.maybePrepareRebalance(group);
        }
        return;
      case "CompletingRebalance":
        return this.prepareRebalance(group);
      default:
        return; // PreparingRebalance: the parked join completes with the round
    }
  }

  private joinResult(group: GroupMetadata, member: MemberMetadata, withMembers: boolean): JoinGroupResult {
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? "",
      memberId: member.memberId,
      skipAssignment: false,
      members: withMembers
        ? [...group.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.metadataFor(group.protocolName),
          }))
        : [],
    };
  }

  // ---- the join phase ---------------------------------------------------------------------

  maybePrepareRebalance(group: GroupMetadata): void {
    if (group.canRebalance) this.prepareRebalance(group);
  }

  prepareRebalance(group: GroupMetadata): void {
    if (group.is("CompletingRebalance")) this.resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
    group.cancelSyncTimer?.();
    group.cancelSyncTimer = undefined;
    const wasEmpty = group.is("Empty");
    group.transitionTo("PreparingRebalance", this.now);
    if (wasEmpty) {
      const delay = this.deps.config.groupInitialRebalanceDelayMs;
      this.scheduleInitialDelayedJoin(group, delay, Math.max(group.rebalanceTimeoutMs - delay, 0));
    } else {
      this.scheduleDelayedJoin(group, group.rebalanceTimeoutMs);
      this.tryCompleteJoin(group); // e.g. the last member left: nobody to wait for
    }
  }

  /** DelayedJoin: the join phase ends when all members rejoined, or at the rebalance timeout. */
  private scheduleDelayedJoin(group: GroupMetadata, timeoutMs: number): void {
    group.cancelJoinTimer?.();
    group.joinPhase = "delayed";
    group.cancelJoinTimer = this.deps.scheduler.schedule(timeoutMs, () => this.completeJoin(group));
  }

  /**
   * InitialDelayedJoin: a group forming from Empty waits the initial delay so that consumers
   * started together land in one generation; each newcomer extends it, up to the rebalance timeout.
   */
  private scheduleInitialDelayedJoin(group: GroupMetadata, delayMs: number, remainingMs: number): void {
    group.cancelJoinTimer?.();
    group.joinPhase = "initial";
    group.cancelJoinTimer = this.deps.scheduler.schedule(delayMs, () => {
      group.cancelJoinTimer = undefined;
      if (group.newMemberAdded && remainingMs !== 0) {
        group.newMemberAdded = false;
        const configured = this.deps.config.groupInitialRebalanceDelayMs;
        this.scheduleInitialDelayedJoin(
          group,
          Math.min(configured, remainingMs),
          Math.max(remainingMs - configured, 0),
        );
      } else {
        this.completeJoin(group);
      }
    });
  }

  /** Ends a (non-initial) join phase early once every member has rejoined. */
  tryCompleteJoin(group: GroupMetadata): void {
    if (group.is("PreparingRebalance") && group.joinPhase === "delayed" && group.hasAllMembersJoined) {
      this.completeJoin(group);
    }
  }

  /** GroupCoordinator.onCompleteJoin: drop members that did not rejoin, start the next generation. */
  private completeJoin(group: GroupMetadata): void {
    group.cancelJoinTimer?.();
    group.cancelJoinTimer = undefined;
    group.joinPhase = undefined;
    if (!group.is("PreparingRebalance")) return;
    for (const member of group.notYetRejoinedMembers()) {
      if (!member.isStatic) group.remove(member.memberId);
    }
    if (!group.maybeElectNewJoinedLeader() && group.members.size > 0) {
      // Only static members that have not rejoined remain: wait for them (or their session expiry).
      this.deps.logger.warn(`group ${group.groupId}: no member rejoined; waiting another rebalance timeout`);
      this.scheduleDelayedJoin(group, group.rebalanceTimeoutMs);
      return;
    }
    group.initNextGeneration(this.now);
    if (group.is("Empty")) {
      const error = this.deps.store.storeGroup(group);
      if (error !== ErrorCode.NONE)
        this.deps.logger.warn(`group ${group.groupId}: storing empty group failed (${error})`);
      return;
    }
    for (const member of group.members.values()) {
      group.completeJoin(member, this.joinResult(group, member, group.isLeader(member.memberId)));
      this.scheduleSessionExpiry(group, member);
      member.isNew = false;
      group.pendingSyncMembers.add(member.memberId);
    }
    this.schedulePendingSync(group);
  }

  /** DelayedSync: members that never send SyncGroup within the rebalance timeout are dropped. */
  private schedulePendingSync(group: GroupMetadata): void {
    group.cancelSyncTimer?.();
    const generation = group.generationId;
    group.cancelSyncTimer = this.deps.scheduler.schedule(group.rebalanceTimeoutMs, () => {
      group.cancelSyncTimer = undefined;
      if (generation !== group.generationId) return;
      if (!group.is("CompletingRebalance") && !group.is("Stable")) return;
      if (group.pendingSyncMembers.size === 0) return;
      for (const memberId of [...group.pendingSyncMembers]) group.remove(memberId);
      this.prepareRebalance(group);
    });
  }

  // ---- SyncGroup --------------------------------------------------------------------------

  sync(group: GroupMetadata, params: SyncGroupParams): Promise<SyncGroupResult> {
    const refusal = this.validateSync(group, params);
    if (refusal !== undefined) return Promise.resolve(syncError(refusal));
    const member = group.get(params.memberId);
    if (group.is("Stable")) {
      group.pendingSyncMembers.delete(member.memberId);
      this.scheduleSessionExpiry(group, member);
      return Promise.resolve(this.syncResult(group, member.assignment, ErrorCode.NONE));
    }
    // CompletingRebalance: park until the leader's assignment is stored.
    return new Promise((resolve) => {
      if (member.isAwaitingSync) member.completeSync(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      member.awaitingSync = resolve;
      group.pendingSyncMembers.delete(member.memberId);
      if (group.isLeader(member.memberId)) this.completeSync(group, params);
    });
  }

  private validateSync(group: GroupMetadata, params: SyncGroupParams): number | undefined {
    if (group.is("Dead")) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const invalid = validateCurrentMember(group, params.memberId, params.groupInstanceId);
    if (invalid !== undefined) return invalid;
    if (params.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (params.protocolType !== null && params.protocolType !== group.protocolType) {
      return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
    }
    if (params.protocolName !== null && params.protocolName !== group.protocolName) {
      return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
    }
    if (group.is("Empty")) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.is("PreparingRebalance")) return ErrorCode.REBALANCE_IN_PROGRESS;
    return undefined;
  }

  /** The leader's SyncGroup: store the assignment (members it left out get an empty one), go Stable. */
  private completeSync(group: GroupMetadata, params: SyncGroupParams): void {
    const assignments = new Map<string, Buffer>();
    for (const memberId of group.members.keys()) assignments.set(memberId, EMPTY_BYTES);
    for (const a of params.assignments)
      if (group.has(a.memberId)) assignments.set(a.memberId, Buffer.from(a.assignment));
    const error = this.deps.store.storeGroup(group, assignments);
    if (!group.is("CompletingRebalance") || group.generationId !== params.generationId) return;
    if (error !== ErrorCode.NONE) {
      this.resetAndPropagateAssignmentError(group, error);
      this.maybePrepareRebalance(group);
      return;
    }
    for (const [memberId, assignment] of assignments) group.get(memberId).assignment = assignment;
    this.propagateAssignment(group, ErrorCode.NONE);
    group.transitionTo("Stable", this.now);
  }

  private resetAndPropagateAssignmentError(group: GroupMetadata, error: number): void {
    for (const member of group.members.values()) member.assignment = EMPTY_BYTES;
    this.propagateAssignment(group, error);
  }

  private propagateAssignment(group: GroupMetadata, error: number): void {
    for (const member of group.members.values()) {
      if (member.completeSync(this.syncResult(group, member.assignment, error)))
        this.scheduleSessionExpiry(group, member);
    }
  }

  private syncResult(group: GroupMetadata, assignment: Buffer, errorCode: number): SyncGroupResult {
    return { errorCode, protocolType: group.protocolType, protocolName: group.protocolName, assignment };
  }

  // ---- Heartbeat, LeaveGroup, session expiry ----------------------------------------------

  heartbeat(group: GroupMetadata, ref: MemberRef): number {
    if (group.is("Dead")) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const invalid = validateCurrentMember(group, ref.memberId, ref.groupInstanceId);
    if (invalid !== undefined) return invalid;
    if (ref.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.is("Empty")) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.scheduleSessionExpiry(group, group.get(ref.memberId));
    return group.is("PreparingRebalance") ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** One member of a LeaveGroup; an empty member id with an instance id removes that static member. */
  leave(group: GroupMetadata, memberId: string, groupInstanceId: string | null): number {
    if (memberId === "") {
      const current = group.currentStaticMemberId(groupInstanceId);
      if (current === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      this.removeMemberAndUpdateGroup(group, group.get(current));
      return ErrorCode.NONE;
    }
    if (group.removePendingMember(memberId)) {
      if (group.is("PreparingRebalance")) this.tryCompleteJoin(group);
      return ErrorCode.NONE;
    }
    const invalid = validateCurrentMember(group, memberId, groupInstanceId);
    if (invalid !== undefined) return invalid;
    this.removeMemberAndUpdateGroup(group, group.get(memberId));
    return ErrorCode.NONE;
  }

  /** (Re)arms the member's session timer: without a heartbeat (or commit) within it, the member is removed. */
  scheduleSessionExpiry(group: GroupMetadata, member: MemberMetadata, timeoutMs = member.sessionTimeoutMs): void {
    member.cancelSessionTimer?.();
    member.cancelSessionTimer = this.deps.scheduler.schedule(timeoutMs, () => {
      member.cancelSessionTimer = undefined;
      if (group.members.get(member.memberId) !== member) return;
      // A member waiting in a rebalance is not expected to heartbeat (its JoinGroup/SyncGroup is
      // parked); the rebalance timeout governs it instead. New members have no such excuse.
      if (!member.isNew && (member.isAwaitingJoin || member.isAwaitingSync)) return;
      this.deps.logger.info(`group ${group.groupId}: member ${member.memberId} session expired, removing it`);
      this.removeMemberAndUpdateGroup(group, member);
    });
  }

  private removeMemberAndUpdateGroup(group: GroupMetadata, member: MemberMetadata): void {
    group.completeJoin(member, joinError(member.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    member.completeSync(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
    if (group.is("Stable") || group.is("CompletingRebalance")) this.maybePrepareRebalance(group);
    else if (group.is("PreparingRebalance")) this.tryCompleteJoin(group);
  }

  /** Answers every parked request with `error` and stops the group's timers (unload, deletion). */
  shutdownGroup(group: GroupMetadata, error: number): void {
    group.cancelJoinTimer?.();
    group.cancelSyncTimer?.();
    group.cancelJoinTimer = group.cancelSyncTimer = undefined;
    for (const cancel of group.pendingMembers.values()) cancel();
    group.pendingMembers.clear();
    for (const member of group.members.values()) {
      member.cancelSessionTimer?.();
      member.cancelSessionTimer = undefined;
      group.completeJoin(member, joinError(member.memberId, error));
      member.completeSync(syncError(error));
    }
  }
}

/**
 * The member check of Sync/Heartbeat/Leave/OffsetCommit: a static member's instance id must map
 * to this member id (else FENCED_INSTANCE_ID, a newer instance took over), and the member must exist.
 */
export function validateCurrentMember(
  group: GroupMetadata,
  memberId: string,
  groupInstanceId: string | null,
): number | undefined {
  const current = group.currentStaticMemberId(groupInstanceId);
  if (current !== undefined && current !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
  if (!group.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
  return undefined;
}
