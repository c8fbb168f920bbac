import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedCluster, type EmbeddedCluster } from "../../engine";
import { ProtocolClient } from "./protocol-client";

/**
 * A request any broker can answer survives the loss of the broker the client was talking to: the
 * first request after a broker stops goes to another live broker instead of failing.
 */
describe("ProtocolClient with a broker gone", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pier-wire-test-"));
  let cluster: EmbeddedCluster;
  let client: ProtocolClient;

  beforeAll(async () => {
    cluster = await startEmbeddedCluster({ host: "127.0.0.1", kafkaPort: 0, brokers: 3, dataDir });
    client = new ProtocolClient({
      id: "wire-test",
      bootstrapServers: cluster.bootstrapServers,
      securityProtocol: "PLAINTEXT",
    });
  });
  afterAll(async () => {
    await client.close();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers Metadata and FindCoordinator from another broker right after the first one stops", async () => {
    const before = await client.metadata([]);
    expect(before.brokers.map((b) => b.nodeId).sort()).toEqual([0, 1, 2]);
    // The client's open connection is to the first bootstrap server, broker 0.
    await cluster.stopBroker(0, { mode: "crash" });
    // Answered at once by broker 1 or 2 (broker 0 is still listed until its session expires).
    const after = await client.metadata([]);
    expect(after.brokers.length).toBeGreaterThan(0);
    let listed = after.brokers.map((b) => b.nodeId);
    for (const deadline = Date.now() + 10_000; listed.includes(0) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      listed = (await client.metadata([])).brokers.map((b) => b.nodeId);
    }
    expect(listed.sort()).toEqual([1, 2]);
    expect(await client.findCoordinator("some-group")).toBeGreaterThan(0);
  });
});
