import { ErrorCode } from "../../protocol/error-codes";
import { BATCH_HEADER_SIZE, CompressionType, batchSizeAt, compressionOf } from "../../protocol/records/batch-header";
import { ApiError, toApiError } from "../controller/api-error";
import { FetchPurgatory, type FetchWaiter } from "./fetch-purgatory";
import type { Partition } from "./partition";
import type { ReplicaManager } from "./replica-manager";

/** IsolationLevel of Fetch v4+ and ListOffsets v2+. */
export const IsolationLevel = { READ_UNCOMMITTED: 0, READ_COMMITTED: 1 } as const;

/** Longest long-poll honoured, whatever the client asks (Kafka bounds it by the request timeout). */
export const MAX_FETCH_WAIT_MS = 60_000;

/** Replica id of a consumer's Fetch (Kafka's FetchRequest.CONSUMER_REPLICA_ID); brokers send their id. */
export const CONSUMER_REPLICA_ID = -1;

export interface FetchPartitionRequest {
  partition: number;
  fetchOffset: bigint;
  partitionMaxBytes: number;
  /** The leader epoch the fetcher knows (v9+), -1 = unchecked. */
  currentLeaderEpoch?: number;
  /** A follower's log start offset (v5+), -1 when unknown. */
  logStartOffset?: bigint;
}

export interface FetchParams {
  /** A broker id for a follower's fetch (it reads up to the log end offset), -1 for a consumer. */
  replicaId?: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  /** False before Fetch v10: such clients cannot read zstd batches (KIP-110). */
  zstdAllowed: boolean;
  /** Where records are read into (default: new buffers); the server lends buffers it reuses once written. */
  allocate?: (bytes: number) => Buffer;
  topics: Array<{ topic: string; partitions: FetchPartitionRequest[] }>;
}

export interface FetchPartitionResult {
  partition: number;
  errorCode: number;
  highWatermark: bigint;
  lastStableOffset: bigint;
  logStartOffset: bigint;
  records: Buffer | null;
}

export interface FetchResult {
  topics: Array<{ topic: string; partitions: FetchPartitionResult[] }>;
}

/**
 * Serves a Fetch (Kafka's ReplicaManager.fetchMessages + DelayedFetch): reads every partition
 * now; answers at once if min_bytes are available, max_wait_ms is 0, or a partition has an
 * error; otherwise parks in the purgatory and re-reads whenever a watched partition gets data,
 * answering with whatever is there when max_wait_ms expires.
 *
 * Size limits: each partition reads at most partitionMaxBytes and the response at most maxBytes,
 * except that the first non-empty partition always returns at least one whole batch so a
 * consumer can make progress past a batch larger than its limits (Kafka's minOneMessage).
 */
export function fetchRecords(
  replicas: ReplicaManager,
  params: FetchParams,
  signal?: AbortSignal,
): Promise<FetchResult> {
  const first = readAll(replicas, params, true);
  if (params.maxWaitMs <= 0 || first.bytes >= params.minBytes || first.hasError || first.partitionCount === 0) {
    return Promise.resolve(first.result);
  }
  const keys = params.topics.flatMap((t) => t.partitions.map((p) => FetchPurgatory.key(t.topic, p.partition)));
  if (signal?.aborted === true) return Promise.resolve(first.result);
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: FetchResult) => {
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      replicas.purgatory.unwatch(keys, waiter);
      resolve(result);
    };
    const waiter: FetchWaiter = {
      tryComplete: () => {
        if (done) return true;
        const attempt = readAll(replicas, params, false);
        if (attempt.bytes < params.minBytes && !attempt.hasError) return false;
        finish(attempt.result);
        return true;
      },
    };
    const onAbort = () => {
      if (!done) finish(readAll(replicas, params, false).result);
    };
    const timer = setTimeout(onAbort, Math.min(params.maxWaitMs, MAX_FETCH_WAIT_MS));
    signal?.addEventListener("abort", onAbort);
    replicas.purgatory.watch(keys, waiter);
  });
}

/** `first`: the request's first read, the one that records a follower's position (Kafka reads it once). */
function readAll(replicas: ReplicaManager, params: FetchParams, first: boolean) {
  let remaining = params.maxBytes;
  let bytes = 0;
  let hasError = false;
  let partitionCount = 0;
  const topics = params.topics.map(({ topic, partitions }) => ({
    topic,
    partitions: partitions.map((request) => {
      partitionCount++;
      const result = readPartition(replicas, topic, request, params, Math.max(0, remaining), bytes === 0, first);
      if (result.errorCode !== ErrorCode.NONE) hasError = true;
      const size = result.records?.length ?? 0;
      bytes += size;
      remaining -= size;
      return result;
    }),
  }));
  return { result: { topics }, bytes, hasError, partitionCount };
}

function readPartition(
  replicas: ReplicaManager,
  topic: string,
  request: FetchPartitionRequest,
  params: FetchParams,
  responseBytesLeft: number,
  minOneBatch: boolean,
  first: boolean,
): FetchPartitionResult {
  try {
    const partition = replicas.leaderPartition(topic, request.partition);
    checkLeaderEpoch(partition, request.currentLeaderEpoch ?? -1);
    const replicaId = params.replicaId ?? CONSUMER_REPLICA_ID;
    const follower = replicaId >= 0;
    const log = partition.log;
    if (request.fetchOffset < log.logStartOffset || request.fetchOffset > log.logEndOffset) {
      return {
        partition: request.partition,
        errorCode: ErrorCode.OFFSET_OUT_OF_RANGE,
        highWatermark: -1n,
        lastStableOffset: -1n,
        logStartOffset: -1n,
        records: null,
      };
    }
    if (follower && first && !recordFollowerFetch(replicas, partition, replicaId, request)) {
      throw new ApiError(
        ErrorCode.NOT_LEADER_OR_FOLLOWER,
        `Broker ${replicaId} is not a replica of ${topic}-${request.partition}`,
      );
    }
    // Followers read everything the leader has; consumers only what is committed.
    const maxOffset = follower
      ? log.logEndOffset
      : params.isolationLevel === IsolationLevel.READ_COMMITTED
        ? partition.lastStableOffset
        : partition.highWatermark;
    const base = {
      partition: request.partition,
      errorCode: ErrorCode.NONE as number,
      highWatermark: partition.highWatermark,
      lastStableOffset: partition.lastStableOffset,
      logStartOffset: log.logStartOffset,
    };
    if (request.fetchOffset >= maxOffset) return { ...base, records: Buffer.alloc(0) };
    const throttled = follower && replicas.isLeaderThrottled(partition, replicaId);
    if (throttled && replicas.leaderQuota.isQuotaExceeded()) return { ...base, records: Buffer.alloc(0) };
    const maxBytes = Math.min(request.partitionMaxBytes, responseBytesLeft);
    const read = log.read(request.fetchOffset, maxBytes, { maxOffset, minOneBatch, allocate: params.allocate });
    if (throttled) replicas.leaderQuota.record(read.records.length);
    if (!params.zstdAllowed && containsZstd(read.records)) {
      return { ...base, errorCode: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, records: null };
    }
    return { ...base, logStartOffset: read.logStartOffset, records: read.records };
  } catch (err) {
    const e = toApiError(err);
    return {
      partition: request.partition,
      errorCode: e.errorCode,
      highWatermark: -1n,
      lastStableOffset: -1n,
      logStartOffset: -1n,
      records: null,
    };
  }
}

/**
 * A fetcher's view of the leader epoch (KIP-320): an older epoch is FENCED_LEADER_EPOCH (it must
 * refresh metadata), a newer one UNKNOWN_LEADER_EPOCH (this broker has not seen it yet).
 */
function checkLeaderEpoch(partition: Partition, currentLeaderEpoch: number): void {
  if (currentLeaderEpoch === -1 || currentLeaderEpoch === partition.leaderEpoch) return;
  if (currentLeaderEpoch < partition.leaderEpoch) {
    throw new ApiError(
      ErrorCode.FENCED_LEADER_EPOCH,
      `The leader epoch in the request ${currentLeaderEpoch} is older than ${partition.leaderEpoch} of ${partition.topic}-${partition.partition}`,
    );
  }
  throw new ApiError(
    ErrorCode.UNKNOWN_LEADER_EPOCH,
    `The leader epoch in the request ${currentLeaderEpoch} is newer than ${partition.leaderEpoch} of ${partition.topic}-${partition.partition}`,
  );
}

/** A follower's fetch offset is its log end offset: the leader records it (high watermark, ISR). */
function recordFollowerFetch(
  replicas: ReplicaManager,
  partition: Partition,
  replicaId: number,
  request: FetchPartitionRequest,
): boolean {
  return replicas.onFollowerFetch(partition, replicaId, request.fetchOffset, request.logStartOffset ?? -1n);
}

/** True if any whole batch in `records` is zstd-compressed (header attributes only). */
function containsZstd(records: Buffer): boolean {
  for (let pos = 0; pos + BATCH_HEADER_SIZE <= records.length; pos += batchSizeAt(records, pos)) {
    if (compressionOf(records.readInt16BE(pos + 21)) === CompressionType.Zstd) return true;
  }
  return false;
}
