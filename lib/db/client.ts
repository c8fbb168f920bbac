import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "./generated/client";
import { migrate } from "./migrate";

/**
 * The console's database (Prisma over SQLite, file `console.db` under PIER_DATA_DIR). One client
 * per process: Next may evaluate a module more than once (route bundles, dev reloads), so the
 * client and its migration promise live on globalThis.
 */
export const DATABASE_FILE = "console.db";

export type Db = PrismaClient;

interface DbGlobal {
  pierDb?: Promise<PrismaClient>;
}
const store = globalThis as unknown as DbGlobal;

/** file: URL of the database inside `dataDir` (DATABASE_URL overrides it, for tools). */
export function databaseUrl(dataDir: string): string {
  return process.env.DATABASE_URL ?? `file:${path.join(dataDir, DATABASE_FILE)}`;
}

/** Opens a migrated database. Callers own the client and must $disconnect it. */
export async function openDb(dataDir: string): Promise<PrismaClient> {
  mkdirSync(dataDir, { recursive: true });
  const url = databaseUrl(dataDir);
  await migrate(url);
  return new PrismaClient({ adapter: new PrismaLibSql({ url }) });
}

/** The process-wide database for `dataDir`, migrated on first use. */
export function getDb(dataDir: string): Promise<PrismaClient> {
  store.pierDb ??= openDb(dataDir).catch((error: unknown) => {
    store.pierDb = undefined;
    throw error;
  });
  return store.pierDb;
}
