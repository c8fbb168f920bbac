import { ErrorCode } from "../../protocol/error-codes";
import { BATCH_HEADER_SIZE, CompressionType, batchSizeAt, compressionOf } from "../../protocol/records/batch-header";
import { toApiError } from "../controller/api-error";
import { FetchPurgatory, type FetchWaiter } from "./fetch-purgatory";
import type { ReplicaManager } from "./replica-manager";

/** IsolationLevel of Fetch v4+ and ListOffsets v2+. */
export const IsolationLevel = { READ_UNCOMMITTED: 0, READ_COMMITTED: 1 } as const;

/** Longest long-poll honoured, whatever the client asks (Kafka bounds it by the request timeout). */
export const MAX_FETCH_WAIT_MS = 60_000;

export interface FetchPartitionRequest {
  partition: number;
  fetchOffset: bigint;
  partitionMaxBytes: number;
}

export interface FetchParams {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  /** False before Fetch v10: such clients cannot read zstd batches (KIP-110). */
  zstdAllowed: boolean;
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
  const first = readAll(replicas, params);
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
        const attempt = readAll(replicas, params);
        if (attempt.bytes < params.minBytes && !attempt.hasError) return false;
        finish(attempt.result);
        return true;
      },
    };
    const onAbort = () => {
      if (!done) finish(readAll(replicas, params).result);
    };
    const timer = setTimeout(onAbort, Math.min(params.maxWaitMs, MAX_FETCH_WAIT_MS));
    signal?.addEventListener("abort", onAbort);
    replicas.purgatory.watch(keys, waiter);
  });
}

function readAll(replicas: ReplicaManager, params: FetchParams) {
  let remaining = params.maxBytes;
  let bytes = 0;
  let hasError = false;
  let partitionCount = 0;
  const topics = params.topics.map(({ topic, partitions }) => ({
    topic,
    partitions: partitions.map((request) => {
      partitionCount++;
      const result = readPartition(replicas, topic, request, params, Math.max(0, remaining), bytes === 0);
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
): FetchPartitionResult {
  try {
    const partition = replicas.leaderPartition(topic, request.partition);
    const log = partition.log;
    const maxOffset =
      params.isolationLevel === IsolationLevel.READ_COMMITTED ? partition.lastStableOffset : partition.highWatermark;
    const base = {
      partition: request.partition,
      errorCode: ErrorCode.NONE as number,
      highWatermark: partition.highWatermark,
      lastStableOffset: partition.lastStableOffset,
      logStartOffset: log.logStartOffset,
    };
    if (request.fetchOffset < log.logStartOffset || request.fetchOffset > log.logEndOffset) {
      return {
        ...base,
        errorCode: ErrorCode.OFFSET_OUT_OF_RANGE,
        highWatermark: -1n,
        lastStableOffset: -1n,
        logStartOffset: -1n,
        records: null,
      };
    }
    if (request.fetchOffset >= maxOffset) return { ...base, records: Buffer.alloc(0) };
    const maxBytes = Math.min(request.partitionMaxBytes, responseBytesLeft);
    const read = log.read(request.fetchOffset, maxBytes, { maxOffset, minOneBatch });
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

/** True if any whole batch in `records` is zstd-compressed (header attributes only). */
function containsZstd(records: Buffer): boolean {
  for (let pos = 0; pos + BATCH_HEADER_SIZE <= records.length; pos += batchSizeAt(records, pos)) {
    if (compressionOf(records.readInt16BE(pos + 21)) === CompressionType.Zstd) return true;
  }
  return false;
}
