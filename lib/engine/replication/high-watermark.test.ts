import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import { decodeRecordBatch, encodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import { RawKafkaClient, startTestCluster, type TestCluster } from "../server/test-support";
import { inSync, replicaOn, waitFor } from "./test-support";

const BROKERS = [0, 1, 2];

/**
 * A crashed follower stays in the ISR until its session expires; with a long session timeout the
 * leader's high watermark is stuck, which is what these tests look at.
 */
describe("high watermark, acks=all and min.insync.replicas on a leader", () => {
  let test: TestCluster;
  let kafka: Kafka;
  let leader: RawKafkaClient;

  const produce = async (topic: string, values: string[], acks: number, timeoutMs = 5_000) => {
    const r = await leader.request(ApiKey.Produce, 9, {
      acks,
      timeoutMs,
      topicData: [
        {
          name: topic,
          partitionData: [
            { index: 0, records: encodeRecordBatch({ records: values.map((v) => ({ value: Buffer.from(v) })) }) },
          ],
        },
      ],
    });
    return r.responses[0]!.partitionResponses[0]!;
  };

  /** Offsets a consumer (replica id -1) gets from `from`, and the high watermark it is told. */
  const consume = async (topic: string, from: bigint) => {
    const r = await leader.request(ApiKey.Fetch, 11, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      topics: [{ topic, partitions: [{ partition: 0, fetchOffset: from, partitionMaxBytes: 1 << 20 }] }],
    });
    const data = r.responses[0]!.partitions[0]!;
    const offsets: bigint[] = [];
    const records = data.records ?? Buffer.alloc(0);
    for (const { pos } of iterateBatches(records)) {
      const batch = decodeRecordBatch(records, pos);
      for (const rec of batch.records) offsets.push(batch.baseOffset + BigInt(rec.offsetDelta));
    }
    return { errorCode: data.errorCode, highWatermark: data.highWatermark, offsets };
  };

  beforeAll(async () => {
    test = await startTestCluster({ brokers: 3, brokerConfig: { "broker.session.timeout.ms": "600000" } });
    kafka = new Kafka({ brokers: test.cluster.bootstrapServers, logLevel: logLevel.NOTHING, clientId: "hw" });
    const node = test.cluster.brokers[0]!;
    leader = await RawKafkaClient.connect(node.host, node.port);
  });
  afterAll(async () => {
    leader?.close();
    await test?.stop();
  });

  it("a consumer never sees records above the high watermark, and acks=all waits for the ISR", async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: "hw", replicaAssignment: [{ partition: 0, replicas: [0, 1, 2] }] }],
      waitForLeaders: true,
    });
    expect((await produce("hw", ["a", "b", "c", "d", "e"], -1)).errorCode).toBe(ErrorCode.NONE);
    await waitFor("hw in sync", () => inSync(test, BROKERS, "hw", 0));

    await test.cluster.stopBroker(1, { mode: "crash" });
    await test.cluster.stopBroker(2, { mode: "crash" });
    const uncommitted = await produce(
      "hw",
      Array.from({ length: 10 }, (_, i) => `u${i}`),
      1,
    );
    expect(uncommitted).toMatchObject({ errorCode: ErrorCode.NONE, baseOffset: 5n });
    const partition = replicaOn(test, 0, "hw", 0)!;
    expect(partition.log.logEndOffset).toBe(15n);
    expect(partition.highWatermark).toBe(5n);

    const fromStart = await consume("hw", 0n);
    expect(fromStart.highWatermark).toBe(5n);
    expect(fromStart.offsets).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect((await consume("hw", 5n)).offsets).toEqual([]);
    const [latest] = await admin.fetchTopicOffsets("hw");
    expect(latest!.high).toBe("5");

    // A broker's fetch (Fetch v11 names it in ReplicaId; v15+ in ReplicaState) reads to the log end.
    const asReplica = async (replicaId: number) => {
      const r = await leader.request(ApiKey.Fetch, 11, {
        replicaId,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        topics: [{ topic: "hw", partitions: [{ partition: 0, fetchOffset: 5n, partitionMaxBytes: 1 << 20 }] }],
      });
      return r.responses[0]!.partitions[0]!;
    };
    const replicaRead = await asReplica(1);
    expect(replicaRead.errorCode).toBe(ErrorCode.NONE);
    expect(replicaRead.highWatermark).toBe(5n);
    expect([...iterateBatches(replicaRead.records!)].map((b) => b.header.baseOffset)).toEqual([5n]);
    expect((await asReplica(7)).errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER); // not a replica

    // acks=all cannot complete while two ISR members are silent: REQUEST_TIMED_OUT after timeoutMs.
    const timedOut = await produce("hw", ["t"], -1, 300);
    expect(timedOut.errorCode).toBe(ErrorCode.REQUEST_TIMED_OUT);

    // A consumer's long poll at the high watermark parks; appends above it do not wake it, the
    // high watermark moving does.
    const node0 = test.cluster.brokers[0]!;
    const poller = await RawKafkaClient.connect(node0.host, node0.port);
    const parked = poller.request(ApiKey.Fetch, 11, {
      replicaId: -1,
      maxWaitMs: 20_000,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      topics: [{ topic: "hw", partitions: [{ partition: 0, fetchOffset: 5n, partitionMaxBytes: 1 << 20 }] }],
    });
    let answered = false;
    void parked.then(() => (answered = true));
    expect((await produce("hw", ["more"], 1)).errorCode).toBe(ErrorCode.NONE);
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);

    await test.cluster.startBroker(1);
    await test.cluster.startBroker(2);
    const woken = (await parked).responses[0]!.partitions[0]!;
    poller.close();
    expect(woken.highWatermark).toBeGreaterThan(5n);
    expect(woken.records!.length).toBeGreaterThan(0);
    await waitFor("hw caught up", () => inSync(test, BROKERS, "hw", 0) && partition.highWatermark === 17n);
    expect((await consume("hw", 5n)).offsets).toEqual(Array.from({ length: 12 }, (_, i) => BigInt(5 + i)));
    await waitFor("ISR whole again", () => partition.state.isr.length === 3);
    await admin.disconnect();
  });

  it("refuses acks=all below min.insync.replicas before the append, and after it when the ISR shrinks", async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic: "minisr",
          replicaAssignment: [{ partition: 0, replicas: [0, 1, 2] }],
          configEntries: [{ name: "min.insync.replicas", value: "3" }],
        },
      ],
      waitForLeaders: true,
    });
    expect((await produce("minisr", ["ok"], -1)).errorCode).toBe(ErrorCode.NONE);
    await waitFor("minisr in sync", () => inSync(test, BROKERS, "minisr", 0));

    // Broker 2 dies but is still in the ISR: the append happens, then the ISR shrinks under it.
    await test.cluster.stopBroker(2, { mode: "crash" });
    const waiting = produce("minisr", ["during"], -1, 20_000);
    await waitFor("the acks=all append", () => replicaOn(test, 0, "minisr", 0)!.log.logEndOffset === 2n);
    test.cluster.controller.fenceBroker(2); // what its session expiry does
    expect((await waiting).errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);

    // Now the ISR is [0, 1]: refused before the append, with kafkajs too; acks=1 still works.
    const before = replicaOn(test, 0, "minisr", 0)!.log.logEndOffset;
    expect((await produce("minisr", ["refused"], -1)).errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect(replicaOn(test, 0, "minisr", 0)!.log.logEndOffset).toBe(before);
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    const refused = await producer
      .send({ topic: "minisr", acks: -1, messages: [{ value: "x" }] })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ cause: { type: "NOT_ENOUGH_REPLICAS" } });
    await producer.send({ topic: "minisr", acks: 1, messages: [{ value: "y" }] });

    // Broker 2 restarts, catches up, rejoins the ISR: acks=all works again.
    await test.cluster.startBroker(2);
    await waitFor("broker 2 back in the ISR", () => replicaOn(test, 0, "minisr", 0)!.state.isr.length === 3);
    const results = await producer.send({ topic: "minisr", acks: -1, messages: [{ value: "z" }] });
    expect(results[0]!.errorCode).toBe(0);
    await producer.disconnect();
    await admin.disconnect();
  });
});
