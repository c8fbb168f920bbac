import type { MessageDecl } from "../../protocol/schema/declaration";

/**
 * Kafka's record formats in __consumer_offsets (group-coordinator's OffsetCommitKey/Value and
 * GroupMetadataKey/Value), declared with lib/protocol's machinery. On disk every key and value is
 * an int16 version followed by the struct encoded at that version (MessageUtil
 * .toVersionPrefixedBytes); the key's version says what the record is:
 *
 *   key v0, v1  OffsetCommitKey   { group: string, topic: string, partition: int32 }
 *   key v2      GroupMetadataKey  { group: string }
 *   value null  tombstone: the committed offset / the group is deleted (compaction removes it)
 *
 * Both key structs are encoded at struct version 0 whatever the key version is.
 */
export const OffsetCommitKey = {
  name: "OffsetCommitKey",
  type: "data",
  validVersions: "0",
  flexibleVersions: "none",
  fields: [
    { name: "group", type: "string", versions: "0" },
    { name: "topic", type: "string", versions: "0" },
    { name: "partition", type: "int32", versions: "0" },
  ],
} as const satisfies MessageDecl;

export const GroupMetadataKey = {
  name: "GroupMetadataKey",
  type: "data",
  validVersions: "0",
  flexibleVersions: "none",
  fields: [{ name: "group", type: "string", versions: "0" }],
} as const satisfies MessageDecl;

/**
 * Value of an offset commit. v1 carries a per-partition expireTimestamp (OffsetCommit v1-v4 with
 * an explicit retention time); v3 adds the leader epoch; v4 is the first flexible version.
 */
export const OffsetCommitValue = {
  name: "OffsetCommitValue",
  type: "data",
  validVersions: "0-4",
  flexibleVersions: "4+",
  fields: [
    { name: "offset", type: "int64", versions: "0+" },
    { name: "leaderEpoch", type: "int32", versions: "3+", default: -1 },
    { name: "metadata", type: "string", versions: "0+" },
    { name: "commitTimestamp", type: "int64", versions: "0+" },
    { name: "expireTimestamp", type: "int64", versions: "1", default: -1n },
  ],
} as const satisfies MessageDecl;

/** Value of a group's metadata record: the group as of its last rebalance, with its members. */
export const GroupMetadataValue = {
  name: "GroupMetadataValue",
  type: "data",
  validVersions: "0-4",
  flexibleVersions: "4+",
  fields: [
    { name: "protocolType", type: "string", versions: "0+" },
    { name: "generation", type: "int32", versions: "0+" },
    { name: "protocol", type: "string", versions: "0+", nullableVersions: "0+" },
    { name: "leader", type: "string", versions: "0+", nullableVersions: "0+" },
    { name: "currentStateTimestamp", type: "int64", versions: "2+", default: -1n },
    {
      name: "members",
      type: "[]MemberMetadata",
      versions: "0+",
      fields: [
        { name: "memberId", type: "string", versions: "0+" },
        { name: "groupInstanceId", type: "string", versions: "3+", nullableVersions: "3+", default: null },
        { name: "clientId", type: "string", versions: "0+" },
        { name: "clientHost", type: "string", versions: "0+" },
        { name: "rebalanceTimeout", type: "int32", versions: "1+", default: -1 },
        { name: "sessionTimeout", type: "int32", versions: "0+" },
        { name: "subscription", type: "bytes", versions: "0+" },
        { name: "assignment", type: "bytes", versions: "0+" },
      ],
    },
  ],
} as const satisfies MessageDecl;
