import type { ClusterClient } from "../admin";
import type { Db } from "../db/client";
import { maintainHistory, recordFailedRound, recordSample } from "../db/lag-history";

/**
 * The lag-history sampler: every `intervalMs`, one round samples every registered cluster in
 * parallel (ClusterClient.sampleOffsets: the console's own batched reads) and stores the points;
 * then, at most every MAINTENANCE_INTERVAL_MS, downsamples and expires old points.
 *
 * - An unreachable cluster costs one failed SampleRound (a gap in its charts) and never stops the
 *   other clusters or later rounds.
 * - Rounds never overlap: a tick that comes while the previous round still runs is skipped (and
 *   counted), so a slow cluster cannot pile rounds up.
 */
export const MAINTENANCE_INTERVAL_MS = 60_000;
/** A sample that takes longer than this is abandoned and recorded as failed. */
export const SAMPLE_TIMEOUT_MS = 120_000;

export interface SampledCluster {
  id: string;
  client: ClusterClient;
}

export interface SamplerOptions {
  db: Db;
  intervalMs: number;
  /** The clusters to sample, read at every round (registrations change while the console runs). */
  clusters: () => Promise<SampledCluster[]>;
  now?: () => number;
  log?: (message: string) => void;
}

export interface RoundResult {
  clusterId: string;
  ok: boolean;
  durationMs: number;
  error?: string;
  lagRows?: number;
}

export class HistorySampler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RoundResult[]> | undefined;
  private readonly lastMaintenanceMs = new Map<string, number>();
  skippedTicks = 0;
  rounds = 0;

  constructor(private readonly options: SamplerOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Starts the timer; the first round runs at once. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.timer.unref();
    this.tick();
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private tick(): void {
    if (this.running) {
      this.skippedTicks++;
      return;
    }
    void this.runRound().catch((error: unknown) => this.options.log?.(`lag history round failed: ${String(error)}`));
  }

  /** One round over every cluster; resolves when all are stored. Concurrent calls share the round. */
  runRound(): Promise<RoundResult[]> {
    this.running ??= (async () => {
      try {
        const clusters = await this.options.clusters();
        return await Promise.all(clusters.map((c) => this.sampleCluster(c)));
      } finally {
        this.rounds++;
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async sampleCluster({ id, client }: SampledCluster): Promise<RoundResult> {
    const { db } = this.options;
    const started = this.now();
    let result: RoundResult;
    try {
      const sample = await withTimeout(client.sampleOffsets(), SAMPLE_TIMEOUT_MS);
      const { lagRows } = await recordSample(db, id, sample, this.now() - started);
      result = { clusterId: id, ok: true, durationMs: this.now() - started, lagRows };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = { clusterId: id, ok: false, durationMs: this.now() - started, error: message };
      await recordFailedRound(db, id, started, result.durationMs, message).catch(() => undefined);
    }
    const now = this.now();
    if (now - (this.lastMaintenanceMs.get(id) ?? -Infinity) >= MAINTENANCE_INTERVAL_MS) {
      this.lastMaintenanceMs.set(id, now);
      await maintainHistory(db, id, now).catch((error: unknown) =>
        this.options.log?.(`lag history maintenance of ${id} failed: ${String(error)}`),
      );
    }
    return result;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the sample took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
