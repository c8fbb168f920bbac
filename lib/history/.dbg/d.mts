import kafkajs from "kafkajs";
import { KafkaClusterClient } from "../../admin/cluster-client";
import { startTestEmbeddedCluster } from "../../admin/testing/test-clusters";
const { Kafka, logLevel } = kafkajs;
const cluster = await startTestEmbeddedCluster(1);
const kafka = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: "events", numPartitions: 2, replicationFactor: 1 }] });
const producer = kafka.producer();
await producer.connect();
let t = Date.now();
await producer.send({
  topic: "events",
  messages: [
    { partition: 0, value: "x" },
    { partition: 1, value: "y" },
  ],
});
console.log("send", Date.now() - t);
t = Date.now();
await admin.setOffsets({
  groupId: "g",
  topic: "events",
  partitions: [
    { partition: 0, offset: "1" },
    { partition: 1, offset: "0" },
  ],
});
console.log("setOffsets", Date.now() - t);
t = Date.now();
const client = new KafkaClusterClient({
  id: "t",
  bootstrapServers: cluster.bootstrapServers,
  securityProtocol: "PLAINTEXT",
});
for (let i = 0; i < 3; i++) {
  const s = await client.sampleOffsets();
  console.log("sample", Date.now() - t, JSON.stringify(s.groups));
  t = Date.now();
  await admin.setOffsets({
    groupId: "g",
    topic: "events",
    partitions: [
      { partition: 0, offset: "1" },
      { partition: 1, offset: String(i % 2) },
    ],
  });
  console.log("setOffsets", Date.now() - t);
  t = Date.now();
}
await client.close();
await producer.disconnect();
await admin.disconnect();
await cluster.stop();
