/**
 * Reassignment copy rate of a 3-broker embedded cluster: a partition holding MEGABYTES MB on broker
 * 0 is reassigned to [0, 1]; the time from AlterPartitionReassignments until broker 1 is in the ISR
 * and the reassignment complete gives the copy rate. Then the same with a replication throttle
 * (leader.replication.throttled.rate and follower.replication.throttled.rate = THROTTLE_MB_PER_S,
 * both *.throttled.replicas = "*").
 *
 *   npx tsx lib/engine/cluster/reassignment.bench.ts [megabytes=100] [throttleMBps=10]
 *
 * Kafka's quota allows a burst of up to 10 × the rate (it measures over at least 10 one-second
 * windows), so the throttled figure approaches the rate when the data exceeds 10 s of it.
 */
import { ApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import { encodeRecordBatch } from "../../protocol/records/record-batch";
import { AlterConfigOp, ConfigResourceType } from "../controller/controller";
import { RawKafkaClient } from "../server/test-support";
import { startMultiBrokerCluster, waitFor, type MultiBrokerCluster } from "./cluster-test-support";

const MEGABYTES = Number(process.argv[2] ?? 100);
const THROTTLE_MB_PER_S = Number(process.argv[3] ?? 10);
const RECORD_BYTES = 1024;
const RECORDS_PER_BATCH = 512;
const MB = 1024 * 1024;
/** A copy that takes longer than this is reported as failed rather than waited for. */
const COPY_TIMEOUT_MS = 10 * 60 * 1000;

async function fill(t: MultiBrokerCluster, topic: string): Promise<number> {
  const [host, port] = t.brokers[0]!.split(":") as [string, string];
  const client = await RawKafkaClient.connect(host, Number(port));
  const value = Buffer.alloc(RECORD_BYTES, 0x61);
  try {
    for (let written = 0; written < MEGABYTES * MB; written += RECORD_BYTES * RECORDS_PER_BATCH) {
      const records = encodeRecordBatch({ records: Array.from({ length: RECORDS_PER_BATCH }, () => ({ value })) });
      const response = await client.request(ApiKey.Produce, 9, {
        transactionalId: null,
        acks: 1,
        timeoutMs: 30_000,
        topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
      });
      const code = response.responses[0]!.partitionResponses[0]!.errorCode;
      if (code !== ErrorCode.NONE) throw new Error(`produce failed with error ${code}`);
    }
  } finally {
    client.close();
  }
  return t.cluster.brokers[0]!.broker.replicas.get(topic, 0)!.log.sizeInBytes();
}

async function copy(t: MultiBrokerCluster, topic: string, throttleBytesPerSecond: number | null): Promise<string> {
  const controller = t.cluster.controller;
  controller.createTopic(
    {
      name: topic,
      numPartitions: -1,
      replicationFactor: -1,
      assignments: [{ partitionIndex: 0, brokerIds: [0] }],
      configs: [],
    },
    false,
  );
  const bytes = await fill(t, topic);
  if (throttleBytesPerSecond !== null) {
    const set = (resourceType: number, resourceName: string, name: string, value: string) =>
      controller.incrementalAlterConfigs(
        { resourceType, resourceName },
        [{ name, op: AlterConfigOp.SET, value }],
        false,
      );
    set(ConfigResourceType.TOPIC, topic, "leader.replication.throttled.replicas", "*");
    set(ConfigResourceType.TOPIC, topic, "follower.replication.throttled.replicas", "*");
    set(ConfigResourceType.BROKER, "0", "leader.replication.throttled.rate", String(throttleBytesPerSecond));
    set(ConfigResourceType.BROKER, "1", "follower.replication.throttled.rate", String(throttleBytesPerSecond));
  }
  const started = performance.now();
  const result = controller.alterPartitionReassignment(topic, 0, [0, 1]);
  if (result.errorCode !== ErrorCode.NONE) throw new Error(result.errorMessage ?? "reassignment refused");
  await waitFor(
    () => controller.topic(topic)!.partitions[0]!.addingReplicas.length === 0,
    "the reassignment to complete",
    COPY_TIMEOUT_MS,
  );
  const seconds = (performance.now() - started) / 1000;
  const label = throttleBytesPerSecond === null ? "unthrottled" : `throttled at ${THROTTLE_MB_PER_S} MB/s`;
  return `reassignment copy (${label}): ${(bytes / MB).toFixed(0)} MB in ${seconds.toFixed(2)} s = ${(bytes / MB / seconds).toFixed(1)} MB/s`;
}

async function main(): Promise<void> {
  const t = await startMultiBrokerCluster();
  try {
    console.log(await copy(t, "copy-unthrottled", null));
    console.log(await copy(t, "copy-throttled", THROTTLE_MB_PER_S * MB));
  } finally {
    await t.stop();
  }
}

await main();
