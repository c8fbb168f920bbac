import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { closeAllClusterClients } from "../../admin";

/**
 * What the route tests share: calling a Next route handler as Next calls it, and pointing the
 * console context (kept on globalThis) at a temporary database and one external cluster.
 */
export type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests walk arbitrary JSON answers
export type JsonBody = Record<string, any>;

const store = globalThis as unknown as { pierConsole?: unknown; pierDb?: Promise<{ $disconnect(): Promise<void> }> };
export const BASE = "http://console.test";

/** Calls `handler` with a Request for `url` (a path and query) and `params`; the answer's JSON parsed. */
export async function callRoute(handler: Handler, url: string, params: Record<string, string>, init?: RequestInit) {
  const response = await handler(new Request(`${BASE}${url}`, init), { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as JsonBody) : undefined };
}

/** A request with a JSON body. */
export const jsonInit = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** Drops the console context so that the next call re-reads the configuration (the database stays). */
export function reloadConsoleConfig(): void {
  store.pierConsole = undefined;
}

/**
 * Points the console at a fresh data directory and the one cluster `clusterId` at `bootstrapServers`,
 * writable. `close` closes the cluster clients and the database, restores the environment and removes
 * the data directory.
 */
export function startTestConsole(clusterId: string, bootstrapServers: string[], dataDirPrefix: string) {
  const saved = { ...process.env };
  const dataDir = mkdtempSync(path.join(tmpdir(), dataDirPrefix));
  Object.assign(process.env, {
    PIER_DATA_DIR: dataDir,
    PIER_EMBEDDED: "0",
    PIER_READ_ONLY: "0",
    PIER_CLUSTERS: `${clusterId}=${bootstrapServers.join(",")}`,
  });
  store.pierConsole = undefined;
  store.pierDb = undefined;
  return {
    dataDir,
    async close() {
      await closeAllClusterClients();
      await (await store.pierDb)?.$disconnect();
      store.pierConsole = undefined;
      store.pierDb = undefined;
      process.env = saved;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
