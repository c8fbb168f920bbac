import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import type { PartitionState } from "../controller/metadata-image";
import { PartitionLog } from "../log";
import { makeTempDir, testConfig, valuesBatch } from "../log/test-support";
import { toTopicRuntimeConfig } from "./log-config-mapper";
import { Partition } from "./partition";
import { awaitReplication, type PendingReplication } from "./produce-purgatory";
import { FetchPurgatory } from "./fetch-purgatory";

const LAG_MS = 1_000;
const alwaysLive = () => true;

function state(overrides: Partial<PartitionState> = {}): PartitionState {
  return {
    topicId: "AAAAAAAAAAAAAAAAAAAAAQ",
    partition: 0,
    replicas: [0, 1, 2],
    isr: [0, 1, 2],
    leader: 0,
    leaderEpoch: 1,
    partitionEpoch: 1,
    addingReplicas: [],
    removingReplicas: [],
    ...overrides,
  };
}

describe("Partition: high watermark and ISR on the leader", () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let log: PartitionLog;
  let partition: Partition;
  let now = 10_000;

  const make = (s: PartitionState, hw = 0n, minIsr = "1") => {
    partition = new Partition("t", 0, s, log, toTopicRuntimeConfig(new Map([["min.insync.replicas", minIsr]])), 0, hw);
    partition.makeLeader(s, now);
    return partition;
  };
  const append = (n: number) => log.appendAsLeader(valuesBatch(n), partition.leaderEpoch);
  const bump = () => partition.maybeIncrementLeaderHighWatermark(now, LAG_MS, alwaysLive);

  beforeEach(() => {
    tmp = makeTempDir("pier-partition-");
    log = PartitionLog.open(`${tmp.dir}/t-0`, testConfig());
    now = 10_000;
  });
  afterEach(() => {
    log.close();
    tmp.cleanup();
  });

  it("is the smallest log end offset of the ISR and never moves backwards", () => {
    make(state());
    append(10);
    expect(bump()).toBe(false); // followers' positions are unknown after becoming leader
    expect(partition.highWatermark).toBe(0n);
    partition.updateFollowerFetchState(1, 10n, 0n, now);
    expect(bump()).toBe(false);
    partition.updateFollowerFetchState(2, 4n, 0n, now);
    expect(bump()).toBe(true);
    expect(partition.highWatermark).toBe(4n);
    partition.updateFollowerFetchState(2, 10n, 0n, now);
    bump();
    expect(partition.highWatermark).toBe(10n);
    // A follower fetching from further back (it truncated) does not pull the high watermark back.
    partition.updateFollowerFetchState(2, 3n, 0n, now);
    bump();
    expect(partition.highWatermark).toBe(10n);
  });

  it("equals the log end offset when the leader is the whole ISR", () => {
    make(state({ isr: [0] }));
    append(5);
    bump();
    expect(partition.highWatermark).toBe(5n);
  });

  it("keeps a checkpointed high watermark, clamped to the log, across becoming leader", () => {
    append(3);
    make(state({ isr: [0, 1] }), 99n);
    expect(partition.highWatermark).toBe(3n);
  });

  it("waits for a caught-up replica about to join the ISR, but not for a lagging one", () => {
    make(state({ isr: [0, 1] }));
    append(10);
    partition.updateFollowerFetchState(1, 10n, 0n, now);
    partition.updateFollowerFetchState(2, 2n, 0n, now); // lagging, never caught up: ignored
    bump();
    expect(partition.highWatermark).toBe(10n);
    append(5);
    partition.updateFollowerFetchState(2, 15n, 0n, now); // caught up, not yet in the ISR
    partition.updateFollowerFetchState(1, 12n, 0n, now);
    bump();
    expect(partition.highWatermark).toBe(12n);
    expect(partition.replicasToAddToIsr()).toEqual([2]);
  });

  it("adds a follower to the ISR only past the high watermark and the epoch's start offset", () => {
    append(10); // written in an earlier epoch
    make(state({ isr: [0, 1], leaderEpoch: 2 }));
    expect(partition.leaderEpochStartOffset).toBe(10n);
    partition.updateFollowerFetchState(1, 10n, 0n, now);
    bump();
    partition.updateFollowerFetchState(2, 8n, 0n, now);
    expect(partition.replicasToAddToIsr()).toEqual([]);
    partition.updateFollowerFetchState(2, 10n, 0n, now);
    expect(partition.replicasToAddToIsr()).toEqual([2]);
  });

  it("removes an ISR follower that has not caught up for replica.lag.time.max.ms", () => {
    make(state());
    append(10);
    partition.updateFollowerFetchState(1, 10n, 0n, now);
    partition.updateFollowerFetchState(2, 10n, 0n, now);
    append(1);
    now += LAG_MS + 1;
    partition.updateFollowerFetchState(1, 11n, 0n, now);
    expect(partition.replicasToRemoveFromIsr(now, LAG_MS)).toEqual([2]);
    // An idle partition does not shrink: a follower at the leader's end stays caught up.
    expect(partition.replicasToRemoveFromIsr(now + 10 * LAG_MS, LAG_MS)).toEqual([2]);
    partition.updateFollowerFetchState(2, 11n, 0n, now);
    expect(partition.replicasToRemoveFromIsr(now + 10 * LAG_MS, LAG_MS)).toEqual([]);
  });

  it("acks=all: done when the high watermark passes, refused when the ISR is below min.insync.replicas", () => {
    make(state({ isr: [0, 1] }), 0n, "2");
    append(3);
    expect(partition.checkEnoughReplicasReachOffset(3n)).toEqual({ done: false });
    partition.updateFollowerFetchState(1, 3n, 0n, now);
    bump();
    expect(partition.checkEnoughReplicasReachOffset(3n)).toMatchObject({ done: true, errorCode: ErrorCode.NONE });
    partition.makeLeader(state({ isr: [0], partitionEpoch: 2 }), now);
    expect(partition.checkEnoughReplicasReachOffset(3n)).toMatchObject({
      errorCode: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
    });
    partition.makeFollower(state({ leader: 1, leaderEpoch: 2, isr: [1] }));
    expect(partition.checkEnoughReplicasReachOffset(3n)).toMatchObject({ errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER });
  });

  it("the produce purgatory completes on a high watermark move, and times out otherwise", async () => {
    make(state({ isr: [0, 1] }));
    append(2);
    const purgatory = new FetchPurgatory();
    const replicas = { get: () => partition, producePurgatory: purgatory };
    const entry = (): PendingReplication => ({
      topic: "t",
      partition: 0,
      requiredOffset: 2n,
      result: { errorCode: 0, errorMessage: null, baseOffset: 0n, logAppendTimeMs: -1n, logStartOffset: 0n },
    });
    const timedOut = entry();
    await awaitReplication(replicas, [timedOut], 30);
    expect(timedOut.result.errorCode).toBe(ErrorCode.REQUEST_TIMED_OUT);
    const completed = entry();
    const waiting = awaitReplication(replicas, [completed], 10_000);
    partition.updateFollowerFetchState(1, 2n, 0n, now);
    bump();
    purgatory.notify(FetchPurgatory.key("t", 0));
    await waiting;
    expect(completed.result.errorCode).toBe(ErrorCode.NONE);
    expect(purgatory.watchedKeys).toBe(0);
  });

  it("a follower's high watermark is the leader's, bounded by its own log end", () => {
    partition = new Partition("t", 0, state({ leader: 1 }), log, toTopicRuntimeConfig(new Map()), 0);
    partition.makeFollower(state({ leader: 1 }));
    log.appendAsFollower(leaderBatch(0n, 4));
    partition.updateFollowerHighWatermark(10n);
    expect(partition.highWatermark).toBe(4n);
    partition.updateFollowerHighWatermark(2n);
    expect(partition.highWatermark).toBe(2n);
    partition.truncateTo(1n);
    expect(partition.highWatermark).toBe(1n);
  });
});

/** A batch as a leader wrote it: offsets from `base`, epoch 1. */
function leaderBatch(base: bigint, count: number): Buffer {
  const batch = valuesBatch(count);
  batch.writeBigInt64BE(base, 0);
  batch.writeInt32BE(1, 12);
  return batch;
}
