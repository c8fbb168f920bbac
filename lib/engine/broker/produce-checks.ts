import { ErrorCode } from "../../protocol/error-codes";
import {
  CONTROL_MASK,
  CompressionType,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  compressionOf,
  readBatchHeader,
  type BatchHeader,
} from "../../protocol/records/batch-header";
import { ApiError } from "../controller/api-error";
import { INTERNAL_TOPICS } from "../controller/topic-name";
import type { Partition } from "./partition";
import type { ProducePartitionResult } from "./produce-purgatory";

/** Produce v7 is the first version allowed to carry zstd batches (KIP-110). */
export const ZSTD_MIN_PRODUCE_VERSION = 7;

/**
 * What a leader checks before appending one partition's records of a Produce request (Kafka's
 * ReplicaManager/LogValidator, on the batch header only): exactly one batch, zstd only from v7,
 * no control or transactional batches, timestamps within the topic's limits, and for acks=-1 an
 * ISR of at least min.insync.replicas. Throws ApiError; returns the batch and its header.
 */
export function checkProduceBatch(
  partition: Partition,
  records: Buffer | null,
  acks: number,
  produceVersion: number,
): { records: Buffer; header: BatchHeader } {
  // Clients may not write to internal topics (Kafka's internalTopicsAllowed = false for Produce):
  // only the group coordinator appends to __consumer_offsets, through the log directly.
  if (INTERNAL_TOPICS.has(partition.topic))
    throw new ApiError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Cannot append to internal topic ${partition.topic}`);
  if (records === null || records.length === 0)
    throw new ApiError(ErrorCode.INVALID_RECORD, "Produce request must contain exactly one record batch");
  const header = readBatchHeader(records, 0);
  if (header.batchLength + 12 !== records.length)
    throw new ApiError(ErrorCode.INVALID_RECORD, "Produce request must contain exactly one record batch per partition");
  if (compressionOf(header.attributes) === CompressionType.Zstd && produceVersion < ZSTD_MIN_PRODUCE_VERSION) {
    throw new ApiError(
      ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
      "Produce requests with ZStandard compression require version 7 or later",
    );
  }
  if ((header.attributes & CONTROL_MASK) !== 0)
    throw new ApiError(ErrorCode.INVALID_RECORD, "Clients may not write control batches");
  if ((header.attributes & TRANSACTIONAL_MASK) !== 0)
    throw new ApiError(ErrorCode.INVALID_TXN_STATE, "Transactions are not supported by this broker yet");
  checkTimestamps(partition, header.attributes, header.maxTimestamp);
  checkMinInsyncReplicas(partition, acks);
  return { records, header };
}

/**
 * CreateTime batches must lie within message.timestamp.before.max.ms / after.max.ms of now
 * (LogValidator). Checked on the batch's maxTimestamp without decoding records: exact for
 * "after" (no record is later than the max); for "before" a batch is refused when even its
 * newest record is too old.
 */
function checkTimestamps(partition: Partition, attributes: number, maxTimestamp: bigint): void {
  const config = partition.config;
  if ((attributes & TIMESTAMP_TYPE_MASK) !== 0 || config.log.messageTimestampType === "LogAppendTime") return;
  const now = BigInt(Date.now());
  if (
    maxTimestamp > now + config.timestampAfterMaxMs ||
    (maxTimestamp >= 0n && maxTimestamp < now - config.timestampBeforeMaxMs)
  ) {
    throw new ApiError(
      ErrorCode.INVALID_TIMESTAMP,
      `Timestamp ${maxTimestamp} of a record is out of the range allowed by message.timestamp.before.max.ms / message.timestamp.after.max.ms of ${partition.topic}`,
    );
  }
}

/** acks=-1 is refused before the append when the ISR is already below min.insync.replicas. */
function checkMinInsyncReplicas(partition: Partition, acks: number): void {
  const minIsr = partition.config.minInsyncReplicas;
  if (acks !== -1 || partition.state.isr.length >= minIsr) return;
  throw new ApiError(
    ErrorCode.NOT_ENOUGH_REPLICAS,
    `The size of the current ISR ${partition.state.isr.length} is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${partition.topic}-${partition.partition}`,
  );
}

/** A successful produce answer for one partition. */
export function appendedResult(
  partition: Partition,
  baseOffset: bigint,
  logAppendTimeMs: bigint,
): ProducePartitionResult {
  return {
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    baseOffset,
    logAppendTimeMs,
    logStartOffset: partition.log.logStartOffset,
  };
}
