/**
 * Parked long-poll fetches (Kafka's DelayedFetch purgatory). A waiter watches some partitions;
 * an append to one of them re-checks it. Checks run once per event-loop turn for all partitions
 * appended to in that turn, so a burst of produce requests costs one re-check per waiting fetch.
 */
export interface FetchWaiter {
  /** Re-evaluates; returns true when the waiter completed (it is then forgotten). */
  tryComplete(): boolean;
}

export class FetchPurgatory {
  private readonly watchers = new Map<string, Set<FetchWaiter>>();
  private readonly dirty = new Set<string>();
  private scheduled = false;

  static key(topic: string, partition: number): string {
    return `${topic}\u0000${partition}`;
  }

  watch(keys: Iterable<string>, waiter: FetchWaiter): void {
    for (const key of keys) {
      let set = this.watchers.get(key);
      if (set === undefined) this.watchers.set(key, (set = new Set()));
      set.add(waiter);
    }
  }

  unwatch(keys: Iterable<string>, waiter: FetchWaiter): void {
    for (const key of keys) {
      const set = this.watchers.get(key);
      if (set === undefined) continue;
      set.delete(waiter);
      if (set.size === 0) this.watchers.delete(key);
    }
  }

  /** Data arrived (or the partition changed) at `key`: waiters on it are re-checked soon. */
  notify(key: string): void {
    if (!this.watchers.has(key)) return;
    this.dirty.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.runChecks());
  }

  private runChecks(): void {
    this.scheduled = false;
    const waiters = new Set<FetchWaiter>();
    for (const key of this.dirty) for (const w of this.watchers.get(key) ?? []) waiters.add(w);
    this.dirty.clear();
    for (const waiter of waiters) waiter.tryComplete();
  }
}
