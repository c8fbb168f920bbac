import { decodeVersionedPayload, encodeVersionedPayload } from "./consumer-protocol";
import { GroupMetadataKey, GroupMetadataValue, OffsetCommitKey, OffsetCommitValue } from "./messages/consumer-offsets";
import { Reader } from "./primitives/reader";
import { ProtocolError } from "./protocol-error";
import type { MessageInput, MessageValue } from "./schema/declaration";

/**
 * Keys and values of __consumer_offsets records. The key's version says what the record is:
 * 0 or 1 = a committed offset (value: OffsetCommitValue), 2 = a group's metadata (value:
 * GroupMetadataValue). Values carry their own version prefix.
 */
export type OffsetCommitKeyData = MessageValue<typeof OffsetCommitKey>;
export type OffsetCommitValueData = MessageValue<typeof OffsetCommitValue>;
export type GroupMetadataKeyData = MessageValue<typeof GroupMetadataKey>;
export type GroupMetadataValueData = MessageValue<typeof GroupMetadataValue>;

export type ConsumerOffsetsKey =
  | { kind: "offset"; version: number; key: OffsetCommitKeyData }
  | { kind: "group"; version: number; key: GroupMetadataKeyData };

/** The key version Kafka writes for each kind (offset keys v0 and v1 are identical on the wire). */
const OFFSET_COMMIT_KEY_VERSION = 1;
const GROUP_METADATA_KEY_VERSION = 2;

export function decodeConsumerOffsetsKey(bytes: Uint8Array): ConsumerOffsetsKey {
  if (bytes.length < 2) throw new ProtocolError(`__consumer_offsets key of ${bytes.length} bytes has no version`);
  const version = new Reader(bytes).int16();
  if (version === 0 || version === 1)
    return { kind: "offset", ...keyOf(decodeVersionedPayload(OffsetCommitKey, bytes)) };
  if (version === GROUP_METADATA_KEY_VERSION) {
    return { kind: "group", ...keyOf(decodeVersionedPayload(GroupMetadataKey, bytes)) };
  }
  throw new ProtocolError(`unknown __consumer_offsets key version ${version}`);
}

function keyOf<T>(decoded: { version: number; value: T }): { version: number; key: T } {
  return { version: decoded.version, key: decoded.value };
}

export function encodeOffsetCommitKey(key: MessageInput<typeof OffsetCommitKey>): Buffer {
  return encodeVersionedPayload(OffsetCommitKey, OFFSET_COMMIT_KEY_VERSION, key);
}

export function encodeGroupMetadataKey(key: MessageInput<typeof GroupMetadataKey>): Buffer {
  return encodeVersionedPayload(GroupMetadataKey, GROUP_METADATA_KEY_VERSION, key);
}

export function encodeOffsetCommitValue(version: number, value: MessageInput<typeof OffsetCommitValue>): Buffer {
  return encodeVersionedPayload(OffsetCommitValue, version, value);
}

export function decodeOffsetCommitValue(bytes: Uint8Array): { version: number; value: OffsetCommitValueData } {
  return decodeVersionedPayload(OffsetCommitValue, bytes);
}

export function encodeGroupMetadataValue(version: number, value: MessageInput<typeof GroupMetadataValue>): Buffer {
  return encodeVersionedPayload(GroupMetadataValue, version, value);
}

export function decodeGroupMetadataValue(bytes: Uint8Array): { version: number; value: GroupMetadataValueData } {
  return decodeVersionedPayload(GroupMetadataValue, bytes);
}

export { GroupMetadataKey, GroupMetadataValue, OffsetCommitKey, OffsetCommitValue };
