import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import { decodeRecordBatch, encodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { RawKafkaClient, startTestCluster, type TestCluster } from "../server/test-support";
import { inSync, logBytes, replicaOn, waitFor } from "./test-support";

/**
 * KIP-101's scenario: a leader appends records no follower copied, dies, and another replica
 * leads (here by unclean election, the only way a replica without them can) and takes new
 * writes. When the old leader comes back it must drop its divergent tail (OffsetForLeaderEpoch
 * against the new leader) and end with the new leader's log, byte for byte.
 */
describe("a divergent tail is truncated by leader epoch", () => {
  let test: TestCluster;
  const clients: RawKafkaClient[] = [];

  const client = async (id: number) => {
    const node = test.cluster.brokers[id]!;
    const c = await RawKafkaClient.connect(node.host, node.port);
    clients.push(c);
    return c;
  };
  const produce = async (c: RawKafkaClient, values: string[], acks: number) => {
    const r = await c.request(ApiKey.Produce, 9, {
      acks,
      timeoutMs: 5_000,
      topicData: [
        {
          name: "diverge",
          partitionData: [
            { index: 0, records: encodeRecordBatch({ records: values.map((v) => ({ value: Buffer.from(v) })) }) },
          ],
        },
      ],
    });
    return r.responses[0]!.partitionResponses[0]!;
  };
  const state = () => test.cluster.controller.topic("diverge")!.partitions[0]!;

  beforeAll(async () => {
    test = await startTestCluster({ brokers: 3 });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await test?.stop();
  });

  it("the old leader's log matches the new leader's after it restarts", async () => {
    const admin = await client(0);
    const created = await admin.request(ApiKey.CreateTopics, 4, {
      topics: [
        {
          name: "diverge",
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [{ partitionIndex: 0, brokerIds: [0, 1, 2] }],
          configs: [
            { name: "unclean.leader.election.enable", value: "true" },
            { name: "min.insync.replicas", value: "1" },
          ],
        },
      ],
      timeoutMs: 5_000,
    });
    expect(created.topics[0]!.errorCode).toBe(ErrorCode.NONE);
    await waitFor("leader 0", () => replicaOn(test, 0, "diverge", 0)?.isLeader() === true);
    expect((await produce(admin, ["c0", "c1", "c2", "c3", "c4"], -1)).errorCode).toBe(ErrorCode.NONE);
    await waitFor("all in sync", () => inSync(test, [0, 1, 2], "diverge", 0));

    // The followers die; once their sessions expire broker 0 leads alone and takes writes only it has.
    await test.cluster.stopBroker(1, { mode: "crash" });
    await test.cluster.stopBroker(2, { mode: "crash" });
    await waitFor("ISR = [0]", () => state().isr.length === 1);
    const lost = await produce(
      admin,
      Array.from({ length: 10 }, (_, i) => `lost${i}`),
      1,
    );
    expect(lost).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 5n });
    const oldEpoch = state().leaderEpoch;
    await test.cluster.stopBroker(0, { mode: "crash" });
    await waitFor("partition offline", () => state().leader === -1);

    // Broker 1 comes back and is elected uncleanly; it takes new writes in a newer epoch.
    await test.cluster.startBroker(1);
    await waitFor("leader 1", () => state().leader === 1 && replicaOn(test, 1, "diverge", 0)?.isLeader() === true);
    expect(state().leaderEpoch).toBeGreaterThan(oldEpoch);
    const fresh = await produce(await client(1), ["new0", "new1", "new2"], 1);
    expect(fresh).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 5n });

    await test.cluster.startBroker(2);
    await test.cluster.startBroker(0);
    await waitFor("all three in sync", () => inSync(test, [0, 1, 2], "diverge", 0), 20_000);
    const oldLeader = replicaOn(test, 0, "diverge", 0)!;
    expect(oldLeader.log.logEndOffset).toBe(8n);
    const leaderBytes = logBytes(test, 1, "diverge", 0);
    expect(logBytes(test, 0, "diverge", 0).equals(leaderBytes)).toBe(true);
    expect(logBytes(test, 2, "diverge", 0).equals(leaderBytes)).toBe(true);

    // The records at 5.. are the new leader's, and the epoch cache agrees with it.
    const read = oldLeader.log.read(5n, 1 << 20);
    const values: string[] = [];
    for (const { pos } of iterateBatches(read.records)) {
      for (const r of decodeRecordBatch(read.records, pos).records) values.push(r.value!.toString());
    }
    expect(values).toEqual(["new0", "new1", "new2"]);
    expect(oldLeader.log.latestEpochs()).toEqual(replicaOn(test, 1, "diverge", 0)!.log.latestEpochs());
  });

  it("a replica behind the leader's log start restarts empty at it (OFFSET_OUT_OF_RANGE)", async () => {
    const admin = await client(0);
    const created = await admin.request(ApiKey.CreateTopics, 4, {
      topics: [
        {
          name: "behind",
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [{ partitionIndex: 0, brokerIds: [0, 1, 2] }],
          configs: [],
        },
      ],
      timeoutMs: 5_000,
    });
    expect(created.topics[0]!.errorCode).toBe(ErrorCode.NONE);
    const behind = () => test.cluster.controller.topic("behind")!.partitions[0]!;
    await waitFor("leader 0 of behind", () => replicaOn(test, 0, "behind", 0)?.isLeader() === true);
    const write = async (n: number) => {
      const r = await admin.request(ApiKey.Produce, 9, {
        acks: -1,
        timeoutMs: 5_000,
        topicData: [
          {
            name: "behind",
            partitionData: [
              {
                index: 0,
                records: encodeRecordBatch({
                  records: Array.from({ length: n }, (_, i) => ({ value: Buffer.from(`b${i}`) })),
                }),
              },
            ],
          },
        ],
      });
      expect(r.responses[0]!.partitionResponses[0]!.errorCode).toBe(ErrorCode.NONE);
    };
    await write(10);
    await waitFor("behind in sync", () => inSync(test, [0, 1, 2], "behind", 0));
    await test.cluster.stopBroker(2, { mode: "crash" });
    await waitFor("broker 2 out of the ISR", () => !behind().isr.includes(2));
    await write(20);
    const deleted = await admin.request(ApiKey.DeleteRecords, 2, {
      topics: [{ name: "behind", partitions: [{ partitionIndex: 0, offset: 25n }] }],
      timeoutMs: 5_000,
    });
    expect(deleted.topics[0]!.partitions[0]).toMatchObject({ errorCode: ErrorCode.NONE, lowWatermark: 25n });
    // Broker 1 follows the leader's log start; broker 2, at 10, is below it when it comes back.
    await waitFor("broker 1 follows the log start", () => replicaOn(test, 1, "behind", 0)?.log.logStartOffset === 25n);
    await test.cluster.startBroker(2);
    await waitFor("broker 2 in sync", () => inSync(test, [0, 1, 2], "behind", 0) && behind().isr.length === 3);
    const restarted = replicaOn(test, 2, "behind", 0)!;
    expect(restarted.log.logStartOffset).toBe(25n);
    expect(restarted.log.logEndOffset).toBe(30n);
  });
});
