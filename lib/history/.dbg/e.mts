import kafkajs from "kafkajs";
import { startTestEmbeddedCluster } from "../../admin/testing/test-clusters";
const { Kafka, logLevel } = kafkajs;
const cluster = await startTestEmbeddedCluster(1);
const kafka = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: "events", numPartitions: 2, replicationFactor: 1 }] });
let t = Date.now();
const consumer = kafka.consumer({ groupId: "g", rebalanceTimeout: 2000, sessionTimeout: 6000, heartbeatInterval: 500 });
await consumer.connect();
await consumer.subscribe({ topic: "events", fromBeginning: true });
const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
await consumer.run({ autoCommit: false, eachMessage: async () => {} });
await joined;
consumer.pause([{ topic: "events" }]);
console.log("join", Date.now() - t);
t = Date.now();
for (let i = 1; i < 4; i++) {
  await consumer.commitOffsets([
    { topic: "events", partition: 0, offset: String(i) },
    { topic: "events", partition: 1, offset: String(i) },
  ]);
  console.log("commit", Date.now() - t);
  t = Date.now();
}
console.log(JSON.stringify(await admin.fetchOffsets({ groupId: "g", topics: ["events"] })));
await consumer.disconnect();
await admin.disconnect();
await cluster.stop();
