/**
 * Which brokers are live, as the controller sees them (KRaft's BrokerHeartbeatManager, in memory).
 *
 * A broker is live (unfenced) from registration or unfencing until it is fenced: by a request
 * (stopping it), by a controlled shutdown, or by its session expiring — no heartbeat for
 * broker.session.timeout.ms. Liveness is not written to the metadata log: after a restart every
 * broker of the process starts again, and what fencing changed (leaders, ISRs) is in the log.
 */

export type FenceReason = "request" | "shutdown" | "session";

interface BrokerSession {
  live: boolean;
  /** Why a fenced broker is fenced; a heartbeat revives only a session-expired broker. */
  fencedBy: FenceReason | null;
  lastHeartbeatMs: number;
}

/**
 * A check that runs this much later than its interval means the event loop itself stalled (GC,
 * a long synchronous task): heartbeats could not run either, so the sessions are renewed instead
 * of fencing every broker at once.
 */
export const SESSION_CHECK_STALL_FACTOR = 3;

export class BrokerLiveness {
  private readonly sessions = new Map<number, BrokerSession>();
  private timer: NodeJS.Timeout | undefined;
  private lastCheckMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  isLive(id: number): boolean {
    return this.sessions.get(id)?.live === true;
  }

  liveIds(): number[] {
    return [...this.sessions].filter(([, s]) => s.live).map(([id]) => id);
  }

  fencedBy(id: number): FenceReason | null {
    return this.sessions.get(id)?.fencedBy ?? null;
  }

  markLive(id: number): void {
    this.sessions.set(id, { live: true, fencedBy: null, lastHeartbeatMs: this.now() });
  }

  markFenced(id: number, reason: FenceReason): void {
    const session = this.sessions.get(id);
    this.sessions.set(id, { live: false, fencedBy: reason, lastHeartbeatMs: session?.lastHeartbeatMs ?? 0 });
  }

  /** Records a heartbeat; true when it should revive a broker whose session had expired. */
  heartbeat(id: number): boolean {
    const session = this.sessions.get(id);
    if (session === undefined) return false;
    session.lastHeartbeatMs = this.now();
    return !session.live && session.fencedBy === "session";
  }

  /**
   * Checks sessions every `intervalMs` and calls `onExpired` for each live broker silent for longer
   * than `sessionTimeoutMs()` (read at every check, so a config change applies at once).
   */
  startChecks(intervalMs: number, sessionTimeoutMs: () => number, onExpired: (id: number) => void): void {
    this.stopChecks();
    this.lastCheckMs = this.now();
    for (const session of this.sessions.values()) session.lastHeartbeatMs = this.lastCheckMs;
    this.timer = setInterval(() => {
      for (const id of this.expired(intervalMs, sessionTimeoutMs())) onExpired(id);
    }, intervalMs);
    this.timer.unref();
  }

  stopChecks(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Live brokers whose session expired by now (renewing every session after a stall). */
  expired(intervalMs: number, sessionTimeoutMs: number): number[] {
    const now = this.now();
    const stalled = now - this.lastCheckMs > intervalMs * SESSION_CHECK_STALL_FACTOR;
    this.lastCheckMs = now;
    const out: number[] = [];
    for (const [id, session] of this.sessions) {
      if (!session.live) continue;
      if (stalled) session.lastHeartbeatMs = Math.max(session.lastHeartbeatMs, now);
      else if (now - session.lastHeartbeatMs > sessionTimeoutMs) out.push(id);
    }
    return out;
  }
}
