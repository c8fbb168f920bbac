import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Whether `next build` output is older than the sources it was built from. Compares the build's
 * BUILD_ID file against the newest modification time of every file that goes into the bundle.
 */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "prisma/schema.prisma",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
  "tsconfig.json",
];
const SKIPPED_DIRS = new Set(["node_modules", ".next", "fixtures", "test-results"]);
const SKIPPED_FILE = /\.(test|bench)\.ts$|\.py$|\.md$/;

function newestMtimeMs(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return SKIPPED_FILE.test(entry) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry, { withFileTypes: true })) {
    if (child.isDirectory() && SKIPPED_DIRS.has(child.name)) continue;
    newest = Math.max(newest, newestMtimeMs(path.join(entry, child.name)));
  }
  return newest;
}

export function isBuildStale(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtimeMs(path.join(root, input)) > builtAt);
}
