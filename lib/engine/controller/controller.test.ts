import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { silentLogger } from "../broker/logger";
import { ApiError } from "./api-error";
import { ConfigSource } from "./config-definitions";
import {
  AlterConfigOp,
  ConfigResourceType,
  Controller,
  MAX_PARTITIONS_PER_TOPIC,
  type CreateTopicSpec,
} from "./controller";
import { METADATA_LOG_FILE_NAME } from "./metadata-log";
import { assignReplicas, rackAlternatedBrokers } from "./replica-assignment";

const BROKERS = [0, 1, 2].map((id) => ({ id, host: "127.0.0.1", port: 9092 + id, rack: null }));

function spec(name: string, extra: Partial<CreateTopicSpec> = {}): CreateTopicSpec {
  return { name, numPartitions: 3, replicationFactor: 1, assignments: [], configs: [], ...extra };
}

function errorCodeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ApiError ? err.errorCode : -999;
  }
  return undefined;
}

describe("Controller", () => {
  let dir: string;
  const open = () => Controller.open({ dataDir: dir, brokers: BROKERS, logger: silentLogger });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pier-controller-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("creates topics with ids, assignments and configs that survive a restart", () => {
    const c = open();
    const created = c.createTopic(spec("orders", { configs: [{ name: "retention.ms", value: "1000" }] }), false);
    expect(created).toMatchObject({ numPartitions: 3, replicationFactor: 1 });
    expect(created.topicId).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{20}[AQgw]$/);
    const clusterId = c.clusterId;
    c.close();
    const reopened = open();
    const topic = reopened.topic("orders")!;
    expect(reopened.clusterId).toBe(clusterId);
    expect(topic.topicId).toBe(created.topicId);
    expect(topic.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(reopened.configs.topicValue("orders", "retention.ms", 0)).toBe("1000");
    reopened.close();
  });

  it("validates names, counts, replication factors and configs like Kafka", () => {
    const c = open();
    expect(errorCodeOf(() => c.createTopic(spec(".."), false))).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(errorCodeOf(() => c.createTopic(spec("a".repeat(250)), false))).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(errorCodeOf(() => c.createTopic(spec("bad name"), false))).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(errorCodeOf(() => c.createTopic(spec("t", { numPartitions: 0 }), false))).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(errorCodeOf(() => c.createTopic(spec("t", { numPartitions: MAX_PARTITIONS_PER_TOPIC + 1 }), false))).toBe(
      ErrorCode.INVALID_PARTITIONS,
    );
    expect(errorCodeOf(() => c.createTopic(spec("t", { replicationFactor: 4 }), false))).toBe(
      ErrorCode.INVALID_REPLICATION_FACTOR,
    );
    expect(
      errorCodeOf(() => c.createTopic(spec("t", { configs: [{ name: "retention.ms", value: "soon" }] }), false)),
    ).toBe(ErrorCode.INVALID_CONFIG);
    expect(
      errorCodeOf(() => c.createTopic(spec("t", { configs: [{ name: "no.such.config", value: "1" }] }), false)),
    ).toBe(ErrorCode.INVALID_CONFIG);
    expect(
      errorCodeOf(() =>
        c.createTopic(
          spec("t", { numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [7] }] }),
          false,
        ),
      ),
    ).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    expect(c.topic("t")).toBeUndefined();
    c.createTopic(spec("t"), false);
    expect(errorCodeOf(() => c.createTopic(spec("t"), false))).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    c.createTopic(spec("a.b"), false);
    expect(errorCodeOf(() => c.createTopic(spec("a_b"), false))).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    c.deleteTopic(c.topic("a.b")!);
    c.createTopic(spec("a_b"), false);
    c.close();
  });

  it("validate-only creates nothing", () => {
    const c = open();
    c.createTopic(spec("dry"), true);
    expect(c.topic("dry")).toBeUndefined();
    c.close();
  });

  it("honours a manual replica assignment and grows partitions", () => {
    const c = open();
    c.createTopic(
      spec("manual", {
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [
          { partitionIndex: 0, brokerIds: [2, 0] },
          { partitionIndex: 1, brokerIds: [1, 2] },
        ],
      }),
      false,
    );
    expect(c.topic("manual")!.partitions.map((p) => [p.leader, p.replicas])).toEqual([
      [2, [2, 0]],
      [1, [1, 2]],
    ]);
    c.createPartitions("manual", 4, null, false);
    expect(c.topic("manual")!.partitions.map((p) => p.replicas.length)).toEqual([2, 2, 2, 2]);
    expect(errorCodeOf(() => c.createPartitions("manual", 3, null, false))).toBe(ErrorCode.INVALID_PARTITIONS);
    c.close();
  });

  it("alters configs incrementally with Kafka's sources and synonyms", () => {
    const c = open();
    c.createTopic(spec("cfg"), false);
    const topic = { resourceType: ConfigResourceType.TOPIC, resourceName: "cfg" };
    c.incrementalAlterConfigs(topic, [{ name: "cleanup.policy", op: AlterConfigOp.APPEND, value: "compact" }], false);
    expect(c.configs.topicValue("cfg", "cleanup.policy", 0)).toBe("delete,compact");
    c.incrementalAlterConfigs(
      { resourceType: ConfigResourceType.BROKER, resourceName: "" },
      [{ name: "log.retention.ms", op: AlterConfigOp.SET, value: "5000" }],
      false,
    );
    const retention = c.configs.describeTopic("cfg", 0).find((d) => d.name === "retention.ms")!;
    expect(retention).toMatchObject({ value: "5000", source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG });
    expect(retention.synonyms.map((s) => [s.name, s.source])).toEqual([
      ["log.retention.ms", ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG],
      ["log.retention.ms", ConfigSource.DEFAULT_CONFIG],
    ]);
    expect(
      errorCodeOf(() =>
        c.incrementalAlterConfigs(topic, [{ name: "min.insync.replicas", op: AlterConfigOp.SET, value: "0" }], false),
      ),
    ).toBe(ErrorCode.INVALID_CONFIG);
    expect(
      errorCodeOf(() =>
        c.incrementalAlterConfigs(
          { resourceType: ConfigResourceType.BROKER, resourceName: "0" },
          [{ name: "broker.id", op: AlterConfigOp.SET, value: "5" }],
          false,
        ),
      ),
    ).toBe(ErrorCode.INVALID_CONFIG);
    c.incrementalAlterConfigs(topic, [{ name: "cleanup.policy", op: AlterConfigOp.DELETE, value: null }], false);
    expect(c.configs.topicValue("cfg", "cleanup.policy", 0)).toBe("delete");
    c.close();
  });

  it("deletes topics durably and allocates increasing producer ids across restarts", () => {
    const c = open();
    c.createTopic(spec("gone"), false);
    c.deleteTopic(c.topic("gone")!);
    const first = c.allocateProducerId();
    expect(c.allocateProducerId()).toBe(first + 1n);
    c.close();
    const reopened = open();
    expect(reopened.topic("gone")).toBeUndefined();
    expect(reopened.allocateProducerId()).toBeGreaterThan(first + 1n);
    reopened.close();
  });

  it("drops a torn tail of the metadata log at start-up", () => {
    const c = open();
    c.createTopic(spec("kept"), false);
    c.close();
    fs.appendFileSync(path.join(dir, "metadata", METADATA_LOG_FILE_NAME), Buffer.from([0, 0, 0, 50, 1, 2, 3]));
    const reopened = open();
    expect(reopened.topic("kept")).toBeDefined();
    reopened.createTopic(spec("after"), false);
    reopened.close();
    const again = open();
    expect([...again.image.topicsByName.keys()].sort()).toEqual(["after", "kept"]);
    again.close();
  });
});

describe("assignReplicas", () => {
  const counts = (ids: number[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<number, number>());

  it("spreads leaders and replicas evenly with distinct brokers per partition", () => {
    const assignment = assignReplicas([0, 1, 2], 6, 3, { startIndex: 0, replicaShift: 0 });
    expect(assignment.map((r) => r[0])).toEqual([0, 1, 2, 0, 1, 2]);
    for (const replicas of assignment) expect(new Set(replicas).size).toBe(3);
    const rf2 = assignReplicas([0, 1, 2, 3], 8, 2);
    expect([...counts(rf2.map((r) => r[0]!)).values()]).toEqual([2, 2, 2, 2]);
    expect([...counts(rf2.flat()).values()]).toEqual([4, 4, 4, 4]);
  });

  it("alternates racks like Kafka's getRackAlternatedBrokerList", () => {
    const racks = new Map([
      [0, "rack1"],
      [1, "rack3"],
      [2, "rack3"],
      [3, "rack2"],
      [4, "rack2"],
      [5, "rack1"],
    ]);
    expect(rackAlternatedBrokers([0, 1, 2, 3, 4, 5], racks)).toEqual([0, 3, 1, 5, 4, 2]);
  });

  it("puts a partition's replicas on distinct racks and still spreads leaders and replicas evenly", () => {
    const racks = new Map([0, 1, 2, 3, 4, 5].map((id) => [id, `rack-${id % 3}`]));
    for (let start = 0; start < 6; start++) {
      const assignment = assignReplicas([0, 1, 2, 3, 4, 5], 12, 3, { racks, startIndex: start });
      for (const replicas of assignment) expect(new Set(replicas.map((r) => racks.get(r))).size).toBe(3);
      expect([...counts(assignment.map((r) => r[0]!)).values()]).toEqual([2, 2, 2, 2, 2, 2]);
      expect([...counts(assignment.flat()).values()]).toEqual([6, 6, 6, 6, 6, 6]);
    }
    // Two racks, RF 3: both racks are used, the third replica goes wherever a broker is free.
    const two = new Map([0, 1, 2, 3].map((id) => [id, id < 2 ? "a" : "b"]));
    for (const replicas of assignReplicas([0, 1, 2, 3], 8, 3, { racks: two })) {
      expect(new Set(replicas).size).toBe(3);
      expect(new Set(replicas.map((r) => two.get(r))).size).toBe(2);
    }
  });

  it("is rack-unaware when some broker has no rack", () => {
    const racks = new Map<number, string | null>([
      [0, "a"],
      [1, null],
      [2, "a"],
    ]);
    const aware = assignReplicas([0, 1, 2], 3, 2, { racks, startIndex: 0, replicaShift: 0 });
    expect(aware).toEqual(assignReplicas([0, 1, 2], 3, 2, { startIndex: 0, replicaShift: 0 }));
  });
});
