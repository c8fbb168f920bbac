import type { FieldDecl, MessageDecl } from "../schema/declaration";

/**
 * Records of the internal topic __consumer_offsets, in Kafka's own formats (group-coordinator
 * module at the same Kafka snapshot as the API specs). Key and value are each `version:int16` +
 * struct, so they go through encodeVersionedPayload / decodeVersionedPayload. Key versions 0-1 are
 * offset commits, key version 2 is group metadata; a null value is a tombstone.
 */
export const OffsetCommitKey = {
  name: "OffsetCommitKey",
  type: "data",
  validVersions: "0-1",
  flexibleVersions: "none",
  fields: [
    { name: "group", type: "string", versions: "0-1" },
    { name: "topic", type: "string", versions: "0-1" },
    { name: "partition", type: "int32", versions: "0-1" },
  ],
} as const satisfies MessageDecl;

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

export const GroupMetadataKey = {
  name: "GroupMetadataKey",
  type: "data",
  validVersions: "2",
  flexibleVersions: "none",
  fields: [{ name: "group", type: "string", versions: "2" }],
} as const satisfies MessageDecl;

const MemberMetadataFields = [
  { name: "memberId", type: "string", versions: "0+" },
  { name: "groupInstanceId", type: "string", versions: "3+", nullableVersions: "3+", default: null },
  { name: "clientId", type: "string", versions: "0+" },
  { name: "clientHost", type: "string", versions: "0+" },
  { name: "rebalanceTimeout", type: "int32", versions: "1+", default: -1 },
  { name: "sessionTimeout", type: "int32", versions: "0+" },
  { name: "subscription", type: "bytes", versions: "0+" },
  { name: "assignment", type: "bytes", versions: "0+" },
] as const satisfies readonly FieldDecl[];

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
    { name: "members", type: "[]MemberMetadata", versions: "0+", fields: MemberMetadataFields },
  ],
} as const satisfies MessageDecl;
