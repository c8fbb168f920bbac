/**
 * Group coordinator benchmarks through kafkajs against a one-broker embedded cluster:
 *   1. offset commits per second, 100 partitions per OffsetCommit (one member committing in a loop);
 *   2. rebalance time for 10 members joining an empty group, and for an 11th joining a stable one.
 * Run: npx tsx lib/engine/groups/groups.bench.ts
 */
import { Kafka, logLevel, type Consumer } from "kafkajs";
import { startGroupsTestCluster, waitFor, type GroupsTestCluster } from "../server/groups/test-support";

const COMMIT_PARTITIONS = 100;
const COMMIT_SECONDS = 5;
const MEMBERS = 10;

async function main(): Promise<void> {
  const t = await startGroupsTestCluster({ brokerConfig: { "group.initial.rebalance.delay.ms": "0" } });
  try {
    await run(t);
  } finally {
    await t.stop();
  }
}

async function run(t: GroupsTestCluster): Promise<void> {
  const kafka = new Kafka({ clientId: "bench", brokers: t.bootstrap.split(","), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: "bench-commits", numPartitions: COMMIT_PARTITIONS },
      { topic: "bench-rebalance", numPartitions: 20 },
    ],
  });
  await admin.disconnect();
  const coordinator = t.coordinators[0]!.coordinator;

  // 1. Offset commits.
  const committer = kafka.consumer({ groupId: "bench-commit-group", heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
  await committer.connect();
  await committer.subscribe({ topic: "bench-commits" });
  await committer.run({ autoCommit: false, eachMessage: async () => {} });
  await waitFor(() => coordinator.group("bench-commit-group")?.state === "Stable", 20_000, "committer Stable");
  // The loop commits offsets past the (empty) partitions' ends: a fetch from one of them would get
  // OFFSET_OUT_OF_RANGE and kafkajs would commit its default offset on top of ours. No fetching.
  committer.pause([{ topic: "bench-commits" }]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  let commits = 0;
  const started = performance.now();
  while (performance.now() - started < COMMIT_SECONDS * 1000) {
    const offset = String(commits + 1);
    await committer.commitOffsets(
      Array.from({ length: COMMIT_PARTITIONS }, (_, partition) => ({ topic: "bench-commits", partition, offset })),
    );
    commits++;
  }
  const seconds = (performance.now() - started) / 1000;
  const check = coordinator.fetchOffsets("bench-commit-group", null).topics[0]!.partitions;
  if (check.length !== COMMIT_PARTITIONS || check.some((p) => p.committedOffset !== BigInt(commits))) {
    throw new Error(
      `committed offsets do not match what was committed: ${commits} vs ${JSON.stringify(
        check.filter((p) => p.committedOffset !== BigInt(commits)),
        (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
      )} (${check.length})`,
    );
  }
  console.log(
    `offset commits (kafkajs, ${COMMIT_PARTITIONS} partitions each): ${(commits / seconds).toFixed(0)} commits/s, ` +
      `${((commits * COMMIT_PARTITIONS) / seconds).toFixed(0)} partition offsets/s (${commits} commits in ${seconds.toFixed(1)} s)`,
  );
  await committer.disconnect();

  // 2. Rebalance time.
  const consumers: Consumer[] = [];
  const join = async () => {
    const consumer = kafka.consumer({ groupId: "bench-rebalance-group", heartbeatInterval: 100, maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: "bench-rebalance" });
    await consumer.run({ eachMessage: async () => {} });
  };
  const stableWith = (n: number) => () => {
    const group = coordinator.group("bench-rebalance-group");
    return group?.state === "Stable" && group.members.size === n && group.pendingSyncMembers.size === 0;
  };
  let t0 = performance.now();
  await Promise.all(Array.from({ length: MEMBERS }, join));
  await waitFor(stableWith(MEMBERS), 60_000, `${MEMBERS} members Stable`);
  const formMs = performance.now() - t0;
  const generation = coordinator.group("bench-rebalance-group")!.generationId;
  t0 = performance.now();
  await join();
  await waitFor(stableWith(MEMBERS + 1), 60_000, `${MEMBERS + 1} members Stable`);
  const rejoinMs = performance.now() - t0;
  console.log(
    `rebalance (kafkajs, group.initial.rebalance.delay.ms=0): ${MEMBERS} members joining an empty group Stable after ` +
      `${formMs.toFixed(0)} ms (generation ${generation}); an 11th member joining: ${rejoinMs.toFixed(0)} ms to Stable`,
  );
  await Promise.all(consumers.map((c) => c.disconnect()));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
