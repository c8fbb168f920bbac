import { ErrorCode } from "../../protocol/error-codes";
import { ApiError, toApiError } from "../controller/api-error";
import { IsolationLevel } from "./fetch";
import type { ReplicaManager } from "./replica-manager";

/** ListOffsets special timestamps (ListOffsetsRequest.java). */
export const ListOffsetsTimestamp = {
  LATEST: -1n,
  EARLIEST: -2n,
  MAX_TIMESTAMP: -3n,
  EARLIEST_LOCAL: -4n,
  LATEST_TIERED: -5n,
} as const;

export interface ListOffsetResult {
  errorCode: number;
  timestamp: bigint;
  offset: bigint;
  leaderEpoch: number;
}

/**
 * ListOffsets for one partition (UnifiedLog.fetchOffsetByTimestamp): earliest = log start offset;
 * latest = the last fetchable offset for the isolation level (the high watermark, or the last
 * stable offset); max timestamp = the record with the largest timestamp; otherwise the first offset
 * whose timestamp is ≥ the one asked for, or -1 if there is none below the last fetchable offset.
 * A follower broker asking (replicaId ≥ 0) is not bound by the high watermark: latest is the log
 * end offset, as Kafka answers its replica fetchers.
 */
export function listOffset(
  replicas: ReplicaManager,
  topic: string,
  partitionIndex: number,
  timestamp: bigint,
  isolationLevel: number,
  replicaId = -1,
): ListOffsetResult {
  try {
    const partition = replicas.leaderPartition(topic, partitionIndex);
    const log = partition.log;
    const epoch = partition.leaderEpoch;
    const lastFetchable =
      replicaId >= 0
        ? log.logEndOffset
        : isolationLevel === IsolationLevel.READ_COMMITTED
          ? partition.lastStableOffset
          : partition.highWatermark;
    const answer = (offset: bigint, ts: bigint = -1n): ListOffsetResult => ({
      errorCode: ErrorCode.NONE,
      timestamp: ts,
      offset,
      leaderEpoch: epoch,
    });
    switch (timestamp) {
      case ListOffsetsTimestamp.EARLIEST:
      case ListOffsetsTimestamp.EARLIEST_LOCAL:
        return answer(log.logStartOffset);
      case ListOffsetsTimestamp.LATEST:
      case ListOffsetsTimestamp.LATEST_TIERED:
        return answer(timestamp === ListOffsetsTimestamp.LATEST ? lastFetchable : -1n);
      case ListOffsetsTimestamp.MAX_TIMESTAMP: {
        const max = log.maxTimestampOffset();
        return max === null ? answer(-1n) : answer(max.offset, max.timestamp);
      }
    }
    if (timestamp < 0n) throw new ApiError(ErrorCode.INVALID_REQUEST, `Unknown special timestamp ${timestamp}`);
    const found = log.offsetForTimestamp(timestamp);
    if (found === null || found.offset >= lastFetchable) return answer(-1n);
    return answer(found.offset, found.timestamp);
  } catch (err) {
    return { errorCode: toApiError(err).errorCode, timestamp: -1n, offset: -1n, leaderEpoch: -1 };
  }
}

/**
 * DeleteRecords for one partition (Partition.deleteRecordsOnLeader): -1 means "up to the high
 * watermark"; offsets beyond it or negative are OFFSET_OUT_OF_RANGE; compact-only topics refuse.
 * Returns the new low watermark (log start offset).
 */
export function deleteRecords(
  replicas: ReplicaManager,
  topic: string,
  partitionIndex: number,
  offset: bigint,
): { errorCode: number; lowWatermark: bigint } {
  try {
    const partition = replicas.leaderPartition(topic, partitionIndex);
    if (partition.config.log.cleanupPolicy === "compact") {
      throw new ApiError(
        ErrorCode.POLICY_VIOLATION,
        `Records of partition ${topic}-${partitionIndex} can not be deleted due to the configured policy`,
      );
    }
    const hw = partition.highWatermark;
    const target = offset === -1n ? hw : offset;
    if (target < 0n || target > hw) {
      throw new ApiError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `Cannot increment the log start offset to ${target} of partition ${topic}-${partitionIndex} since it is larger than the high watermark ${hw}`,
      );
    }
    const lowWatermark =
      target <= partition.log.logStartOffset ? partition.log.logStartOffset : partition.log.deleteRecordsBefore(target);
    return { errorCode: ErrorCode.NONE, lowWatermark };
  } catch (err) {
    return { errorCode: toApiError(err).errorCode, lowWatermark: -1n };
  }
}

/**
 * OffsetForLeaderEpoch for one partition (Partition.lastOffsetForLeaderEpoch): the end offset of
 * `leaderEpoch` in the leader's epoch cache — where the next epoch started, or the log end offset
 * for the current epoch — so a client can detect a log that diverged from what it read (KIP-320).
 * A stale or future currentLeaderEpoch (v2+, -1 = unchecked) is FENCED / UNKNOWN_LEADER_EPOCH;
 * an epoch older than anything the log knows answers -1/-1 as Kafka does.
 */
export function offsetForLeaderEpoch(
  replicas: ReplicaManager,
  topic: string,
  partitionIndex: number,
  currentLeaderEpoch: number,
  leaderEpoch: number,
): { errorCode: number; leaderEpoch: number; endOffset: bigint } {
  try {
    const partition = replicas.leaderPartition(topic, partitionIndex);
    if (currentLeaderEpoch !== -1 && currentLeaderEpoch < partition.leaderEpoch) {
      throw new ApiError(
        ErrorCode.FENCED_LEADER_EPOCH,
        `Leader epoch ${currentLeaderEpoch} is older than ${partition.leaderEpoch}`,
      );
    }
    if (currentLeaderEpoch > partition.leaderEpoch) {
      throw new ApiError(
        ErrorCode.UNKNOWN_LEADER_EPOCH,
        `Leader epoch ${currentLeaderEpoch} is newer than ${partition.leaderEpoch}`,
      );
    }
    const found = partition.log.endOffsetForEpoch(leaderEpoch);
    return found === null
      ? { errorCode: ErrorCode.NONE, leaderEpoch: -1, endOffset: -1n }
      : { errorCode: ErrorCode.NONE, leaderEpoch: found.epoch, endOffset: found.endOffset };
  } catch (err) {
    return { errorCode: toApiError(err).errorCode, leaderEpoch: -1, endOffset: -1n };
  }
}
