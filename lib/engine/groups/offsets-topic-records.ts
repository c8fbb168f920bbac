import { ProtocolError } from "../../protocol/protocol-error";
import { Reader } from "../../protocol/primitives/reader";
import type { MessageDecl, MessageValue } from "../../protocol/schema/declaration";
import { encodeMessage, readMessagePrefix } from "../../protocol/schema/message-codec";
import {
  GroupMetadataKey,
  GroupMetadataValue,
  OffsetCommitKey,
  OffsetCommitValue,
} from "../../protocol/messages/consumer-offsets";

/** Key versions written by Kafka since 0.10 (GroupMetadataManager): 1 for offsets, 2 for groups. */
export const OFFSET_COMMIT_KEY_VERSION = 1;
export const GROUP_METADATA_KEY_VERSION = 2;
/** Value versions Pier writes, as Kafka 2.1+ does: v3 normally, v1 when an expire timestamp is set. */
export const OFFSET_COMMIT_VALUE_VERSION = 3;
export const OFFSET_COMMIT_VALUE_VERSION_WITH_EXPIRY = 1;
export const GROUP_METADATA_VALUE_VERSION = 3;
/** Highest value version declared; newer versions only add tagged fields (KIP-915), so read as this. */
const HIGHEST_VALUE_VERSION = 4;

export interface OffsetCommitRecordValue {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: bigint;
  /** -1n when the commit has no per-partition expiry (every commit since OffsetCommit v5). */
  expireTimestamp: bigint;
}

export type GroupMetadataRecordValue = MessageValue<typeof GroupMetadataValue>;
export type GroupMetadataMemberValue = GroupMetadataRecordValue["members"][number];

export type OffsetsTopicKey =
  { type: "offset"; group: string; topic: string; partition: number } | { type: "group"; group: string };

function versionPrefixed(version: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(2 + body.length);
  out.writeInt16BE(version, 0);
  body.copy(out, 2);
  return out;
}

export function encodeOffsetCommitKey(group: string, topic: string, partition: number): Buffer {
  return versionPrefixed(
    OFFSET_COMMIT_KEY_VERSION,
    encodeMessage(OffsetCommitKey, OFFSET_COMMIT_KEY_VERSION, { group, topic, partition }),
  );
}

export function encodeGroupMetadataKey(group: string): Buffer {
  return versionPrefixed(
    GROUP_METADATA_KEY_VERSION,
    encodeMessage(GroupMetadataKey, GROUP_METADATA_KEY_VERSION, { group }),
  );
}

export function encodeOffsetCommitValue(value: OffsetCommitRecordValue): Buffer {
  const version = value.expireTimestamp >= 0n ? OFFSET_COMMIT_VALUE_VERSION_WITH_EXPIRY : OFFSET_COMMIT_VALUE_VERSION;
  return versionPrefixed(version, encodeMessage(OffsetCommitValue, version, value));
}

export function encodeGroupMetadataValue(value: GroupMetadataRecordValue): Buffer {
  return versionPrefixed(
    GROUP_METADATA_VALUE_VERSION,
    encodeMessage(GroupMetadataValue, GROUP_METADATA_VALUE_VERSION, value),
  );
}

function readVersion(bytes: Uint8Array, what: string): { version: number; reader: Reader } {
  const reader = new Reader(bytes);
  if (reader.remaining < 2) throw new ProtocolError(`${what} of ${bytes.length} bytes has no version`);
  return { version: reader.int16(), reader };
}

/** Parses a __consumer_offsets key; ProtocolError on an unknown version or malformed bytes. */
export function decodeOffsetsTopicKey(bytes: Uint8Array): OffsetsTopicKey {
  const { version, reader } = readVersion(bytes, "key");
  if (version === 0 || version === 1) {
    const key = readMessagePrefix(OffsetCommitKey, version, reader);
    return { type: "offset", group: key.group, topic: key.topic, partition: key.partition };
  }
  if (version === GROUP_METADATA_KEY_VERSION)
    return { type: "group", group: readMessagePrefix(GroupMetadataKey, GROUP_METADATA_KEY_VERSION, reader).group };
  throw new ProtocolError(`unknown __consumer_offsets key version ${version}`);
}

/** Reads a version-prefixed value; versions newer than declared are read as the newest known one. */
function decodeValue<M extends MessageDecl>(decl: M, bytes: Uint8Array): MessageValue<M> {
  const { version, reader } = readVersion(bytes, decl.name);
  if (version < 0) throw new ProtocolError(`${decl.name} has negative version ${version}`);
  return readMessagePrefix(decl, Math.min(version, HIGHEST_VALUE_VERSION), reader);
}

export function decodeOffsetCommitValue(bytes: Uint8Array): OffsetCommitRecordValue {
  const v = decodeValue(OffsetCommitValue, bytes);
  return {
    offset: v.offset,
    leaderEpoch: v.leaderEpoch,
    metadata: v.metadata,
    commitTimestamp: v.commitTimestamp,
    expireTimestamp: v.expireTimestamp,
  };
}

export function decodeGroupMetadataValue(bytes: Uint8Array): GroupMetadataRecordValue {
  return decodeValue(GroupMetadataValue, bytes);
}
