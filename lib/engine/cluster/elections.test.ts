import { Kafka, logLevel } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import { RawKafkaClient } from "../server/test-support";
import {
  fetchMetadata,
  partitionOf,
  startMultiBrokerCluster,
  waitFor,
  type MultiBrokerCluster,
} from "./cluster-test-support";

const PARTITIONS = [0, 1, 2, 3, 4, 5];

/** Leader elections: ElectLeaders sent with Pier's own protocol frames, and the automatic rebalance. */
describe("leader elections on a 3-broker cluster", () => {
  let t: MultiBrokerCluster | undefined;
  let raw: RawKafkaClient | undefined;
  afterEach(async () => {
    raw?.close();
    await t?.stop();
    t = undefined;
  });

  async function start(brokerConfig: Record<string, string> = {}): Promise<MultiBrokerCluster> {
    t = await startMultiBrokerCluster({ brokerConfig });
    const [host, port] = t.brokers[0]!.split(":") as [string, string];
    raw = await RawKafkaClient.connect(host, Number(port));
    return t;
  }

  async function createTopic(cluster: MultiBrokerCluster, topic: string, replicas: number[][], configs = {}) {
    const kafka = new Kafka({ clientId: "elections-test", brokers: cluster.brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic,
          replicaAssignment: replicas.map((r, partition) => ({ partition, replicas: r })),
          configEntries: Object.entries(configs).map(([name, value]) => ({ name, value: String(value) })),
        },
      ],
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: replicas.map((_, partition) => ({ partition, value: `first-${partition}` })),
    });
    await producer.disconnect();
    await admin.disconnect();
  }

  const SPREAD = [
    [0, 1, 2],
    [1, 2, 0],
    [2, 0, 1],
    [0, 2, 1],
    [1, 0, 2],
    [2, 1, 0],
  ];

  /** Crashes broker `id`, waits for its leadership to move, restarts it and waits for full ISRs. */
  async function failOver(cluster: MultiBrokerCluster, id: number, topic: string): Promise<void> {
    await cluster.cluster.stopBroker(id, { mode: "crash" });
    const survivor = cluster.brokers[(id + 1) % 3]!;
    await waitFor(async () => {
      const m = await fetchMetadata(survivor, [topic]);
      return PARTITIONS.every((p) => partitionOf(m, topic, p).leaderId !== id);
    }, `leadership to leave broker ${id}`);
    await cluster.cluster.startBroker(id);
    await waitFor(async () => {
      const m = await fetchMetadata(survivor, [topic]);
      return PARTITIONS.every((p) => partitionOf(m, topic, p).isrNodes.length === 3);
    }, `broker ${id} to rejoin every ISR`);
  }

  const leaders = async (cluster: MultiBrokerCluster, topic: string) => {
    const m = await fetchMetadata(cluster.brokers[2]!, [topic]);
    return PARTITIONS.map((p) => partitionOf(m, topic, p).leaderId);
  };
  const preferred = SPREAD.map((r) => r[0]!);

  it("puts leadership back on the preferred replicas after a failover (ElectLeaders v0-2)", async () => {
    const cluster = await start();
    await createTopic(cluster, "elect", SPREAD);
    expect(await leaders(cluster, "elect")).toEqual(preferred);
    await failOver(cluster, 1, "elect");
    expect(await leaders(cluster, "elect")).not.toContain(1);

    // v2, one named partition already led by its preferred replica, one moved, one unknown.
    const named = await raw!.request(ApiKey.ElectLeaders, 2, {
      electionType: 0,
      topicPartitions: [{ topic: "elect", partitions: [0, 1, 9] }],
      timeoutMs: 5000,
    });
    expect(named.errorCode).toBe(ErrorCode.NONE);
    expect(named.replicaElectionResults[0]!.partitionResult.map((r) => [r.partitionId, r.errorCode])).toEqual([
      [0, ErrorCode.ELECTION_NOT_NEEDED],
      [1, ErrorCode.NONE],
      [9, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    // v0 (always preferred), every partition: only those that needed an election are reported.
    const all = await raw!.request(ApiKey.ElectLeaders, 0, { topicPartitions: null, timeoutMs: 5000 });
    const elected = all.replicaElectionResults.find((r) => r.topic === "elect")!.partitionResult;
    expect(elected.map((r) => [r.partitionId, r.errorCode])).toEqual([[4, ErrorCode.NONE]]);
    expect(await leaders(cluster, "elect")).toEqual(preferred);
  });

  it("elects an out-of-sync replica only when asked to, with an unclean election", async () => {
    const cluster = await start();
    await createTopic(cluster, "unclean", [[0, 1]]);
    await cluster.cluster.stopBroker(1, { mode: "clean" });
    await cluster.cluster.stopBroker(0, { mode: "crash" });
    await waitFor(() => !cluster.cluster.controller.isBrokerLive(0), "broker 0 to be fenced");
    await cluster.cluster.startBroker(1);
    const survivor = cluster.brokers[2]!;
    const offline = partitionOf(await fetchMetadata(survivor, ["unclean"]), "unclean", 0);
    expect(offline).toMatchObject({ errorCode: ErrorCode.LEADER_NOT_AVAILABLE, leaderId: -1, isrNodes: [0] });

    const [host, port] = survivor.split(":") as [string, string];
    const client = await RawKafkaClient.connect(host, Number(port));
    const elect = (electionType: number) =>
      client.request(ApiKey.ElectLeaders, 1, {
        electionType,
        topicPartitions: [{ topic: "unclean", partitions: [0] }],
        timeoutMs: 5000,
      });
    expect((await elect(0)).replicaElectionResults[0]!.partitionResult[0]!.errorCode).toBe(
      ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
    );
    expect((await elect(1)).replicaElectionResults[0]!.partitionResult[0]!.errorCode).toBe(ErrorCode.NONE);
    expect((await elect(1)).replicaElectionResults[0]!.partitionResult[0]!.errorCode).toBe(
      ErrorCode.ELECTION_NOT_NEEDED,
    );
    client.close();
    expect(partitionOf(await fetchMetadata(survivor, ["unclean"]), "unclean", 0)).toMatchObject({
      errorCode: ErrorCode.NONE,
      leaderId: 1,
      isrNodes: [1],
    });
    // The old leader comes back as a follower of the unclean leader and rejoins its ISR.
    await cluster.cluster.startBroker(0);
    await waitFor(
      async () => partitionOf(await fetchMetadata(survivor, ["unclean"]), "unclean", 0).isrNodes.length === 2,
      "broker 0 to follow the unclean leader",
    );
  });

  it("rebalances leadership automatically when auto.leader.rebalance.enable is on", async () => {
    const cluster = await start({ "leader.imbalance.check.interval.seconds": "1" });
    await createTopic(cluster, "auto", SPREAD);
    await failOver(cluster, 2, "auto");
    await waitFor(
      async () => JSON.stringify(await leaders(cluster, "auto")) === JSON.stringify(preferred),
      "the automatic rebalance to restore the preferred leaders",
    );
  });
});
