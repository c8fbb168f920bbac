import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCluster, type TestCluster } from "../server/test-support";
import { inSync, waitFor } from "./test-support";

const run = promisify(execFile);
const MESSAGES = 2_000;

/** librdkafka 2.0.2 (kcat 1.7.1) producing with acks=all to an RF 3 topic, then reading after a failover. */
describe("kcat with request.required.acks=-1 on a replicated topic", () => {
  let test: TestCluster;
  const kcat = (bootstrap: string, ...args: string[]) =>
    run("kcat", ["-b", bootstrap, "-q", ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });

  beforeAll(async () => {
    test = await startTestCluster({ brokers: 3 });
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("reads back every acknowledged message after the leader is stopped", async () => {
    const controller = test.cluster.controller;
    controller.createTopic(
      { name: "kcat-rf3", numPartitions: 1, replicationFactor: 3, assignments: [], configs: [] },
      false,
    );
    const leader = controller.topic("kcat-rf3")!.partitions[0]!.leader;
    expect(controller.topic("kcat-rf3")!.partitions[0]!.isr).toHaveLength(3);

    const file = path.join(test.dataDir, "messages.txt");
    const sent = Array.from({ length: MESSAGES }, (_, i) => `key-${i % 10}:value ${i} ${"x".repeat(i % 50)}`);
    fs.writeFileSync(file, `${sent.join("\n")}\n`);
    // kcat exits non-zero if any message is not acknowledged (delivery report error).
    await kcat(test.bootstrap, "-P", "-t", "kcat-rf3", "-K", ":", "-X", "request.required.acks=-1", "-l", file);
    await waitFor("replicas in sync", () => inSync(test, [0, 1, 2], "kcat-rf3", 0));

    await test.cluster.stopBroker(leader, { mode: "crash" });
    await waitFor("a new leader", () => {
      const p = controller.topic("kcat-rf3")!.partitions[0]!;
      return p.leader !== leader && p.leader >= 0;
    });
    const survivors = test.cluster.brokers.filter((b) => b.id !== leader).map((b) => `${b.host}:${b.port}`);
    const { stdout } = await kcat(survivors.join(","), "-C", "-t", "kcat-rf3", "-o", "beginning", "-e", "-K", ":");
    expect(stdout.split("\n").filter((l) => l.length > 0)).toEqual(sent);
  });
});
