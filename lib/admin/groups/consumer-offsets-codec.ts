import { ProtocolError, Reader } from "../../protocol";

/**
 * The record formats of Kafka's `__consumer_offsets` topic (the group coordinator's log), as
 * written by Kafka's GroupMetadataManager / CoordinatorRecordSerde. Every record key starts with
 * an int16 version that says what the record is:
 *
 *   key v0, v1  OffsetCommitKey     group:string, topic:string, partition:int32
 *   key v2      GroupMetadataKey    group:string
 *   key v3+     other coordinator records (consumer-group protocol v2, share groups): not decoded
 *
 * Values start with their own int16 version. A null value is a tombstone: the offset (or the
 * whole group) was deleted.
 *
 *   OffsetCommitValue   v0: offset:int64, metadata:string, commitTimestamp:int64
 *                       v1: + expireTimestamp:int64
 *                       v2: offset, metadata, commitTimestamp
 *                       v3: offset, leaderEpoch:int32, metadata, commitTimestamp
 *                       v4: as v3, flexible (compact strings, tagged fields)
 *   GroupMetadataValue  protocolType:string, generation:int32, protocol:string?, leader:string?,
 *                       currentStateTimestamp:int64 (v2+), members[]: memberId, groupInstanceId?
 *                       (v3+), clientId, clientHost, rebalanceTimeout:int32 (v1+),
 *                       sessionTimeout:int32, subscription:bytes, assignment:bytes; v4 flexible.
 */
export const OFFSETS_TOPIC = "__consumer_offsets";
const MAX_OFFSET_COMMIT_VALUE_VERSION = 4;
const MAX_GROUP_METADATA_VALUE_VERSION = 4;
const FIRST_FLEXIBLE_VALUE_VERSION = 4;

export type ConsumerOffsetsKey =
  | { type: "offset"; group: string; topic: string; partition: number }
  | { type: "group"; group: string }
  | { type: "other"; version: number };

export interface OffsetCommitValue {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: bigint;
  expireTimestamp: bigint;
}

export interface GroupMemberMetadata {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  subscription: Buffer;
  assignment: Buffer;
}

export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  currentStateTimestamp: bigint;
  members: GroupMemberMetadata[];
}

/** String reader for one encoding: classic (int16 length) or compact (unsigned varint length + 1). */
class FieldReader {
  constructor(
    readonly r: Reader,
    readonly flexible: boolean,
  ) {}

  nullableString(): string | null {
    const length = this.flexible ? this.r.unsignedVarint() - 1 : this.r.int16();
    return length < 0 ? null : this.r.utf8(length);
  }

  string(field: string): string {
    const value = this.nullableString();
    if (value === null) throw new ProtocolError(`__consumer_offsets: ${field} is null`);
    return value;
  }

  bytes(): Buffer {
    const length = this.flexible ? this.r.unsignedVarint() - 1 : this.r.int32();
    return length < 0 ? Buffer.alloc(0) : Buffer.from(this.r.view(length));
  }

  arrayLength(): number {
    const length = this.flexible ? this.r.unsignedVarint() - 1 : this.r.int32();
    // Every member takes at least a few bytes, so a count above the bytes left is malformed.
    if (length > this.r.remaining)
      throw new ProtocolError(`__consumer_offsets: array of ${length} in ${this.r.remaining} bytes`);
    return Math.max(length, 0);
  }

  /** Skips a tagged-field section (flexible versions only). */
  taggedFields(): void {
    if (!this.flexible) return;
    const count = this.r.unsignedVarint();
    for (let i = 0; i < count; i++) {
      this.r.unsignedVarint();
      this.r.view(this.r.unsignedVarint());
    }
  }
}

export function decodeConsumerOffsetsKey(key: Uint8Array): ConsumerOffsetsKey {
  const r = new Reader(key);
  const version = r.int16();
  const f = new FieldReader(r, false);
  if (version === 0 || version === 1) {
    return { type: "offset", group: f.string("group"), topic: f.string("topic"), partition: r.int32() };
  }
  if (version === 2) return { type: "group", group: f.string("group") };
  return { type: "other", version };
}

export function decodeOffsetCommitValue(value: Uint8Array): OffsetCommitValue {
  const r = new Reader(value);
  const version = r.int16();
  if (version < 0 || version > MAX_OFFSET_COMMIT_VALUE_VERSION) {
    throw new ProtocolError(`__consumer_offsets: unknown offset commit value version ${version}`);
  }
  const f = new FieldReader(r, version >= FIRST_FLEXIBLE_VALUE_VERSION);
  const offset = r.int64();
  const leaderEpoch = version >= 3 ? r.int32() : -1;
  const metadata = f.nullableString() ?? "";
  const commitTimestamp = r.int64();
  const expireTimestamp = version === 1 ? r.int64() : -1n;
  f.taggedFields();
  return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}

export function decodeGroupMetadataValue(value: Uint8Array): GroupMetadataValue {
  const r = new Reader(value);
  const version = r.int16();
  if (version < 0 || version > MAX_GROUP_METADATA_VALUE_VERSION) {
    throw new ProtocolError(`__consumer_offsets: unknown group metadata value version ${version}`);
  }
  const f = new FieldReader(r, version >= FIRST_FLEXIBLE_VALUE_VERSION);
  const protocolType = f.string("protocolType");
  const generation = r.int32();
  const protocol = f.nullableString();
  const leader = f.nullableString();
  const currentStateTimestamp = version >= 2 ? r.int64() : -1n;
  const members: GroupMemberMetadata[] = [];
  const count = f.arrayLength();
  for (let i = 0; i < count; i++) {
    const memberId = f.string("memberId");
    const groupInstanceId = version >= 3 ? f.nullableString() : null;
    const clientId = f.string("clientId");
    const clientHost = f.string("clientHost");
    const rebalanceTimeoutMs = version >= 1 ? r.int32() : -1;
    const sessionTimeoutMs = r.int32();
    const subscription = f.bytes();
    const assignment = f.bytes();
    f.taggedFields();
    members.push({
      memberId,
      groupInstanceId,
      clientId,
      clientHost,
      rebalanceTimeoutMs,
      sessionTimeoutMs,
      subscription,
      assignment,
    });
  }
  f.taggedFields();
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}
