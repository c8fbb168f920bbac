import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KafkaClusterClient } from "../cluster-client";
import { startReferenceCluster, type TestCluster } from "../testing/test-clusters";

/**
 * Topic actions against librdkafka's mock cluster, which lacks most admin APIs: each action says
 * which Kafka API the cluster does not offer (never a crash or a misleading error), and what the
 * cluster does offer still works. The full behaviour against the embedded cluster is tested
 * through the REST API (lib/console/topic-actions.test.ts) and in the browser (e2e/).
 */
describe("topic actions on a cluster that lacks admin APIs", () => {
  let cluster: TestCluster;
  let client: KafkaClusterClient;

  beforeAll(async () => {
    cluster = await startReferenceCluster(3);
    client = new KafkaClusterClient({
      id: "ref",
      bootstrapServers: cluster.bootstrapServers,
      securityProtocol: "PLAINTEXT",
    });
    const producer = new kafkajs.Kafka({
      brokers: cluster.bootstrapServers,
      logLevel: kafkajs.logLevel.NOTHING,
    }).producer();
    await producer.connect();
    await producer.send({
      topic: "ref-topic",
      messages: Array.from({ length: 6 }, (_, i) => ({ partition: 0, value: `v${i}` })),
    });
    await producer.disconnect();
  });

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  it("names the API the cluster does not offer", async () => {
    const actions = client.topicActions;
    const spec = { name: "ref-new", numPartitions: 1, replicationFactor: 1, configs: {} };
    await expect(actions.create(spec, true)).rejects.toMatchObject({
      code: "unsupported",
      message: expect.stringMatching(/CreateTopics/),
    });
    await expect(actions.delete("ref-topic", "ref-topic")).rejects.toMatchObject({
      code: "unsupported",
      message: expect.stringMatching(/DeleteTopics/),
    });
    await expect(
      actions.alterConfigs("ref-topic", { set: { "retention.ms": "1000" }, reset: [] }, true),
    ).rejects.toMatchObject({
      code: "unsupported",
      message: expect.stringMatching(/DescribeConfigs/),
    });
  });

  it("plans a purge from the offsets it can read, and says DeleteRecords is missing when it runs", async () => {
    await expect(client.topicActions.purge("ref-topic", { type: "offset", offset: 2 }, [0])).rejects.toMatchObject({
      code: "unsupported",
      message: expect.stringMatching(/DeleteRecords/),
    });
    const plan = await client.topicActions.planPurge("ref-topic", { type: "offset", offset: 2 }, [0]);
    expect(plan.partitions).toEqual([
      expect.objectContaining({ partition: 0, logStartOffset: 0, highWatermark: 6, records: 2 }),
    ]);
  });
});
