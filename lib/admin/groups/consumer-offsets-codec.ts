import {
  ProtocolError,
  decodeConsumerOffsetsKey as decodeKey,
  decodeGroupMetadataValue as decodeGroupValue,
  decodeOffsetCommitValue as decodeOffsetValue,
} from "../../protocol";

/**
 * The records of Kafka's `__consumer_offsets` topic as the console's reader needs them, decoded
 * with the shared declarations of lib/protocol (lib/protocol/messages/consumer-offsets.ts, the
 * same ones the engine's group coordinator writes with). Every record key starts with an int16
 * version that says what the record is:
 *
 *   key v0, v1  OffsetCommitKey     → { type: "offset", group, topic, partition }
 *   key v2      GroupMetadataKey    → { type: "group", group }
 *   key v3+     other coordinator records (consumer-group protocol v2, share groups): "other",
 *               skipped by the reader rather than treated as corruption
 *
 * A null value is a tombstone: the offset (or the whole group) was deleted. Value versions newer
 * than the ones declared are refused (ProtocolError) instead of being read as the newest known:
 * a misread offset would show as a wrong lag, a skipped record only as a missing one.
 */
export const OFFSETS_TOPIC = "__consumer_offsets";
const MAX_OFFSET_COMMIT_VALUE_VERSION = 4;
const MAX_GROUP_METADATA_VALUE_VERSION = 4;
const FIRST_OTHER_KEY_VERSION = 3;
const VERSION_BYTES = 2;

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

/** The int16 version prefix of a key or value. */
function versionOf(bytes: Uint8Array, what: string): number {
  if (bytes.length < VERSION_BYTES) throw new ProtocolError(`__consumer_offsets: ${what} of ${bytes.length} bytes`);
  return (((bytes[0]! << 8) | bytes[1]!) << 16) >> 16;
}

export function decodeConsumerOffsetsKey(key: Uint8Array): ConsumerOffsetsKey {
  const version = versionOf(key, "key");
  if (version >= FIRST_OTHER_KEY_VERSION || version < 0) return { type: "other", version };
  const decoded = decodeKey(key);
  if (decoded.kind === "group") return { type: "group", group: decoded.key.group };
  const { group, topic, partition } = decoded.key;
  return { type: "offset", group, topic, partition };
}

export function decodeOffsetCommitValue(value: Uint8Array): OffsetCommitValue {
  const version = versionOf(value, "offset commit value");
  if (version < 0 || version > MAX_OFFSET_COMMIT_VALUE_VERSION) {
    throw new ProtocolError(`__consumer_offsets: unknown offset commit value version ${version}`);
  }
  const { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp } = decodeOffsetValue(value).value;
  return { offset, leaderEpoch, metadata, commitTimestamp, expireTimestamp };
}

export function decodeGroupMetadataValue(value: Uint8Array): GroupMetadataValue {
  const version = versionOf(value, "group metadata value");
  if (version < 0 || version > MAX_GROUP_METADATA_VALUE_VERSION) {
    throw new ProtocolError(`__consumer_offsets: unknown group metadata value version ${version}`);
  }
  const v = decodeGroupValue(value).value;
  return {
    protocolType: v.protocolType,
    generation: v.generation,
    protocol: v.protocol,
    leader: v.leader,
    currentStateTimestamp: v.currentStateTimestamp,
    members: v.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeoutMs: m.rebalanceTimeout,
      sessionTimeoutMs: m.sessionTimeout,
      // Copies: the decoded bytes are views of the fetched record set, which must not be kept alive.
      subscription: Buffer.from(m.subscription),
      assignment: Buffer.from(m.assignment),
    })),
  };
}
