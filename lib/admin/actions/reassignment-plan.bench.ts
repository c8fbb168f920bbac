import { planReassignment, type PlanPartition } from "./reassignment-plan";
import { prng } from "../../protocol/testing/prng";

/**
 * How long the planner takes on large inputs (it runs inside a request): a whole cluster's
 * partitions spread onto one more broker, and drained off one. Run: npx tsx lib/admin/actions/reassignment-plan.bench.ts
 */
function cluster(partitions: number, brokers: number, rf: number): PlanPartition[] {
  const next = prng(partitions);
  return Array.from({ length: partitions }, (_, p) => ({
    topic: `t${p % 1000}`,
    partition: Math.floor(p / 1000),
    replicas: Array.from({ length: rf }, (_, r) => (p + r) % brokers),
    sizeBytes: Math.floor(next() * 1e9),
  }));
}

function measure(label: string, run: () => ReturnType<typeof planReassignment>): void {
  const started = performance.now();
  const plan = run();
  const ms = performance.now() - started;
  console.log(`${label}: ${ms.toFixed(0)} ms, ${plan.moves.length} partitions move, ${plan.movedReplicas} replicas`);
}

for (const partitions of [1_000, 10_000, 50_000]) {
  const parts = cluster(partitions, 6, 3);
  const brokers = (n: number) => Array.from({ length: n }, (_, id) => ({ id, rack: null }));
  measure(`${partitions} partitions RF 3, 6 → 7 brokers`, () =>
    planReassignment({ brokers: brokers(7), partitions: parts }),
  );
  measure(`${partitions} partitions RF 3, drain broker 5 of 6`, () =>
    planReassignment({ brokers: brokers(5), partitions: parts }),
  );
}
