import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { crc32c } from "../../protocol/records/crc32c";
import { silentLogger } from "../broker/logger";
import { ApiError } from "./api-error";
import { BrokerLiveness } from "./broker-liveness";
import { AlterConfigOp, ConfigResourceType, Controller } from "./controller";
import { METADATA_LOG_FILE_NAME } from "./metadata-log";
import type { MetadataRecord } from "./metadata-records";

const BROKERS = [0, 1, 2].map((id) => ({ id, host: "127.0.0.1", port: 9092 + id, rack: null }));

function errorCodeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ApiError ? err.errorCode : -999;
  }
  return undefined;
}

describe("Controller: liveness, elections and ISR changes", () => {
  let dir: string;
  let controller: Controller;
  const open = (brokers = BROKERS) => Controller.open({ dataDir: dir, brokers, logger: silentLogger });
  const create = (name: string, replicas: number[][]) =>
    controller.createTopic(
      {
        name,
        numPartitions: -1,
        replicationFactor: -1,
        assignments: replicas.map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds })),
        configs: [],
      },
      false,
    );
  const partition = (name: string, index = 0) => controller.topic(name)!.partitions[index]!;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pier-replication-control-"));
    controller = open();
  });
  afterEach(() => {
    controller.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts new partitions with every live replica in the ISR and the first live replica leading", () => {
    create("t", [[1, 2, 0]]);
    expect(partition("t")).toMatchObject({ leader: 1, isr: [1, 2, 0], addingReplicas: [], removingReplicas: [] });
    controller.fenceBroker(1);
    create("u", [[1, 2, 0]]);
    expect(partition("u")).toMatchObject({ leader: 2, isr: [2, 0], leaderEpoch: 0, partitionEpoch: 0 });
    expect(controller.liveBrokerIds()).toEqual([0, 2]);
    expect(controller.isBrokerLive(1)).toBe(false);
    expect(controller.brokerList().map((b) => b.id)).toEqual([0, 1, 2]);
  });

  it("places automatic assignments on live brokers only and caps the replication factor by them", () => {
    controller.fenceBroker(2);
    const spec = { name: "auto", numPartitions: 6, replicationFactor: 2, assignments: [], configs: [] };
    controller.createTopic(spec, false);
    for (const p of controller.topic("auto")!.partitions) expect(p.replicas.sort()).toEqual([0, 1]);
    expect(errorCodeOf(() => controller.createTopic({ ...spec, name: "rf3", replicationFactor: 3 }, false))).toBe(
      ErrorCode.INVALID_REPLICATION_FACTOR,
    );
    controller.fenceBroker(0);
    controller.fenceBroker(1);
    expect(errorCodeOf(() => create("dead", [[0, 1]]))).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
  });

  it("fencing a leader moves leadership to an in-sync replica and bumps both epochs", () => {
    create("t", [
      [0, 1, 2],
      [1, 2, 0],
    ]);
    const changes = controller.fenceBroker(0);
    expect(changes.map((c) => c.after.partition).sort()).toEqual([0, 1]);
    expect(partition("t", 0)).toMatchObject({ leader: 1, isr: [1, 2], leaderEpoch: 1, partitionEpoch: 1 });
    // A follower leaving the ISR keeps the leader and its epoch.
    expect(partition("t", 1)).toMatchObject({ leader: 1, isr: [1, 2], leaderEpoch: 0, partitionEpoch: 1 });
    expect(controller.controllerId).toBe(1);
  });

  it("keeps the last ISR member when it is fenced, leaving the partition offline until it returns", () => {
    create("t", [[0, 1]]);
    controller.fenceBroker(1);
    controller.fenceBroker(0);
    expect(partition("t")).toMatchObject({ leader: -1, isr: [0] });
    // Broker 1 is not in the ISR: without unclean election it cannot lead.
    controller.unfenceBroker(1);
    expect(partition("t").leader).toBe(-1);
    controller.unfenceBroker(0);
    expect(partition("t")).toMatchObject({ leader: 0, isr: [0], leaderEpoch: 2 });
  });

  it("honours unclean.leader.election.enable on fencing and unfencing", () => {
    create("t", [[0, 1]]);
    create("v", [[0, 1]]);
    controller.incrementalAlterConfigs(
      { resourceType: ConfigResourceType.TOPIC, resourceName: "t" },
      [{ name: "unclean.leader.election.enable", op: AlterConfigOp.SET, value: "true" }],
      false,
    );
    // The leader drops the follower from the ISR, then the leader dies.
    for (const name of ["t", "v"]) {
      const p = partition(name);
      controller.alterPartition(0, p.topicId, 0, { leaderEpoch: 0, partitionEpoch: 0, newIsr: [0] });
    }
    controller.fenceBroker(0);
    expect(partition("t")).toMatchObject({ leader: 1, isr: [1] });
    expect(partition("v")).toMatchObject({ leader: -1, isr: [0] });
    controller.fenceBroker(1);
    expect(partition("t")).toMatchObject({ leader: -1, isr: [1] });
    controller.incrementalAlterConfigs(
      { resourceType: ConfigResourceType.TOPIC, resourceName: "v" },
      [{ name: "unclean.leader.election.enable", op: AlterConfigOp.SET, value: "true" }],
      false,
    );
    controller.unfenceBroker(1);
    expect(partition("t")).toMatchObject({ leader: 1, isr: [1] });
    expect(partition("v")).toMatchObject({ leader: 1, isr: [1] });
  });

  it("controlled shutdown moves leadership away and keeps the broker fenced despite heartbeats", () => {
    create("t", [[2, 0, 1]]);
    const impact = controller.fenceImpact(2);
    expect(impact.map((t) => t.after.leader)).toEqual([0]);
    expect(partition("t").leader).toBe(2);
    controller.controlledShutdown(2);
    expect(partition("t")).toMatchObject({ leader: 0, isr: [0, 1] });
    controller.brokerHeartbeat(2);
    expect(controller.isBrokerLive(2)).toBe(false);
  });

  it("alterPartition validates epochs and members, and bumps partitionEpoch on every change", () => {
    create("t", [[0, 1, 2]]);
    const { topicId } = partition("t");
    const shrunk = controller.alterPartition(0, topicId, 0, { leaderEpoch: 0, partitionEpoch: 0, newIsr: [0, 1] });
    expect(shrunk).toMatchObject({ isr: [0, 1], leader: 0, leaderEpoch: 0, partitionEpoch: 1 });
    const alter = (leader: number, leaderEpoch: number, partitionEpoch: number, newIsr: number[]) =>
      errorCodeOf(() => controller.alterPartition(leader, topicId, 0, { leaderEpoch, partitionEpoch, newIsr }));
    expect(alter(0, 0, 0, [0, 1, 2])).toBe(ErrorCode.INVALID_UPDATE_VERSION);
    expect(alter(1, 0, 1, [0, 1, 2])).toBe(ErrorCode.FENCED_LEADER_EPOCH);
    expect(alter(0, 5, 1, [0, 1, 2])).toBe(ErrorCode.FENCED_LEADER_EPOCH);
    expect(alter(0, 0, 1, [0, 1, 7])).toBe(ErrorCode.INELIGIBLE_REPLICA);
    expect(alter(0, 0, 1, [1, 2])).toBe(ErrorCode.INVALID_REQUEST);
    expect(
      errorCodeOf(() =>
        controller.alterPartition(0, "AAAAAAAAAAAAAAAAAAAAAA", 0, { leaderEpoch: 0, partitionEpoch: 1, newIsr: [0] }),
      ),
    ).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
    expect(
      errorCodeOf(() => controller.alterPartition(0, topicId, 9, { leaderEpoch: 0, partitionEpoch: 1, newIsr: [0] })),
    ).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    controller.fenceBroker(2);
    expect(alter(0, 0, 1, [0, 1, 2])).toBe(ErrorCode.INELIGIBLE_REPLICA);
    controller.unfenceBroker(2);
    const grown = controller.alterPartition(0, topicId, 0, { leaderEpoch: 0, partitionEpoch: 1, newIsr: [0, 1, 2] });
    expect(grown).toMatchObject({ isr: [0, 1, 2], partitionEpoch: 2 });
    // Unchanged ISR: no record, same state.
    expect(controller.alterPartition(0, topicId, 0, { leaderEpoch: 0, partitionEpoch: 2, newIsr: [0, 1, 2] })).toBe(
      partition("t"),
    );
    controller.fenceBroker(0);
    expect(alter(0, 0, 3, [0, 1])).toBe(ErrorCode.FENCED_LEADER_EPOCH);
  });

  it("announces every change to subscribers and replays it after a restart", () => {
    create("t", [[0, 1, 2]]);
    const seen: MetadataRecord[] = [];
    controller.subscribe((records) => seen.push(...records));
    controller.fenceBroker(0);
    const { topicId } = partition("t");
    controller.alterPartition(1, topicId, 0, { leaderEpoch: 1, partitionEpoch: 1, newIsr: [1] });
    expect(seen.map((r) => r.type === "Partition" && [r.leader, r.isr])).toEqual([
      [1, [1, 2]],
      [1, [1]],
    ]);
    controller.close();
    controller = open();
    expect(partition("t")).toMatchObject({ leader: 1, isr: [1], leaderEpoch: 1, partitionEpoch: 2 });
  });

  it("replays Partition records written before reassignments existed with empty adding/removing lists", () => {
    controller.close();
    const old = { topicId: "x", partition: 0, replicas: [0], isr: [0], leader: 0 };
    const records = [
      { type: "Cluster", clusterId: "c" },
      { type: "Topic", name: "legacy", topicId: "x" },
      { type: "Partition", ...old, leaderEpoch: 0, partitionEpoch: 0 },
    ];
    fs.rmSync(path.join(dir, "metadata"), { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "metadata"));
    fs.writeFileSync(path.join(dir, "metadata", METADATA_LOG_FILE_NAME), Buffer.concat(records.map(encodeEntry)));
    controller = open();
    expect(partition("legacy")).toEqual({
      ...old,
      leaderEpoch: 0,
      partitionEpoch: 0,
      addingReplicas: [],
      removingReplicas: [],
    });
  });

  it("elects leaders away from brokers that are no longer configured at start-up", () => {
    create("t", [[2, 0]]);
    controller.close();
    controller = open(BROKERS.slice(0, 2));
    expect(partition("t")).toMatchObject({ leader: 0, isr: [0] });
  });
});

describe("BrokerLiveness", () => {
  it("expires silent sessions, renews them after an event-loop stall, and revives on heartbeat", () => {
    let now = 1000;
    const liveness = new BrokerLiveness(() => now);
    liveness.markLive(0);
    liveness.markLive(1);
    expect(liveness.expired(100, 500)).toEqual([]);
    // Checks every 100 ms; broker 0 heartbeats, broker 1 is silent from t=1000.
    for (let t = 1100; t <= 1500; t += 100) {
      now = t;
      liveness.heartbeat(0);
      expect(liveness.expired(100, 500)).toEqual([]);
    }
    now = 1600;
    liveness.heartbeat(0);
    expect(liveness.expired(100, 500)).toEqual([1]);
    // A check that runs 1 s late means nobody could heartbeat: sessions are renewed, nobody fenced.
    now = 2600;
    expect(liveness.expired(100, 500)).toEqual([]);
    liveness.markFenced(1, "session");
    expect(liveness.heartbeat(1)).toBe(true);
    liveness.markFenced(0, "shutdown");
    expect(liveness.heartbeat(0)).toBe(false);
    expect(liveness.liveIds()).toEqual([]);
  });
});

/** One metadata log entry (length, CRC-32C, JSON), as MetadataLog writes it. */
function encodeEntry(record: object): Buffer {
  const payload = Buffer.from(JSON.stringify(record));
  const header = Buffer.alloc(8);
  header.writeInt32BE(payload.length, 0);
  header.writeUInt32BE(crc32c(payload), 4);
  return Buffer.concat([header, payload]);
}
