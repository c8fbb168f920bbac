import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PartitionLog } from "../log";
import { makeTempDir, testConfig, valuesBatch } from "../log/test-support";
import { truncationOffset } from "./truncation";

/** Follower log: epoch 1 at 0..4, epoch 3 at 5..9 (log end 10). */
describe("truncationOffset (KIP-101/279 truncation against the leader's epoch end offset)", () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let log: PartitionLog;

  beforeEach(() => {
    tmp = makeTempDir("pier-truncation-");
    log = PartitionLog.open(`${tmp.dir}/t-0`, testConfig());
    log.appendAsLeader(valuesBatch(5), 1);
    log.appendAsLeader(valuesBatch(5), 3);
  });
  afterEach(() => {
    log.close();
    tmp.cleanup();
  });

  it("cuts where the shared epoch ends on the leader", () => {
    expect(truncationOffset(log, { leaderEpoch: 3, endOffset: 7n })).toEqual({ offset: 7n, completed: true });
    expect(truncationOffset(log, { leaderEpoch: 3, endOffset: 12n })).toEqual({ offset: 10n, completed: true });
  });

  it("asks again when the leader answers an epoch this log does not have", () => {
    // The leader's largest epoch <= 3 is 2 (it never saw epoch 3): cut to where our epoch 1 ends.
    expect(truncationOffset(log, { leaderEpoch: 2, endOffset: 8n })).toEqual({ offset: 5n, completed: false });
    // Next round asks for epoch 1, which both have.
    expect(truncationOffset(log, { leaderEpoch: 1, endOffset: 4n })).toEqual({ offset: 4n, completed: true });
  });

  it("keeps the log when the leader knows no such epoch, and never goes past the log end", () => {
    expect(truncationOffset(log, { leaderEpoch: -1, endOffset: -1n })).toEqual({ offset: 10n, completed: true });
    // The leader's epoch 0 (offsets 0..2) is older than anything here: our epoch 1 at 0 diverges from 0.
    expect(truncationOffset(log, { leaderEpoch: 0, endOffset: 3n })).toEqual({ offset: 0n, completed: true });
  });
});
