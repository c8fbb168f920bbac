/**
 * Helpers for the tests and benchmarks that run Pier's engine as a process of its own
 * (lib/engine/cli.ts), not a test file itself. `node --import tsx` keeps it one process (the tsx
 * binary forks a child, which SIGKILL would orphan).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CLI = path.join(ROOT, "lib/engine/cli.ts");
/** What cli.ts logs once every broker listens: `cluster <id> ready: <bootstrap servers>`. */
const READY_LINE = /cluster \S+ ready: (\S+)/;

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** Resolves with the first match of `pattern` (its first group, if any) in the child's stdout+stderr. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = pattern.exec(output);
      if (m) resolve(m[1] ?? m[0]);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`process exited with ${code}: ${output}`)));
  });
}

/** Starts cli.ts with `env` added to this process's and resolves once it reports the cluster ready. */
export async function startEngineProcess(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; bootstrap: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const bootstrap = await waitForLine(child, READY_LINE);
  return { child, bootstrap };
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
  );
}

/** SIGTERM (a clean shutdown), then waits for the exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  child.kill("SIGTERM");
  await done;
}

/** An engine process over a data dir of its own, which stop() removes. */
export interface TempEngine {
  child: ChildProcess;
  bootstrap: string;
  /** Broker 0's port; broker n listens on port + n. */
  port: number;
  stop(): Promise<void>;
}

/** Starts `brokers` brokers in one engine process on free ports over a new temp dir named `prefix…`. */
export async function startTempEngine(brokers: number, prefix: string): Promise<TempEngine> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const removeDataDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const port = await freePort();
  const { child, bootstrap } = await startEngineProcess({
    PIER_HOST: "127.0.0.1",
    PIER_KAFKA_PORT: String(port),
    PIER_BROKERS: String(brokers),
    PIER_DATA_DIR: dataDir,
    // The console's port is unused by cli.ts but must not collide with a broker's.
    PORT: String(port + brokers + 1),
  }).catch((err: unknown) => {
    removeDataDir();
    throw err;
  });
  const stop = async () => {
    await stopChild(child);
    removeDataDir();
  };
  return { child, bootstrap, port, stop };
}
