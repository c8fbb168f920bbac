/** One protocol a member offers in JoinGroup: an assignor name and its opaque subscription bytes. */
export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

/** What a parked JoinGroup is answered with (JoinGroupResponse fields, any version). */
export interface JoinGroupResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  memberId: string;
  skipAssignment: boolean;
  /** Non-empty only in the leader's response: every member with its metadata for the chosen protocol. */
  members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>;
}

/** What a parked SyncGroup is answered with. */
export interface SyncGroupResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

export const EMPTY_BYTES = Buffer.alloc(0);

export function joinError(memberId: string, errorCode: number): JoinGroupResult {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: "",
    memberId,
    skipAssignment: false,
    members: [],
  };
}

export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY_BYTES };
}

/**
 * A member of a classic group (Kafka's MemberMetadata). The parked JoinGroup/SyncGroup of the
 * member, if any, is held as a callback; at most one of each exists at a time.
 */
export class MemberMetadata {
  assignment: Buffer = EMPTY_BYTES;
  awaitingJoin: ((result: JoinGroupResult) => void) | undefined;
  awaitingSync: ((result: SyncGroupResult) => void) | undefined;
  /** Joined but not yet through a completed join phase: expires after NEW_MEMBER_JOIN_TIMEOUT_MS. */
  isNew = false;
  /** Cancels the member's pending session-expiry timer. */
  cancelSessionTimer: (() => void) | undefined;

  constructor(
    readonly memberId: string,
    public groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    readonly protocolType: string,
    public supportedProtocols: GroupProtocol[],
  ) {}

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.awaitingJoin !== undefined;
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSync !== undefined;
  }

  protocolNames(): string[] {
    return this.supportedProtocols.map((p) => p.name);
  }

  /** The member's metadata for `protocol`; empty if it does not offer it (never the case for a chosen one). */
  metadataFor(protocol: string | null): Buffer {
    return this.supportedProtocols.find((p) => p.name === protocol)?.metadata ?? EMPTY_BYTES;
  }

  /** Same protocols with the same metadata in the same order: a rejoin that changes nothing. */
  matches(protocols: GroupProtocol[]): boolean {
    if (protocols.length !== this.supportedProtocols.length) return false;
    return protocols.every((p, i) => {
      const own = this.supportedProtocols[i]!;
      return own.name === p.name && own.metadata.equals(p.metadata);
    });
  }

  /** The member's vote: its most preferred protocol among those every member supports. */
  vote(candidates: ReadonlySet<string>): string | undefined {
    return this.supportedProtocols.find((p) => candidates.has(p.name))?.name;
  }

  /** Answers the parked JoinGroup, if any. Returns whether one was waiting. */
  completeJoin(result: JoinGroupResult): boolean {
    const callback = this.awaitingJoin;
    if (callback === undefined) return false;
    this.awaitingJoin = undefined;
    callback(result);
    return true;
  }

  completeSync(result: SyncGroupResult): boolean {
    const callback = this.awaitingSync;
    if (callback === undefined) return false;
    this.awaitingSync = undefined;
    callback(result);
    return true;
  }
}
