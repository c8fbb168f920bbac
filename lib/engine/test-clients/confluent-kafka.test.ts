import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../server/test-support";

const run = promisify(execFile);
const SCRIPT = path.join(import.meta.dirname, "confluent_kafka_roundtrip.py");
const COUNT = 2000;

/** confluent-kafka-python 1.7.0 / librdkafka 2.0.2: its admin client and an idempotent producer. */
describe("confluent-kafka-python (librdkafka) against the broker", () => {
  let t: TestCluster;
  beforeAll(async () => {
    t = await startTestCluster();
  });
  afterAll(async () => t?.stop());

  it("administers topics and round-trips an idempotent lz4 producer's messages", async () => {
    const { stdout } = await run("/usr/bin/python3", [SCRIPT, t.bootstrap, "ck-topic", String(COUNT)], {
      timeout: 60_000,
    });
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report.configs).toEqual({
      "cleanup.policy": "delete",
      "retention.bytes": "1048576",
      "segment.bytes": "1073741824",
    });
    // ConfigSource: 1 = DYNAMIC_TOPIC_CONFIG, 5 = DEFAULT_CONFIG
    expect(report.config_sources).toEqual({ "retention.bytes": 1, "segment.bytes": 5 });
    // librdkafka names error 17 (INVALID_TOPIC_EXCEPTION) TOPIC_EXCEPTION.
    expect(report.bad_topic_error).toBe("TOPIC_EXCEPTION");
    expect(report.partitions).toBe(2);
    expect(report.doomed_exists).toBe(false);
    expect(report.delivery_errors).toBe(0);
    expect(report.delivered).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    expect(report.consumed).toEqual(Array.from({ length: COUNT }, (_, i) => [i, `k${i}`, `v${i}`]));
  });
});
