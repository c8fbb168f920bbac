/**
 * Helpers for the group APIs' integration tests (not a test file itself): a real embedded cluster
 * (its brokers serve the group APIs) on ephemeral ports over a temp data dir.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedCluster, type EmbeddedCluster } from "../../cluster/embedded-cluster";
import type { BrokerGroupCoordinator } from "../../groups/broker-groups";
import { isGroupCoordinatorExtension } from "./extension";

export interface GroupsTestCluster {
  cluster: EmbeddedCluster;
  coordinators: BrokerGroupCoordinator[];
  bootstrap: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Broker configs that make groups form fast in tests. */
export const FAST_GROUP_CONFIG: Record<string, string> = {
  "group.initial.rebalance.delay.ms": "50",
  "group.min.session.timeout.ms": "1000",
  "offsets.topic.num.partitions": "5",
  "offsets.topic.replication.factor": "1",
};

export async function startGroupsTestCluster(
  options: { brokers?: number; brokerConfig?: Record<string, string>; dataDir?: string } = {},
): Promise<GroupsTestCluster> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "pier-groups-test-"));
  const cluster = await startEmbeddedCluster({
    host: "127.0.0.1",
    kafkaPort: 0,
    brokers: options.brokers ?? 1,
    dataDir,
    brokerConfig: { ...FAST_GROUP_CONFIG, ...options.brokerConfig },
  });
  const coordinators = cluster.brokers.map((b) => b.extensions.find(isGroupCoordinatorExtension)!.groups);
  await waitFor(() =>
    coordinators.every((c) => c.coordinator.ownedPartitions().every((p) => !c.coordinator.isLoading(p))),
  );
  return {
    cluster,
    coordinators,
    dataDir,
    bootstrap: cluster.bootstrapServers.join(","),
    async stop() {
      await cluster.stop();
      if (options.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
