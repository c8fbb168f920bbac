/**
 * `npm test`: every gate in order — typecheck, lint (ESLint with the layering rules, Prettier),
 * unit and integration tests (vitest), production build, end-to-end tests (Playwright driving
 * Chromium). It runs every stage even after a failure, then prints one line per stage and a last
 * line `N passed, M failed` summing every test and check, and exits non-zero if anything failed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { chromiumMissingMessage } from "../../e2e/environment";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const resultsDir = path.join(root, "test-results");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

interface StageResult {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
}

function run(command: string, args: string[], extraEnv: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${path.basename(command)} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  return result.status === 0;
}

/** A check that is not a test runner (typecheck, lint, build) counts as one test. */
function check(name: string, ok: boolean): StageResult {
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
}

function vitestStage(): StageResult {
  const output = path.join(resultsDir, "vitest.json");
  const ok = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${output}`]);
  try {
    const report = JSON.parse(readFileSync(output, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    const failed = report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1);
    return {
      name: "unit",
      passed: report.numPassedTests,
      failed,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  } catch {
    return check("unit", false);
  }
}

interface PlaywrightSuite {
  specs?: { tests: { status: string }[] }[];
  suites?: PlaywrightSuite[];
}

function countPlaywright(suites: PlaywrightSuite[], into: StageResult): void {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        if (t.status === "expected" || t.status === "flaky") into.passed++;
        else if (t.status === "skipped") into.skipped++;
        else into.failed++;
      }
    }
    countPlaywright(suite.suites ?? [], into);
  }
}

function e2eStage(built: boolean): StageResult {
  const missing = chromiumMissingMessage();
  if (missing) {
    console.error(`\n✖ ${missing}`);
    return check("e2e", false);
  }
  if (!built) return check("e2e (not run: the build failed)", false);
  const output = path.join(resultsDir, "playwright.json");
  const ok = run(bin("playwright"), ["test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: output });
  const result: StageResult = { name: "e2e", passed: 0, failed: 0, skipped: 0 };
  try {
    const report = JSON.parse(readFileSync(output, "utf8")) as { suites: PlaywrightSuite[] };
    countPlaywright(report.suites, result);
  } catch {
    return check("e2e", false);
  }
  if (!ok && result.failed === 0) result.failed = 1;
  return result;
}

function main(): void {
  const missing = chromiumMissingMessage();
  if (missing) console.error(`✖ ${missing}\n  (continuing with the other stages; the e2e stage will fail)`);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const stages: StageResult[] = [];
  stages.push(check("typecheck", run(bin("tsc"), ["--noEmit"])));
  stages.push(check("eslint", run(bin("eslint"), ["--max-warnings=0", "."])));
  stages.push(check("prettier", run(bin("prettier"), ["--check", "."])));
  stages.push(vitestStage());
  const built = run(bin("next"), ["build"]);
  stages.push(check("build", built));
  stages.push(e2eStage(built));

  console.log("\nSummary");
  for (const s of stages)
    console.log(
      `  ${s.failed > 0 ? "✖" : "✔"} ${s.name}: ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ""}`,
    );
  const passed = stages.reduce((sum, s) => sum + s.passed, 0);
  const failed = stages.reduce((sum, s) => sum + s.failed, 0);
  const skipped = stages.reduce((sum, s) => sum + s.skipped, 0);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
