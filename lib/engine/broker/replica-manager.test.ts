import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Controller } from "../controller/controller";
import { LogManager, REPLICATION_OFFSET_CHECKPOINT_FILE } from "../log";
import { makeTempDir, valuesBatch } from "../log/test-support";
import { silentLogger } from "./logger";
import type { FollowerFetchTarget, ReplicaFetcherManagerApi } from "./replica-fetcher-api";
import { ReplicaManager } from "./replica-manager";

/** Records what the replica manager asks of the follower side (no network here). */
class RecordingFetchers implements ReplicaFetcherManagerApi {
  added: FollowerFetchTarget[] = [];
  removed: string[] = [];
  addFetcherForPartitions(targets: FollowerFetchTarget[]): void {
    this.added.push(...targets);
  }
  removeFetcherForPartitions(partitions: Array<{ topic: string; partition: number }>): void {
    this.removed.push(...partitions.map((p) => `${p.topic}-${p.partition}`));
  }
  async shutdown(): Promise<void> {}
}

/** A batch as leader 0 wrote it in epoch 0, from offset `base`. */
function leaderBatch(base: bigint, count: number): Buffer {
  const batch = valuesBatch(count);
  batch.writeBigInt64BE(base, 0);
  batch.writeInt32BE(0, 12);
  return batch;
}

describe("ReplicaManager: roles from metadata and the high watermark checkpoint", () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let controller: Controller;
  const registrations = [0, 1, 2].map((id) => ({ id, host: "127.0.0.1", port: 9000 + id, rack: null }));
  const open = (fetchers: ReplicaFetcherManagerApi) => {
    const logs = new LogManager(path.join(tmp.dir, "broker-2"));
    const replicas = new ReplicaManager(2, logs, controller, silentLogger);
    replicas.start(fetchers);
    return { logs, replicas };
  };

  beforeEach(() => {
    tmp = makeTempDir("pier-replica-manager-");
    controller = Controller.open({ dataDir: tmp.dir, brokers: registrations, logger: silentLogger });
    controller.createTopic(
      {
        name: "t",
        numPartitions: -1,
        replicationFactor: -1,
        assignments: [{ partitionIndex: 0, brokerIds: [0, 1, 2] }],
        configs: [],
      },
      false,
    );
  });
  afterEach(() => {
    controller.close();
    tmp.cleanup();
  });

  it("makes a follower fetch from its leader, and moves it when the leader changes", async () => {
    const fetchers = new RecordingFetchers();
    const { logs, replicas } = open(fetchers);
    expect(fetchers.added).toMatchObject([{ topic: "t", partition: 0, leaderId: 0, leaderEpoch: 0 }]);
    expect(replicas.get("t", 0)!.isLeader()).toBe(false);
    controller.fenceBroker(0); // leadership moves to 1 with a new epoch
    expect(fetchers.removed).toEqual(["t-0"]);
    expect(fetchers.added[1]).toMatchObject({ leaderId: 1, leaderEpoch: 1 });
    controller.fenceBroker(1); // now broker 2 leads: it stops following
    expect(fetchers.removed).toEqual(["t-0", "t-0"]);
    expect(replicas.get("t", 0)!.isLeader()).toBe(true);
    await replicas.stop();
    logs.close();
  });

  it("checkpoints high watermarks on a clean stop, not on a crash, and starts from the checkpoint", async () => {
    let { logs, replicas } = open(new RecordingFetchers());
    const follower = replicas.get("t", 0)!;
    replicas.appendAsFollower(follower, leaderBatch(0n, 10), 7n, 0n);
    expect(follower.highWatermark).toBe(7n);
    await replicas.stop();
    logs.close();
    const file = path.join(tmp.dir, "broker-2", REPLICATION_OFFSET_CHECKPOINT_FILE);
    expect(fs.readFileSync(file, "utf8")).toBe("0\n1\nt 0 7\n");

    ({ logs, replicas } = open(new RecordingFetchers()));
    expect(replicas.get("t", 0)!.highWatermark).toBe(7n);
    replicas.appendAsFollower(replicas.get("t", 0)!, leaderBatch(10n, 5), 15n, 0n);
    await replicas.stop({ crash: true });
    logs.close({ crash: true });
    expect(fs.readFileSync(file, "utf8")).toBe("0\n1\nt 0 7\n");

    ({ logs, replicas } = open(new RecordingFetchers()));
    const recovered = replicas.get("t", 0)!;
    expect(recovered.log.logEndOffset).toBe(15n); // the crash kept what was written
    expect(recovered.highWatermark).toBe(7n);
    await replicas.stop();
    logs.close();
  });
});
