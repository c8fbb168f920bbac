import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { kafkaConfigEntries, logConfigOverrides } from "./kafka-config";
import { DEFAULT_LOG_CONFIG, FLUSH_NEVER } from "./log-config";
import { LogError } from "./log-error";

describe("Kafka topic config names", () => {
  it("describes the defaults with Kafka's names and values", () => {
    const entries = kafkaConfigEntries(DEFAULT_LOG_CONFIG);
    expect(entries).toMatchObject({
      "segment.bytes": "1073741824",
      "segment.ms": "604800000",
      "retention.ms": "604800000",
      "retention.bytes": "-1",
      "cleanup.policy": "delete",
      "max.message.bytes": "1048588",
      "message.timestamp.type": "CreateTime",
      "index.interval.bytes": "4096",
      "segment.index.bytes": "10485760",
      "delete.retention.ms": "86400000",
      "min.compaction.lag.ms": "0",
      "min.cleanable.dirty.ratio": "0.5",
      "flush.messages": "9223372036854775807",
      "flush.ms": "9223372036854775807",
      "file.delete.delay.ms": "60000",
    });
  });

  it("parses overrides, including Long.MAX and policy lists, and round-trips", () => {
    const overrides = logConfigOverrides({
      "cleanup.policy": "delete, compact",
      "retention.ms": "-1",
      "flush.messages": "9223372036854775807",
      "min.cleanable.dirty.ratio": "0.1",
      "unrelated.config": "x",
    });
    expect(overrides).toEqual({
      cleanupPolicy: "compact,delete",
      retentionMs: -1,
      flushMessages: FLUSH_NEVER,
      minCleanableDirtyRatio: 0.1,
    });
    const config = { ...DEFAULT_LOG_CONFIG, ...overrides };
    expect({ ...DEFAULT_LOG_CONFIG, ...logConfigOverrides(kafkaConfigEntries(config)) }).toEqual(config);
  });

  it("refuses bad values with INVALID_CONFIG", () => {
    const bads: Array<Record<string, string>> = [
      { "segment.bytes": "10" },
      { "segment.bytes": "abc" },
      { "segment.bytes": "4294967296" },
      { "retention.ms": "-2" },
      { "cleanup.policy": "compact,purge" },
      { "message.timestamp.type": "Now" },
      { "min.cleanable.dirty.ratio": "1.5" },
    ];
    for (const bad of bads) {
      try {
        logConfigOverrides(bad);
        expect.unreachable(JSON.stringify(bad));
      } catch (error) {
        expect(error).toBeInstanceOf(LogError);
        expect((error as LogError).errorCode).toBe(ErrorCode.INVALID_CONFIG);
      }
    }
  });
});
