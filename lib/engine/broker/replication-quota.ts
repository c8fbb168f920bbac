/**
 * Replication throttles (KIP-73), with Kafka's semantics:
 * - `leader.replication.throttled.rate` / `follower.replication.throttled.rate` are dynamic broker
 *   configs in bytes/s (unset = Long.MAX, no throttle);
 * - a topic's `leader.replication.throttled.replicas` / `follower.replication.throttled.replicas`
 *   list the throttled replicas as "partition:brokerId,..." or "*"; a broker applies the entries
 *   naming itself (as the leader sending, or the follower fetching);
 * - only replicas out of the ISR are throttled (an in-sync replica never is), and the rate is
 *   measured over all throttled partitions of the broker together.
 */

/** Kafka's replication.quota.window.size.seconds (1 s) and replication.quota.window.num (11). */
export const QUOTA_WINDOW_MS = 1_000;
export const QUOTA_WINDOW_COUNT = 11;
/** Kafka's default for the rate configs: Long.MAX_VALUE, i.e. unlimited. */
export const UNLIMITED_RATE = Number.MAX_SAFE_INTEGER;

/**
 * A byte rate over the last QUOTA_WINDOW_COUNT windows (Kafka's Rate over SampledStat): the sum of
 * the windows divided by their elapsed span, at least (count - 1) windows, so a fresh quota does
 * not allow a long burst and an idle one does not look fast.
 */
export class ReplicationQuota {
  private readonly windows: Array<{ startMs: number; bytes: number }> = [];
  private rate = UNLIMITED_RATE;

  constructor(private readonly now: () => number = Date.now) {}

  /** Bytes per second; UNLIMITED_RATE (or anything not positive and finite) turns the throttle off. */
  setUpperBound(bytesPerSecond: number): void {
    this.rate = Number.isFinite(bytesPerSecond) && bytesPerSecond > 0 ? bytesPerSecond : UNLIMITED_RATE;
  }

  get upperBound(): number {
    return this.rate;
  }

  get enabled(): boolean {
    return this.rate < UNLIMITED_RATE;
  }

  record(bytes: number): void {
    if (!this.enabled || bytes <= 0) return;
    const now = this.now();
    const last = this.windows[this.windows.length - 1];
    if (last !== undefined && now - last.startMs < QUOTA_WINDOW_MS) last.bytes += bytes;
    else this.windows.push({ startMs: now, bytes });
    this.expire(now);
  }

  isQuotaExceeded(): boolean {
    return this.enabled && this.measure() > this.rate;
  }

  /** Bytes/s over the sampled windows. */
  measure(): number {
    const now = this.now();
    this.expire(now);
    const first = this.windows[0];
    if (first === undefined) return 0;
    let total = 0;
    for (const w of this.windows) total += w.bytes;
    const spanMs = Math.max(now - first.startMs, (QUOTA_WINDOW_COUNT - 1) * QUOTA_WINDOW_MS);
    return (total * 1000) / spanMs;
  }

  private expire(now: number): void {
    while (this.windows.length > 0 && now - this.windows[0]!.startMs >= QUOTA_WINDOW_COUNT * QUOTA_WINDOW_MS)
      this.windows.shift();
  }
}

/**
 * Whether `partition` of a topic is throttled on broker `brokerId`, given the topic's
 * *.replication.throttled.replicas value ("" or null = none, "*" = all, else "p:b,p:b").
 */
export function isThrottledReplica(value: string | null | undefined, partition: number, brokerId: number): boolean {
  if (value === null || value === undefined) return false;
  const trimmed = value.trim();
  if (trimmed === "") return false;
  if (trimmed === "*") return true;
  for (const entry of trimmed.split(",")) {
    const [p, b] = entry.trim().split(":");
    if (Number(p) === partition && Number(b) === brokerId) return true;
  }
  return false;
}

/** A rate config's value (bytes/s) as a number; unset or unparsable = unlimited. */
export function parseRate(value: string | null | undefined): number {
  if (value === null || value === undefined || value.trim() === "") return UNLIMITED_RATE;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.min(n, UNLIMITED_RATE) : UNLIMITED_RATE;
}
