import { CONSUMER_PROTOCOL_TYPE, subscriptionTopics } from "./consumer-protocol";
import { ErrorCode } from "../../protocol/error-codes";
import { joinError, MemberMetadata, syncError, type GroupProtocol } from "./member-metadata";

/** The classic group states, named as Kafka's GroupState objects (clients compare these strings). */
export type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

export const GROUP_STATES: readonly GroupState[] = [
  "Empty",
  "PreparingRebalance",
  "CompletingRebalance",
  "Stable",
  "Dead",
];

/** Kafka's GroupMetadata.validPreviousStates: a transition from any other state is a bug. */
const VALID_PREVIOUS_STATES: Record<GroupState, readonly GroupState[]> = {
  Empty: ["PreparingRebalance"],
  PreparingRebalance: ["Stable", "CompletingRebalance", "Empty"],
  CompletingRebalance: ["PreparingRebalance"],
  Stable: ["CompletingRebalance"],
  Dead: ["Stable", "PreparingRebalance", "CompletingRebalance", "Empty", "Dead"],
};

/** A committed offset as stored in __consumer_offsets (OffsetCommitValue). */
export interface CommittedOffset {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestampMs: number;
  /** Per-partition expiry of old OffsetCommit versions (v1-v4 retention time); null = none. */
  expireTimestampMs: number | null;
}

/**
 * One classic consumer group (Kafka's GroupMetadata): membership, generation, chosen protocol,
 * the parked requests of a rebalance in progress, and the group's committed offsets.
 *
 * Invariants: leaderId is a member id or null (null iff there are no members); every member's
 * protocolType equals the group's; numMembersAwaitingJoin counts members whose JoinGroup is parked;
 * a pending member (handed an id by MEMBER_ID_REQUIRED) is never also in `members`.
 */
export class GroupMetadata {
  state: GroupState;
  /** When the group last changed state (GroupMetadataValue.currentStateTimestamp); drives offset expiry. */
  stateTimestampMs: number | null;
  protocolType: string | null = null;
  protocolName: string | null = null;
  generationId = 0;
  leaderId: string | null = null;
  readonly members = new Map<string, MemberMetadata>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet rejoined; the value cancels their expiry. */
  readonly pendingMembers = new Map<string, () => void>();
  readonly staticMembers = new Map<string, string>();
  readonly pendingSyncMembers = new Set<string>();
  numMembersAwaitingJoin = 0;
  /** Set when a member joins during the initial delayed join (generation 0): extends the delay. */
  newMemberAdded = false;
  /** Committed offsets by topic, then partition. */
  readonly offsets = new Map<string, Map<number, CommittedOffset>>();
  /** Which join-phase timer runs: only a "delayed" one may end early when all members rejoined. */
  joinPhase: "initial" | "delayed" | undefined;
  /** Cancels the pending join-phase timer (DelayedJoin / InitialDelayedJoin). */
  cancelJoinTimer: (() => void) | undefined;
  /** Cancels the pending sync-phase timer (DelayedSync). */
  cancelSyncTimer: (() => void) | undefined;
  private readonly protocolSupport = new Map<string, number>();

  constructor(
    readonly groupId: string,
    nowMs: number,
    state: GroupState = "Empty",
  ) {
    this.state = state;
    this.stateTimestampMs = nowMs;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transitionTo(state: GroupState, nowMs: number): void {
    if (!VALID_PREVIOUS_STATES[state].includes(this.state)) {
      throw new Error(`group ${this.groupId}: illegal transition ${this.state} -> ${state}`);
    }
    this.state = state;
    this.stateTimestampMs = nowMs;
  }

  get canRebalance(): boolean {
    return VALID_PREVIOUS_STATES.PreparingRebalance.includes(this.state);
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  get(memberId: string): MemberMetadata {
    const member = this.members.get(memberId);
    if (member === undefined) throw new Error(`group ${this.groupId} has no member ${memberId}`);
    return member;
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  isPendingMember(memberId: string): boolean {
    return this.pendingMembers.has(memberId);
  }

  removePendingMember(memberId: string): boolean {
    const cancel = this.pendingMembers.get(memberId);
    if (cancel === undefined) return false;
    cancel();
    this.pendingMembers.delete(memberId);
    return true;
  }

  /**
   * A static member rejoined without its member id: it continues under `newMemberId` with the old
   * member's protocols and assignment. The old id's parked requests are fenced.
   */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): MemberMetadata {
    const old = this.get(oldMemberId);
    const wasLeader = this.leaderId === oldMemberId;
    this.remove(oldMemberId);
    old.completeJoin(joinError(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
    old.completeSync(syncError(ErrorCode.FENCED_INSTANCE_ID));
    const member = new MemberMetadata(
      newMemberId,
      groupInstanceId,
      old.clientId,
      old.clientHost,
      old.rebalanceTimeoutMs,
      old.sessionTimeoutMs,
      old.protocolType,
      old.supportedProtocols,
    );
    member.assignment = old.assignment;
    this.add(member);
    if (wasLeader) this.leaderId = newMemberId;
    return member;
  }

  /** The largest rebalance timeout of the members: how long a join phase may wait. */
  get rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  currentStaticMemberId(groupInstanceId: string | null): string | undefined {
    return groupInstanceId === null ? undefined : this.staticMembers.get(groupInstanceId);
  }

  add(member: MemberMetadata): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    if (this.leaderId === null) this.leaderId = member.memberId;
    this.members.set(member.memberId, member);
    for (const name of member.protocolNames())
      this.protocolSupport.set(name, (this.protocolSupport.get(name) ?? 0) + 1);
    if (member.isAwaitingJoin) this.numMembersAwaitingJoin++;
    this.removePendingMember(member.memberId);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
  }

  remove(memberId: string): MemberMetadata | undefined {
    const member = this.members.get(memberId);
    if (member === undefined) return undefined;
    this.members.delete(memberId);
    this.forgetProtocols(member);
    if (member.isAwaitingJoin) this.numMembersAwaitingJoin--;
    member.cancelSessionTimer?.();
    this.pendingSyncMembers.delete(memberId);
    if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
      this.staticMembers.delete(member.groupInstanceId);
    }
    if (this.isLeader(memberId)) this.leaderId = this.members.keys().next().value ?? null;
    return member;
  }

  /** Replaces a member's protocols (a rejoin), keeping the vote counts right. */
  updateProtocols(member: MemberMetadata, protocols: GroupProtocol[]): void {
    this.forgetProtocols(member);
    member.supportedProtocols = protocols;
    for (const name of member.protocolNames())
      this.protocolSupport.set(name, (this.protocolSupport.get(name) ?? 0) + 1);
  }

  /** Parks a member's JoinGroup; the member then counts as having (re)joined this round. */
  setAwaitingJoin(member: MemberMetadata, callback: MemberMetadata["awaitingJoin"]): void {
    if (!member.isAwaitingJoin && callback !== undefined) this.numMembersAwaitingJoin++;
    else if (member.isAwaitingJoin && callback === undefined) this.numMembersAwaitingJoin--;
    member.awaitingJoin = callback;
  }

  /** Answers a member's parked JoinGroup and keeps the awaiting count right. */
  completeJoin(member: MemberMetadata, result: Parameters<MemberMetadata["completeJoin"]>[0]): void {
    if (member.completeJoin(result)) this.numMembersAwaitingJoin--;
  }

  /** Every member has rejoined and no MEMBER_ID_REQUIRED member is still expected (hasAllMembersJoined). */
  get hasAllMembersJoined(): boolean {
    return this.members.size === this.numMembersAwaitingJoin && this.pendingMembers.size === 0;
  }

  notYetRejoinedMembers(): MemberMetadata[] {
    return [...this.members.values()].filter((m) => !m.isAwaitingJoin);
  }

  /** If the leader did not rejoin, a member that did becomes leader. False if none rejoined. */
  maybeElectNewJoinedLeader(): boolean {
    const leader = this.leaderId === null ? undefined : this.members.get(this.leaderId);
    if (leader?.isAwaitingJoin) return true;
    const joined = [...this.members.values()].find((m) => m.isAwaitingJoin);
    if (joined === undefined) return false;
    this.leaderId = joined.memberId;
    return true;
  }

  /**
   * Protocol type matches and at least one of the member's protocols is supported by every current
   * member (an Empty group accepts any non-empty type and protocol list).
   */
  supportsProtocols(protocolType: string, protocols: GroupProtocol[]): boolean {
    if (this.is("Empty")) return protocolType !== "" && protocols.length > 0;
    return (
      this.protocolType === protocolType &&
      protocols.some((p) => this.protocolSupport.get(p.name) === this.members.size)
    );
  }

  /** The protocol for the next generation: most votes among protocols every member supports. */
  selectProtocol(): string {
    const candidates = new Set<string>();
    for (const [name, count] of this.protocolSupport) if (count === this.members.size) candidates.add(name);
    const votes = new Map<string, number>();
    for (const member of this.members.values()) {
      const vote = member.vote(candidates);
      if (vote !== undefined) votes.set(vote, (votes.get(vote) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [name, count] of votes) if (best === undefined || count > votes.get(best)!) best = name;
    if (best === undefined) throw new Error(`group ${this.groupId}: no protocol supported by all members`);
    return best;
  }

  /** Starts the next generation (initNextGeneration): CompletingRebalance with members, else Empty. */
  initNextGeneration(nowMs: number): void {
    this.generationId++;
    this.protocolName = this.members.size > 0 ? this.selectProtocol() : null;
    this.transitionTo(this.members.size > 0 ? "CompletingRebalance" : "Empty", nowMs);
    this.pendingSyncMembers.clear();
  }

  /**
   * Topics the members subscribe to under the chosen protocol, or null when unknown (not a
   * consumer group, or a subscription that does not parse): callers must then assume "all".
   */
  subscribedTopics(): Set<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE || this.protocolName === null) return null;
    const topics = new Set<string>();
    for (const member of this.members.values()) {
      const subscribed = subscriptionTopics(member.metadataFor(this.protocolName));
      if (subscribed === undefined) return null;
      for (const topic of subscribed) topics.add(topic);
    }
    return topics;
  }

  isSubscribedToTopic(topic: string): boolean {
    const topics = this.subscribedTopics();
    return topics === null || topics.has(topic);
  }

  offset(topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  setOffset(topic: string, partition: number, value: CommittedOffset): void {
    let byPartition = this.offsets.get(topic);
    if (byPartition === undefined) this.offsets.set(topic, (byPartition = new Map()));
    byPartition.set(partition, value);
  }

  removeOffset(topic: string, partition: number): boolean {
    const byPartition = this.offsets.get(topic);
    if (byPartition === undefined || !byPartition.delete(partition)) return false;
    if (byPartition.size === 0) this.offsets.delete(topic);
    return true;
  }

  *allOffsets(): Generator<{ topic: string; partition: number; committed: CommittedOffset }> {
    for (const [topic, byPartition] of this.offsets) {
      for (const [partition, committed] of byPartition) yield { topic, partition, committed };
    }
  }

  get hasOffsets(): boolean {
    return this.offsets.size > 0;
  }

  private forgetProtocols(member: MemberMetadata): void {
    for (const name of member.protocolNames()) {
      const count = (this.protocolSupport.get(name) ?? 0) - 1;
      if (count <= 0) this.protocolSupport.delete(name);
      else this.protocolSupport.set(name, count);
    }
  }
}
