/**
 * Helpers for the replication tests (not a test file itself): waiting for a condition with a
 * deadline, and reading a replica's log files as they are on disk.
 */
import fs from "node:fs";
import path from "node:path";
import type { Partition } from "../broker/partition";
import { waitFor as waitForCondition } from "../cluster/cluster-test-support";
import type { TestCluster } from "../server/test-support";

/** cluster-test-support's waitFor, with the description first as the replication tests write it. */
export function waitFor(what: string, condition: () => boolean, timeoutMs?: number): Promise<void> {
  return waitForCondition(condition, what, timeoutMs);
}

/** Broker `id`'s replica of a partition, if it runs and hosts one. */
export function replicaOn(test: TestCluster, id: number, topic: string, partition: number): Partition | undefined {
  const node = test.cluster.brokers.find((b) => b.id === id);
  if (node === undefined || !node.broker.isRunning) return undefined;
  return node.broker.replicas.get(topic, partition);
}

/** The partition's .log segment files on broker `id`, concatenated in offset order. */
export function logBytes(test: TestCluster, id: number, topic: string, partition: number): Buffer {
  const dir = path.join(test.dataDir, `broker-${id}`, `${topic}-${partition}`);
  const segments = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".log"))
    .sort();
  return Buffer.concat(segments.map((f) => fs.readFileSync(path.join(dir, f))));
}

/** True when every running replica of the partition has the leader's log end offset and high watermark. */
export function inSync(test: TestCluster, replicas: number[], topic: string, partition: number): boolean {
  const states = replicas.map((id) => replicaOn(test, id, topic, partition));
  if (states.some((s) => s === undefined)) return false;
  const end = states[0]!.log.logEndOffset;
  return states.every((s) => s!.log.logEndOffset === end && s!.highWatermark === end);
}
