import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and integration tests live beside the code they test as *.test.ts. End-to-end tests are
// Playwright's (e2e/) and benchmarks are *.bench.ts, run by their own commands.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
