import { describe, expect, it } from "vitest";
import {
  isThrottledReplica,
  parseRate,
  QUOTA_WINDOW_COUNT,
  QUOTA_WINDOW_MS,
  ReplicationQuota,
} from "./replication-quota";

describe("replication throttles", () => {
  it("measure bytes/s over the sampled windows and trip above the bound", () => {
    let now = 0;
    const quota = new ReplicationQuota(() => now);
    expect(quota.enabled).toBe(false);
    quota.record(1_000_000);
    expect(quota.isQuotaExceeded()).toBe(false); // unlimited: nothing recorded, never exceeded
    quota.setUpperBound(1_000);
    // A fresh quota spreads over (windows - 1) windows, as Kafka's Rate does: 5 KB in 10 s = 500 B/s.
    quota.record(5_000);
    expect(quota.measure()).toBe(500);
    expect(quota.isQuotaExceeded()).toBe(false);
    quota.record(6_000);
    expect(quota.isQuotaExceeded()).toBe(true);
    // Old windows expire: after the whole sampled span nothing is left.
    now += QUOTA_WINDOW_COUNT * QUOTA_WINDOW_MS;
    expect(quota.measure()).toBe(0);
    expect(quota.isQuotaExceeded()).toBe(false);
  });

  it("parse *.replication.throttled.replicas and the rate configs as Kafka does", () => {
    expect(isThrottledReplica("*", 3, 1)).toBe(true);
    expect(isThrottledReplica("0:1,1:2", 1, 2)).toBe(true);
    expect(isThrottledReplica("0:1, 1:2", 0, 1)).toBe(true);
    expect(isThrottledReplica("0:1,1:2", 0, 2)).toBe(false);
    expect(isThrottledReplica("", 0, 1)).toBe(false);
    expect(isThrottledReplica(null, 0, 1)).toBe(false);
    expect(parseRate("9223372036854775807")).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseRate("1048576")).toBe(1048576);
    expect(parseRate(null)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
