import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../server/test-support";

const run = promisify(execFile);
const SCRIPT = path.join(import.meta.dirname, "kafka_python_roundtrip.py");
const COUNT = 500;

interface Report {
  configs: Record<string, string>;
  topics_before_delete: string[];
  topics_after_delete: string[];
  produced_offsets: Record<string, number[]>;
  end_offsets: Record<string, number>;
  consumed: Array<[number, number, string, string, Array<[string, string]>]>;
}

/** kafka-python 2.0.2 (Debian python3-kafka) against the broker: admin, producer, assign() consumer. */
describe("kafka-python against the broker", () => {
  let t: TestCluster;
  beforeAll(async () => {
    t = await startTestCluster();
  });
  afterAll(async () => t?.stop());

  it("creates/describes/deletes topics and round-trips keyed messages with headers", async () => {
    const { stdout } = await run("/usr/bin/python3", [SCRIPT, t.bootstrap, "py-topic", String(COUNT)], {
      timeout: 60_000,
    });
    const report = JSON.parse(stdout) as Report;
    expect(report.configs).toMatchObject({
      "retention.ms": "86400000",
      "max.message.bytes": "2000000",
      "cleanup.policy": "delete",
    });
    expect(report.topics_before_delete).toEqual(["py-topic", "py-topic-doomed"]);
    expect(report.topics_after_delete).toEqual(["py-topic"]);
    const half = Array.from({ length: COUNT / 2 }, (_, i) => i);
    expect(report.produced_offsets).toEqual({ "0": half, "1": half });
    expect(report.end_offsets).toEqual({ "0": COUNT / 2, "1": COUNT / 2 });
    expect(report.consumed).toEqual(
      Array.from({ length: COUNT }, (_, i) => [i % 2, Math.floor(i / 2), `k${i}`, `v${i}`, [["n", String(i)]]]),
    );
  });
});
