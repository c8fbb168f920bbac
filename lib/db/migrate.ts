import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order — the job of `prisma migrate
 * deploy`, whose native engine cannot be downloaded on offline machines.
 *
 * Invariant: each migration runs inside one transaction together with its row in Prisma's own
 * `_prisma_migrations` table (same columns, checksum = sha256 of the file), so a real
 * `prisma migrate deploy` later treats these migrations as applied, and a crash mid-migration
 * leaves no half-applied schema.
 */
export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationResult {
  applied: string[];
  total: number;
}

/** Migration folder names in the order they apply. */
export function listMigrations(dir: string = MIGRATIONS_DIR): string[] {
  // The migrations are read at run time from the checkout, never bundled: tell Turbopack not to trace.
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort();
}

/** Brings the SQLite database at `url` (file:...) up to date; idempotent. */
export async function migrate(url: string, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  const db = createClient({ url });
  try {
    // Write-ahead logging (persistent in the file): readers never wait for a writer, so pages and
    // API calls keep reading while the lag-history sampler writes a round of ~100,000 rows; with
    // the default rollback journal a write that outgrows the page cache locks readers out until
    // it commits.
    await db.execute("PRAGMA journal_mode = WAL");
    await db.execute(MIGRATIONS_TABLE);
    const done = await db.execute(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(done.rows.map((row) => String(row.migration_name)));
    const names = listMigrations(dir);
    const newlyApplied: string[] = [];
    for (const name of names.filter((n) => !applied.has(n))) {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const now = new Date().toISOString();
      const tx = await db.transaction("write");
      try {
        await tx.executeMultiple(sql);
        await tx.execute({
          sql: `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
          args: [randomUUID(), checksum, name, now, new Date().toISOString()],
        });
        await tx.commit();
      } catch (error) {
        await tx.rollback();
        throw new Error(`migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      newlyApplied.push(name);
    }
    return { applied: newlyApplied, total: names.length };
  } finally {
    db.close();
  }
}
