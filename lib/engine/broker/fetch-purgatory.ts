/**
 * Parked requests waiting for something to happen to a partition (Kafka's
 * DelayedOperationPurgatory): long-poll fetches (DelayedFetch) waiting for data, acks=all produces
 * (DelayedProduce) waiting for the high watermark. A waiter watches some keys; a notify on a key
 * re-checks its waiters. Checks run once per event-loop turn for all keys notified in that turn, so
 * a burst of appends costs one re-check per waiting request.
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

  /** Something happened at `key` (data, high watermark, leadership): waiters on it are re-checked soon. */
  notify(key: string): void {
    if (!this.watchers.has(key)) return;
    this.dirty.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.runChecks());
  }

  /** Number of keys with waiters (tests, metrics). */
  get watchedKeys(): number {
    return this.watchers.size;
  }

  private runChecks(): void {
    this.scheduled = false;
    const waiters = new Set<FetchWaiter>();
    for (const key of this.dirty) for (const w of this.watchers.get(key) ?? []) waiters.add(w);
    this.dirty.clear();
    for (const waiter of waiters) waiter.tryComplete();
  }
}

/** The same purgatory, for acks=all produces (Kafka's DelayedProduce purgatory). */
export { FetchPurgatory as DelayedOperationPurgatory };
