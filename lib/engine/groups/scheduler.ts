/**
 * Time for the group coordinator: a clock and one-shot timers. The coordinator never calls
 * Date.now() or setTimeout directly, so its unit tests drive session timeouts, rebalance delays
 * and offset expiry with ManualScheduler instead of sleeping.
 */
export interface Scheduler {
  now(): number;
  /** Runs `task` once after `delayMs`; the returned function cancels it (a no-op once it has run). */
  schedule(delayMs: number, task: () => void): () => void;
}

/** Wall-clock time and Node timers; timers are unref'd so they never keep a process alive. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  schedule(delayMs, task) {
    const timer = setTimeout(task, Math.max(0, delayMs));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

interface ManualTask {
  dueMs: number;
  seq: number;
  task: () => void;
}

/**
 * A scheduler whose clock moves only when told to (tests). advance() runs due tasks in due-time
 * order, including tasks scheduled by tasks it runs, and leaves the clock at the target time.
 */
export class ManualScheduler implements Scheduler {
  private clockMs: number;
  private seq = 0;
  private readonly tasks = new Set<ManualTask>();

  constructor(startMs = 1_700_000_000_000) {
    this.clockMs = startMs;
  }

  now(): number {
    return this.clockMs;
  }

  schedule(delayMs: number, task: () => void): () => void {
    const entry: ManualTask = { dueMs: this.clockMs + Math.max(0, delayMs), seq: this.seq++, task };
    this.tasks.add(entry);
    return () => {
      this.tasks.delete(entry);
    };
  }

  get pendingCount(): number {
    return this.tasks.size;
  }

  advance(ms: number): void {
    const target = this.clockMs + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (next === undefined) break;
      this.tasks.delete(next);
      this.clockMs = next.dueMs;
      next.task();
    }
    this.clockMs = target;
  }

  private nextDue(limitMs: number): ManualTask | undefined {
    let best: ManualTask | undefined;
    for (const t of this.tasks) {
      if (t.dueMs > limitMs) continue;
      if (best === undefined || t.dueMs < best.dueMs || (t.dueMs === best.dueMs && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
