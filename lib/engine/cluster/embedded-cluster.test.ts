import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiKey } from "../../protocol/apis";
import { defineHandler } from "../server/api-handler";
import { RawKafkaClient } from "../server/test-support";
import { startEmbeddedCluster } from "./embedded-cluster";

function listenOnFreePort(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

describe("startEmbeddedCluster", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pier-cluster-"));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("puts broker n on kafkaPort + n with its own log dir, and keeps the cluster id across restarts", async () => {
    const probe = await listenOnFreePort();
    const base = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const cluster = await startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: base, brokers: 2, dataDir });
    expect(cluster.bootstrapServers).toEqual([`127.0.0.1:${base}`, `127.0.0.1:${base + 1}`]);
    expect(cluster.brokers.map((b) => b.broker.logDir)).toEqual([
      path.join(dataDir, "broker-0"),
      path.join(dataDir, "broker-1"),
    ]);
    const clusterId = cluster.clusterId;
    await cluster.stop();
    const again = await startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: 0, brokers: 2, dataDir });
    expect(again.clusterId).toBe(clusterId);
    await again.stop();
  });

  it("fails cleanly when a port is taken, leaving nothing listening", async () => {
    const blocker = await listenOnFreePort();
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(
        startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: taken - 1, brokers: 2, dataDir }),
      ).rejects.toThrow(/EADDRINUSE/);
      const retry = await startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: taken - 1, brokers: 1, dataDir });
      await retry.stop();
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it("serves and advertises an extension's APIs and stops it with the cluster", async () => {
    const stopped: number[] = [];
    const listGroups = defineHandler({
      apiKey: ApiKey.ListGroups,
      minVersion: 0,
      maxVersion: 4,
      handle: ({ broker }) => ({
        throttleTimeMs: 0,
        errorCode: 0,
        groups: [{ groupId: `from-${broker.id}`, protocolType: "consumer", groupState: "Empty", groupType: "classic" }],
      }),
    });
    const cluster = await startEmbeddedCluster({
      host: "127.0.0.1",
      kafkaPort: 0,
      brokers: 2,
      dataDir,
      extensions: [(broker) => ({ handlers: [listGroups], stop: () => stopped.push(broker.id) })],
    });
    const client = await RawKafkaClient.connect("127.0.0.1", cluster.brokers[1]!.port);
    const versions = await client.request(ApiKey.ApiVersions, 3, {
      clientSoftwareName: "t",
      clientSoftwareVersion: "1",
    });
    expect(versions.apiKeys.find((k) => k.apiKey === ApiKey.ListGroups)).toEqual({
      apiKey: ApiKey.ListGroups,
      minVersion: 0,
      maxVersion: 4,
    });
    const groups = await client.request(ApiKey.ListGroups, 0, {});
    expect(groups.groups.map((g) => g.groupId)).toEqual(["from-1"]);
    client.close();
    await cluster.stop();
    expect(stopped.sort()).toEqual([0, 1]);
  });

  it("stop() answers a parked long-poll fetch and returns promptly", async () => {
    const cluster = await startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: 0, brokers: 1, dataDir });
    const client = await RawKafkaClient.connect("127.0.0.1", cluster.brokers[0]!.port);
    await client.request(ApiKey.CreateTopics, 4, {
      topics: [{ name: "parked", numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 1000,
    });
    const parked = client
      .request(ApiKey.Fetch, 11, {
        replicaId: -1,
        maxWaitMs: 30_000,
        minBytes: 1,
        maxBytes: 1000,
        isolationLevel: 0,
        topics: [{ topic: "parked", partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1000 }] }],
      })
      .then(
        () => "answered",
        () => "closed",
      );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await cluster.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(["answered", "closed"]).toContain(await parked);
    client.close();
  });
});
