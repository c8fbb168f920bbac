import { ErrorCode } from "../../protocol/error-codes";
import { FetchPurgatory, type DelayedOperationPurgatory, type FetchWaiter } from "./fetch-purgatory";
import type { Partition } from "./partition";

/** Longest an acks=all produce waits for its replicas, whatever timeoutMs the client sends. */
export const MAX_PRODUCE_TIMEOUT_MS = 300_000;

/** The answer a produce gets for one partition (mutated in place when a delayed produce completes). */
export interface ProducePartitionResult {
  errorCode: number;
  errorMessage: string | null;
  baseOffset: bigint;
  logAppendTimeMs: bigint;
  logStartOffset: bigint;
}

/** One partition of an acks=all produce, appended, waiting for the high watermark to pass it. */
export interface PendingReplication {
  topic: string;
  partition: number;
  /** The offset after the batch's last record: committed once the high watermark reaches it. */
  requiredOffset: bigint;
  result: ProducePartitionResult;
}

export interface ProduceReplicas {
  get(topic: string, partition: number): Partition | undefined;
  readonly producePurgatory: DelayedOperationPurgatory;
}

/**
 * Completes the entries whose partitions are done now (high watermark past the batch, or this
 * broker no longer leads) and returns those still waiting. With a single-replica ISR everything
 * is done at once, so acks=-1 then answers synchronously, like acks=1.
 */
export function completeReplicated(replicas: ProduceReplicas, pending: PendingReplication[]): PendingReplication[] {
  const waiting: PendingReplication[] = [];
  for (const entry of pending) {
    const partition = replicas.get(entry.topic, entry.partition);
    const status =
      partition === undefined
        ? { done: true as const, errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, message: "The replica was removed" }
        : partition.checkEnoughReplicasReachOffset(entry.requiredOffset);
    if (status.done) fail(entry, status.errorCode, status.message);
    else waiting.push(entry);
  }
  return waiting;
}

/**
 * Kafka's DelayedProduce: resolves when every pending partition is done — its high watermark passed
 * the batch (NONE, or NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR has meanwhile shrunk below
 * min.insync.replicas), or this broker stopped leading it (NOT_LEADER_OR_FOLLOWER) — or when
 * `timeoutMs` passes (REQUEST_TIMED_OUT for those not done) or `signal` aborts (the listener is
 * closing: NOT_LEADER_OR_FOLLOWER, so the client retries on the next leader). Results are updated in
 * place. Woken through `producePurgatory` whenever a watched partition's high watermark, ISR or
 * leadership changes.
 */
export function awaitReplication(
  replicas: ProduceReplicas,
  pending: PendingReplication[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  let waiting = completeReplicated(replicas, pending);
  if (waiting.length === 0) return Promise.resolve();
  const keys = [...new Set(waiting.map((p) => FetchPurgatory.key(p.topic, p.partition)))];
  return new Promise((resolve) => {
    const finish = (errorCode?: number, message?: string) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      replicas.producePurgatory.unwatch(keys, waiter);
      if (errorCode !== undefined) for (const entry of waiting) fail(entry, errorCode, message ?? null);
      waiting = [];
      resolve();
    };
    const waiter: FetchWaiter = {
      tryComplete: () => {
        if (waiting.length === 0) return true;
        waiting = completeReplicated(replicas, waiting);
        if (waiting.length > 0) return false;
        finish();
        return true;
      },
    };
    const onAbort = () => finish(ErrorCode.NOT_LEADER_OR_FOLLOWER, "The broker is shutting down");
    const onTimeout = () => {
      waiting = completeReplicated(replicas, waiting);
      finish(ErrorCode.REQUEST_TIMED_OUT, `Not enough replicas acknowledged within ${timeoutMs} ms`);
    };
    const timer = setTimeout(onTimeout, Math.max(0, Math.min(timeoutMs, MAX_PRODUCE_TIMEOUT_MS)));
    if (signal?.aborted === true) return onAbort();
    signal?.addEventListener("abort", onAbort);
    replicas.producePurgatory.watch(keys, waiter);
  });
}

function fail(entry: PendingReplication, errorCode: number, message: string | null): void {
  if (errorCode === ErrorCode.NONE) return;
  entry.result.errorCode = errorCode;
  entry.result.errorMessage = message;
}
