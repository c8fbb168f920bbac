import { ErrorCode } from "../../protocol/error-codes";
import { CompressionType } from "../../protocol/records/batch-header";
import { encodeRecordBatch, type RecordInput } from "../../protocol/records/record-batch";
import type { GroupMetadata } from "./group-metadata";
import type { OffsetsTopicLog } from "./offsets-topic-log";
import {
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  type GroupMetadataRecordValue,
} from "./offsets-topic-records";
import type { CommittedOffset } from "./group-metadata";

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  committed: CommittedOffset;
}

/**
 * Writes group state to __consumer_offsets (GroupMetadataManager's storeGroup / storeOffsets /
 * tombstones): one record batch per call, CreateTime = now, uncompressed, appended to the
 * partition that hosts the group. Each method returns the Kafka error code the caller should
 * answer with (NONE on success), mapped from the append failure as Kafka maps it.
 */
export class GroupStore {
  constructor(
    private readonly log: OffsetsTopicLog,
    private readonly partitionFor: (groupId: string) => number,
    private readonly now: () => number,
  ) {}

  /** The group's metadata record; `assignments` override members' current assignments (leader's SyncGroup). */
  storeGroup(group: GroupMetadata, assignments?: ReadonlyMap<string, Buffer>): number {
    const value = encodeGroupMetadataValue(groupMetadataValue(group, assignments));
    return this.append(group.groupId, [{ key: encodeGroupMetadataKey(group.groupId), value }], groupErrorFor);
  }

  storeOffsets(groupId: string, offsets: TopicPartitionOffset[]): number {
    const records = offsets.map(({ topic, partition, committed }) => ({
      key: encodeOffsetCommitKey(groupId, topic, partition),
      value: encodeOffsetCommitValue({
        offset: committed.offset,
        leaderEpoch: committed.leaderEpoch,
        metadata: committed.metadata,
        commitTimestamp: BigInt(committed.commitTimestampMs),
        expireTimestamp: committed.expireTimestampMs === null ? -1n : BigInt(committed.expireTimestampMs),
      }),
    }));
    return this.append(groupId, records, offsetErrorFor);
  }

  /** Tombstones for offsets and, when `group` is set, for the group's metadata record. */
  writeTombstones(groupId: string, offsets: Array<{ topic: string; partition: number }>, group: boolean): number {
    const records: RecordInput[] = offsets.map(({ topic, partition }) => ({
      key: encodeOffsetCommitKey(groupId, topic, partition),
      value: null,
    }));
    if (group) records.push({ key: encodeGroupMetadataKey(groupId), value: null });
    return this.append(groupId, records, groupErrorFor);
  }

  private append(groupId: string, records: RecordInput[], mapError: (code: number) => number): number {
    if (records.length === 0) return ErrorCode.NONE;
    const now = BigInt(this.now());
    const batch = encodeRecordBatch({
      records: records.map((r) => ({ ...r, timestamp: now })),
      compression: CompressionType.None,
      baseTimestamp: now,
    });
    try {
      this.log.append(this.partitionFor(groupId), batch);
      return ErrorCode.NONE;
    } catch (err) {
      const code = (err as { errorCode?: unknown }).errorCode;
      return mapError(typeof code === "number" ? code : ErrorCode.UNKNOWN_SERVER_ERROR);
    }
  }
}

function groupMetadataValue(group: GroupMetadata, assignments?: ReadonlyMap<string, Buffer>): GroupMetadataRecordValue {
  return {
    protocolType: group.protocolType ?? "",
    generation: group.generationId,
    protocol: group.protocolName,
    leader: group.leaderId,
    currentStateTimestamp: BigInt(group.stateTimestampMs ?? -1),
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeout: m.rebalanceTimeoutMs,
      sessionTimeout: m.sessionTimeoutMs,
      subscription: m.metadataFor(group.protocolName),
      assignment: assignments?.get(m.memberId) ?? m.assignment,
    })),
  };
}

/** GroupMetadataManager.storeGroup's mapping of append errors to what a group request answers. */
function groupErrorFor(code: number): number {
  switch (code) {
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
    case ErrorCode.NOT_ENOUGH_REPLICAS:
    case ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case ErrorCode.NOT_LEADER_OR_FOLLOWER:
    case ErrorCode.KAFKA_STORAGE_ERROR:
      return ErrorCode.NOT_COORDINATOR;
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.REBALANCE_IN_PROGRESS;
    default:
      return ErrorCode.UNKNOWN_SERVER_ERROR;
  }
}

/** GroupMetadataManager.storeOffsets' mapping: an oversized commit is the client's fault. */
function offsetErrorFor(code: number): number {
  switch (code) {
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.RECORD_LIST_TOO_LARGE:
    case ErrorCode.INVALID_FETCH_SIZE:
      return ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.REQUEST_TIMED_OUT;
    default:
      return groupErrorFor(code);
  }
}
