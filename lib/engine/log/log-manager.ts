import { FileHandleCache, sharedFileHandleCache } from "./file-handle-cache";
import { type LogFileSystem, NodeFileSystem } from "./file-system";
import { cleanableSegments, CleanTask } from "./log-cleaner";
import { FLUSH_NEVER, isCompacted, type LogConfig } from "./log-config";
import { type LogLogger, PartitionLog } from "./partition-log";

/** Kafka's log.retention.check.interval.ms default. */
export const RETENTION_CHECK_INTERVAL_MS_DEFAULT = 300_000;
/** How often flush.ms deadlines are checked (Kafka: log.flush.scheduler.interval.ms). */
export const FLUSH_CHECK_INTERVAL_MS = 1_000;
/** Kafka's log.flush.offset.checkpoint.interval.ms: how often recovery points are persisted. */
export const RECOVERY_POINT_CHECKPOINT_INTERVAL_MS = 60_000;
/** Kafka's log.cleaner.backoff.ms: pause between looking for a log to compact. */
export const CLEANER_BACKOFF_MS = 15_000;

export interface LogManagerOptions {
  fs?: LogFileSystem;
  now?: () => number;
  retentionCheckIntervalMs?: number;
  cleanerBackoffMs?: number;
  logger?: LogLogger;
  /**
   * Bound on the segment-file descriptors of this manager's logs: a private FileHandleCache of this
   * size. Default: the process-wide cache (MAX_OPEN_LOG_FILES_DEFAULT, shared by every broker).
   */
  maxOpenFiles?: number;
  /** Or an explicit cache to share (takes precedence over maxOpenFiles). */
  fileCache?: FileHandleCache;
}

/** A partition directory is `${topic}-${partition}`; topic names may contain '-'. */
export function parsePartitionDir(name: string): { topic: string; partition: number } | undefined {
  const match = /^(.+)-(\d+)$/.exec(name);
  if (!match) return undefined;
  return { topic: match[1]!, partition: Number(match[2]) };
}

/**
 * All partition logs of one broker under one log directory, plus the background work: retention
 * (with a segment.ms roll of idle active segments first), timed flush (flush.ms), periodic recovery-point
 * checkpoints, and compaction. Timers are unref'd (they never keep the process alive) and every
 * task does bounded synchronous work per event-loop turn: compaction advances one CleanTask step
 * (CLEANER_STEP_BYTES) per setImmediate, so appends and reads interleave with it.
 */
export class LogManager {
  private readonly logs = new Map<string, { topic: string; partition: number; log: PartitionLog }>();
  private readonly fsys: LogFileSystem;
  /** Where every segment file of these logs gets its descriptor (bounded, LRU). */
  readonly fileCache: FileHandleCache;
  private readonly now: () => number;
  private readonly timers: NodeJS.Timeout[] = [];
  private cleaning: { task: CleanTask; key: string } | undefined;
  private cleanerImmediate: NodeJS.Immediate | undefined;
  /** Per log, the earliest tombstone delete horizon stamped by compaction (a pass after it can drop them). */
  private readonly deleteHorizons = new Map<string, bigint>();
  private closed = false;

  constructor(
    readonly logDir: string,
    private readonly options: LogManagerOptions = {},
  ) {
    this.fsys = options.fs ?? new NodeFileSystem();
    this.now = options.now ?? Date.now;
    this.fileCache =
      options.fileCache ??
      (options.maxOpenFiles === undefined ? sharedFileHandleCache() : new FileHandleCache(options.maxOpenFiles));
    this.fsys.mkdir(logDir);
  }

  /** The file system these logs live on (for log-dir level files such as replication-offset-checkpoint). */
  get fileSystem(): LogFileSystem {
    return this.fsys;
  }

  private key(topic: string, partition: number): string {
    return `${topic}-${partition}`;
  }

  private open(topic: string, partition: number, config: LogConfig): PartitionLog {
    const key = this.key(topic, partition);
    const log = PartitionLog.open(`${this.logDir}/${key}`, config, {
      fs: this.fsys,
      now: this.now,
      logger: this.options.logger,
      fileCache: this.fileCache,
    });
    this.logs.set(key, { topic, partition, log });
    return log;
  }

  getOrCreate(topic: string, partition: number, config: LogConfig): PartitionLog {
    return this.get(topic, partition) ?? this.open(topic, partition, config);
  }

  get(topic: string, partition: number): PartitionLog | undefined {
    return this.logs.get(this.key(topic, partition))?.log;
  }

  delete(topic: string, partition: number): void {
    const key = this.key(topic, partition);
    const entry = this.logs.get(key);
    if (this.cleaning?.key === key) {
      this.cleaning.task.abort();
      this.cleaning = undefined;
    }
    if (entry) {
      entry.log.deleteFiles();
      this.logs.delete(key);
    } else {
      this.fsys.rmdir(`${this.logDir}/${key}`);
    }
    this.deleteHorizons.delete(key);
  }

  *all(): Iterable<{ topic: string; partition: number; log: PartitionLog }> {
    yield* this.logs.values();
  }

  /** Opens every partition directory found under the log dir (recovering those not closed cleanly). */
  loadExisting(configFor: (topic: string) => LogConfig): void {
    for (const name of this.fsys.readdir(this.logDir)) {
      const parsed = parsePartitionDir(name);
      if (!parsed || !this.fsys.isDirectory(`${this.logDir}/${name}`) || this.logs.has(name)) continue;
      this.open(parsed.topic, parsed.partition, configFor(parsed.topic));
    }
  }

  startBackgroundTasks(): void {
    if (this.closed || this.timers.length > 0) return;
    const every = (ms: number, task: () => void): void => {
      const timer = setInterval(() => this.guard(task), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.retentionCheckIntervalMs ?? RETENTION_CHECK_INTERVAL_MS_DEFAULT, () => this.runRetention());
    every(FLUSH_CHECK_INTERVAL_MS, () => this.runTimedFlush());
    every(RECOVERY_POINT_CHECKPOINT_INTERVAL_MS, () => this.checkpointRecoveryPoints());
    every(this.options.cleanerBackoffMs ?? CLEANER_BACKOFF_MS, () => this.maybeStartCleaning());
  }

  private guard(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.options.logger?.("warn", "log background task failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Time-based roll of idle segments, then retention, for every log; returns the number of segments deleted. */
  runRetention(): number {
    let deleted = 0;
    for (const { log } of this.logs.values()) {
      if (log.isClosed) continue;
      log.maybeRollByTime();
      deleted += log.deleteOldSegments();
    }
    return deleted;
  }

  /** Flushes logs whose oldest unflushed append is older than their flush.ms. */
  runTimedFlush(): void {
    for (const { log } of this.logs.values()) {
      const flushMs = log.currentConfig.flushMs;
      if (log.isClosed || flushMs >= FLUSH_NEVER) continue;
      const age = log.unflushedAgeMs();
      if (age !== undefined && age >= flushMs) log.flush();
    }
  }

  checkpointRecoveryPoints(): void {
    for (const { log } of this.logs.values()) if (!log.isClosed) log.checkpointRecoveryPoint();
  }

  /** The compacted log most in need of cleaning, if any reaches its min.cleanable.dirty.ratio. */
  private pickLogToClean(): { key: string; log: PartitionLog } | undefined {
    let best: { key: string; log: PartitionLog; ratio: number } | undefined;
    for (const [key, { log }] of this.logs) {
      if (log.isClosed || !isCompacted(log.currentConfig)) continue;
      const { dirtyRatio } = cleanableSegments(log, this.now());
      const horizon = this.deleteHorizons.get(key);
      const horizonDue = horizon !== undefined && BigInt(this.now()) >= horizon;
      const ratio = horizonDue ? Math.max(dirtyRatio, 1) : dirtyRatio;
      if (ratio >= log.currentConfig.minCleanableDirtyRatio && ratio > 0 && (!best || ratio > best.ratio))
        best = { key, log, ratio };
    }
    return best;
  }

  /** Starts a compaction pass on the dirtiest log, run step by step across event-loop turns. */
  maybeStartCleaning(): boolean {
    if (this.closed || this.cleaning) return false;
    const next = this.pickLogToClean();
    if (!next) return false;
    this.deleteHorizons.delete(next.key);
    this.cleaning = { task: new CleanTask(next.log), key: next.key };
    this.scheduleCleanerStep();
    return true;
  }

  private scheduleCleanerStep(): void {
    this.cleanerImmediate = setImmediate(() => {
      this.cleanerImmediate = undefined;
      const current = this.cleaning;
      if (!current) return;
      let done = true;
      this.guard(() => {
        done = current.task.step();
      });
      if (!done) return this.scheduleCleanerStep();
      this.cleaning = undefined;
      const horizon = current.task.result.earliestDeleteHorizon;
      if (horizon !== undefined) this.deleteHorizons.set(current.key, horizon);
      if (current.task.result.segmentsCleaned > 0) {
        this.options.logger?.("info", "log compacted", { log: current.key, ...current.task.result });
      }
    });
  }

  /** True while a compaction pass is in progress (for tests and the console). */
  get isCleaning(): boolean {
    return this.cleaning !== undefined;
  }

  /**
   * Stops timers, aborts compaction, flushes and closes every log (writing clean-shutdown markers).
   * With `crash`, closes the files without flushing or writing checkpoints or markers, as if the
   * process had been killed: the next open recovers every log.
   */
  close(options: { crash?: boolean } = {}): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    if (this.cleanerImmediate) clearImmediate(this.cleanerImmediate);
    this.cleaning?.task.abort();
    this.cleaning = undefined;
    let firstError: unknown;
    for (const { log } of this.logs.values()) {
      try {
        if (options.crash === true) log.closeWithoutFlush();
        else log.close();
      } catch (error) {
        firstError ??= error;
      }
    }
    this.logs.clear();
    if (firstError) throw firstError;
  }
}
