/**
 * Leader failover time of a 3-broker embedded cluster: from the moment the leader of a partition
 * is stopped until an acks=all produce to the new leader succeeds, seen by a client that polls
 * Metadata and retries every FAILOVER_POLL_MS.
 *
 *   npx tsx lib/engine/cluster/failover.bench.ts [rounds=5]
 *
 * "crash": sockets destroyed, logs closed unflushed; the controller notices when the broker's
 * session expires (broker.session.timeout.ms, Pier's default 500 ms, checked every heartbeat
 * interval, 100 ms). "clean": controlled shutdown moves leadership before the listener closes.
 * The stopped broker is restarted and back in every ISR before the next round.
 */
import { ApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import { encodeRecordBatch } from "../../protocol/records/record-batch";
import { RawKafkaClient } from "../server/test-support";
import type { BrokerStopMode } from "./broker-node";
import {
  fetchMetadata,
  partitionOf,
  startMultiBrokerCluster,
  waitFor,
  type MultiBrokerCluster,
} from "./cluster-test-support";

const ROUNDS = Number(process.argv[2] ?? 5);
const TOPIC = "failover-bench";
/** How often the measuring client retries Metadata + Produce while the partition has no usable leader. */
const FAILOVER_POLL_MS = 10;

async function produceOnce(address: string): Promise<number> {
  const [host, port] = address.split(":") as [string, string];
  const client = await RawKafkaClient.connect(host, Number(port));
  try {
    const records = encodeRecordBatch({ baseOffset: 0n, records: [{ value: Buffer.from("ping") }] });
    const response = await client.request(ApiKey.Produce, 9, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [{ name: TOPIC, partitionData: [{ index: 0, records }] }],
    });
    return response.responses[0]!.partitionResponses[0]!.errorCode;
  } finally {
    client.close();
  }
}

/** Stops the partition's leader and returns ms until a produce to the new leader succeeds. */
async function measureFailover(t: MultiBrokerCluster, mode: BrokerStopMode): Promise<number> {
  const leader = t.cluster.controller.topic(TOPIC)!.partitions[0]!.leader;
  const survivors = t.brokers.filter((_, id) => id !== leader);
  const started = performance.now();
  await t.cluster.stopBroker(leader, { mode });
  for (;;) {
    try {
      const metadata = await fetchMetadata(survivors[0]!, [TOPIC]);
      const newLeader = partitionOf(metadata, TOPIC, 0).leaderId;
      if (newLeader >= 0 && newLeader !== leader && (await produceOnce(t.brokers[newLeader]!)) === ErrorCode.NONE) {
        const elapsed = performance.now() - started;
        await t.cluster.startBroker(leader);
        await waitFor(() => t.cluster.controller.topic(TOPIC)!.partitions[0]!.isr.length === 3, "a full ISR again");
        return elapsed;
      }
    } catch {
      // the old leader's connection refused or reset: retry like a client would
    }
    await new Promise((resolve) => setTimeout(resolve, FAILOVER_POLL_MS));
  }
}

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `median ${median.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`;
};

async function main(): Promise<void> {
  const t = await startMultiBrokerCluster();
  try {
    t.cluster.controller.createTopic(
      { name: TOPIC, numPartitions: 1, replicationFactor: 3, assignments: [], configs: [] },
      false,
    );
    await waitFor(
      async () => (await produceOnce(t.brokers[t.cluster.controller.topic(TOPIC)!.partitions[0]!.leader]!)) === 0,
      "the topic",
    );
    for (const mode of ["crash", "clean"] as const) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) times.push(await measureFailover(t, mode));
      console.log(`leader failover (${mode}), ${ROUNDS} rounds: ${stats(times)}`);
    }
  } finally {
    await t.stop();
  }
}

await main();
