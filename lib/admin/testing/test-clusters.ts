import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { startEmbeddedCluster } from "../../engine";

/**
 * Real clusters for lib/admin's and the console's tests, each started by the test that needs it
 * and stopped by it: the embedded engine on ephemeral ports in a temporary directory, and
 * librdkafka's mock cluster (the reference for APIs a cluster may lack).
 */
export interface TestCluster {
  bootstrapServers: string[];
  stop(): Promise<void>;
}

export async function startTestEmbeddedCluster(brokers = 3): Promise<TestCluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pier-admin-test-"));
  // No initial-rebalance delay: kafkajs' admin.setOffsets joins the group it commits for.
  const cluster = await startEmbeddedCluster({
    host: "127.0.0.1",
    kafkaPort: 0,
    brokers,
    dataDir,
    brokerConfig: { "group.initial.rebalance.delay.ms": "0" },
  });
  return {
    bootstrapServers: cluster.bootstrapServers,
    async stop() {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const REFERENCE_CLUSTER_SCRIPT = "/work/shared/tools/reference-cluster.py";
const REFERENCE_START_TIMEOUT_MS = 20_000;

/** librdkafka's mock cluster (Debian's python3-confluent-kafka), brokers 1..n on ephemeral ports. */
export function startReferenceCluster(
  brokers = 3,
  script = process.env.PIER_REFERENCE_CLUSTER ?? REFERENCE_CLUSTER_SCRIPT,
): Promise<TestCluster> {
  const child = spawn("/usr/bin/python3", [script, "--brokers", String(brokers)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the reference cluster did not start within ${REFERENCE_START_TIMEOUT_MS} ms: ${stderr}`));
    }, REFERENCE_START_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${script} (needs /usr/bin/python3 with python3-confluent-kafka): ${error.message}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the reference cluster exited with ${code}: ${stderr}`));
    });
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ bootstrapServers: line.trim().split(","), stop });
    });
  });
}
