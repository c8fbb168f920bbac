import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI downloads a native schema-engine binary before every command, and that host is
// unreachable on offline machines. Pointing it at any existing file skips the download;
// `prisma generate` itself only needs the WebAssembly shipped in the npm package. Migrations are
// applied by lib/db/migrate.ts, not by the CLI (see ARCHITECTURE.md, "Database").
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("prisma/no-schema-engine.sh");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./.pier/console.db" },
});
