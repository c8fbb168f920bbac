import kafkajs from "kafkajs";

/**
 * Seeds the e2e console's embedded cluster through kafkajs, with figures the tests then expect on
 * every page. The group's offsets are committed through the engine's group coordinator (kafkajs
 * admin.setOffsets on the empty group), which stores them in `__consumer_offsets`.
 */
const { Kafka, logLevel } = kafkajs;

export const SEED = {
  orders: { name: "e2e-orders", partitions: 3, replicationFactor: 2, messagesPerPartition: 4 },
  payments: { name: "e2e-payments", partitions: 1, replicationFactor: 3 },
  bulkPrefix: "e2e-bulk-",
  bulkTopics: 240,
  group: "e2e-billing",
  /** Committed offsets of the group on e2e-orders: partition → offset (partition 2 never committed). */
  commits: { 0: 1, 1: 4 } as Record<number, number>,
  /** How old the seeded records are. */
  recordAgeMs: 2 * 3_600_000,
} as const;

export async function seedCluster(brokers: string[]): Promise<void> {
  const kafka = new Kafka({ brokers, clientId: "pier-e2e-seed", logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const topics = [
    {
      topic: SEED.orders.name,
      numPartitions: SEED.orders.partitions,
      replicationFactor: SEED.orders.replicationFactor,
    },
    {
      topic: SEED.payments.name,
      numPartitions: SEED.payments.partitions,
      replicationFactor: SEED.payments.replicationFactor,
    },
    ...Array.from({ length: SEED.bulkTopics }, (_, i) => ({
      topic: `${SEED.bulkPrefix}${String(i).padStart(3, "0")}`,
      numPartitions: 1,
      replicationFactor: 1,
    })),
  ].filter((t) => !existing.has(t.topic));
  if (topics.length > 0) await admin.createTopics({ topics, waitForLeaders: true });
  await admin.disconnect();
  if (existing.has(SEED.orders.name)) return;
  const producer = kafka.producer();
  await producer.connect();
  const oldest = Date.now() - SEED.recordAgeMs;
  await producer.send({
    topic: SEED.orders.name,
    messages: Array.from({ length: SEED.orders.partitions * SEED.orders.messagesPerPartition }, (_, i) => ({
      partition: i % SEED.orders.partitions,
      key: `k${i}`,
      value: `order ${i}`,
      timestamp: String(oldest + i),
    })),
  });
  await producer.disconnect();
  const committer = kafka.admin();
  await committer.connect();
  await committer.setOffsets({
    groupId: SEED.group,
    topic: SEED.orders.name,
    partitions: Object.entries(SEED.commits).map(([partition, offset]) => ({
      partition: Number(partition),
      offset: String(offset),
    })),
  });
  await committer.disconnect();
}
