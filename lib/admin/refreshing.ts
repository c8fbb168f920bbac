/**
 * A value read from a cluster, kept in memory and refreshed in the background
 * (stale-while-revalidate): `get` answers from memory at once; a value older than `refreshMs`
 * starts one refresh (never two at a time) whose result the next `get` sees. Only a missing value,
 * or one older than `maxStaleMs`, makes the caller wait. A failed background refresh keeps the old
 * value and records the error, so the UI can show "last refresh failed" next to the figures' age.
 */
export interface RefreshingOptions {
  refreshMs: number;
  maxStaleMs: number;
  now?: () => number;
}

export class Refreshing<T> {
  private value: { data: T; atMs: number } | undefined;
  private inflight: Promise<T> | undefined;
  lastError: Error | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly options: RefreshingOptions,
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async get(): Promise<{ data: T; atMs: number }> {
    const current = this.value;
    const age = current ? this.now() - current.atMs : Number.POSITIVE_INFINITY;
    if (current && age < this.options.refreshMs) return current;
    const refresh = this.refresh();
    if (current && age < this.options.maxStaleMs) {
      refresh.catch(() => undefined);
      return current;
    }
    await refresh;
    return this.value!;
  }

  /** The value in memory, if any, without refreshing. */
  peek(): { data: T; atMs: number } | undefined {
    return this.value;
  }

  refresh(): Promise<T> {
    this.inflight ??= this.load()
      .then((data) => {
        this.value = { data, atMs: this.now() };
        this.lastError = undefined;
        return data;
      })
      .catch((error: unknown) => {
        this.lastError = error instanceof Error ? error : new Error(String(error));
        throw this.lastError;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}
