/**
 * PartitionLog: one partition's durable log, laid out as Kafka lays it out (see segment-files.ts).
 *
 * DURABILITY RULE. An append has happened once appendAsLeader/appendAsFollower returns: its bytes
 * were handed to the kernel (write to the page cache), so they survive a crash of the broker
 * process. They survive a crash of the machine (power loss, kernel panic) once they are flushed
 * (fsync of the segment): when `flush.messages` appends have accumulated (checked before the append
 * returns, so flush.messages=1 makes every append durable before it is acknowledged), when the
 * LogManager's flush task sees data older than `flush.ms`, when the segment is rolled (the old
 * segment is fsynced before the new one takes appends), on flush() and on close(). The default
 * (flush.messages = flush.ms = Long.MAX, as in Kafka) leaves it to the OS, as Kafka does: durability
 * against machine failure then comes from replication, not from fsync. After any crash, recovery
 * keeps every whole, CRC-valid batch and cuts a torn or corrupt tail; no acknowledged append that
 * was flushed is ever lost.
 *
 * Memory: per segment a few numbers; indexes are read from their files; no per-batch state.
 * File descriptors: segment files are opened on use through a FileHandleCache (file-handle-cache.ts),
 * shared by every log of the process unless one is given, so an idle log holds none.
 * Everything is synchronous (positioned reads and writes through LogFileSystem) and runs on the
 * caller's event loop; background work (retention, compaction, timed flush) is driven by LogManager.
 *
 * Segment deletion is immediate (file.delete.delay.ms is accepted but unused): reads are
 * synchronous, so no reader can hold a segment while it is deleted, which is what Kafka's delay
 * protects against.
 */
import { ErrorCode } from "../../protocol/error-codes";
import { setBaseOffset, setLogAppendTime, setPartitionLeaderEpoch } from "../../protocol/records/batch-header";
import type { BatchInfo } from "./batch-scan";
import { readOffsetCheckpoint, writeOffsetCheckpoint } from "./checkpoint-file";
import { type FileHandleCache, sharedFileHandleCache } from "./file-handle-cache";
import { type LogFileSystem, NodeFileSystem, writeFileAtomic } from "./file-system";
import { LeaderEpochCache } from "./leader-epoch-cache";
import { isCompacted, isDeleteEnabled, type LogConfig } from "./log-config";
import { invalidRecord, LogError, offsetOutOfRange, storageError } from "./log-error";
import { emptyReport, loadSegments, newSegment, type RecoveryReport } from "./log-loader";
import type { LogSegment } from "./log-segment";
import { OffsetIndex } from "./offset-index";
import { firstRecordAtOrAfter } from "./record-timestamps";
import {
  CLEAN_SHUTDOWN_FILE,
  CLEANER_OFFSET_CHECKPOINT_FILE,
  LOG_START_OFFSET_CHECKPOINT_FILE,
  RECOVERY_POINT_CHECKPOINT_FILE,
} from "./segment-files";
import { validateBatches } from "./validate";
import { CheckpointError } from "./checkpoint-file";

export interface AppendInfo {
  firstOffset: bigint;
  lastOffset: bigint;
  maxTimestamp: bigint;
  /** -1n unless the topic uses LogAppendTime. */
  logAppendTime: bigint;
  recordCount: number;
  validBytes: number;
}

export interface ReadResult {
  /** Whole batches, possibly empty. */
  records: Buffer;
  logStartOffset: bigint;
  logEndOffset: bigint;
}

/** One segment as the console and DescribeLogDirs show it. */
export interface SegmentInfo {
  baseOffset: bigint;
  /** Offset after its last batch (baseOffset when empty). */
  nextOffset: bigint;
  sizeInBytes: number;
  /** Largest record timestamp, -1n when none. */
  largestTimestamp: bigint;
  logFile: string;
  offsetIndexBytes: number;
  timeIndexBytes: number;
}

export type LogLogger = (level: "info" | "warn", message: string, fields?: Record<string, unknown>) => void;

export interface PartitionLogOptions {
  fs?: LogFileSystem;
  now?: () => number;
  logger?: LogLogger;
  /** Where segment files get their descriptors; default the process-wide sharedFileHandleCache(). */
  fileCache?: FileHandleCache;
}

export interface ReadOptions {
  /** Exclusive upper bound, e.g. the high watermark. */
  maxOffset?: bigint;
  /** Default true: return the first batch even if larger than maxBytes. */
  minOneBatch?: boolean;
  /** Where the records are read into (default: a new buffer); the records returned are a prefix of it. */
  allocate?: (bytes: number) => Buffer;
}

export interface AppendOptions {
  /** Allow control batches (transaction markers written by the broker itself). */
  allowControl?: boolean;
}

const NO_TIMESTAMP = -1n;

export class PartitionLog {
  private segments: LogSegment[];
  private startOffset: bigint;
  private nextOffset: bigint;
  private recoveryPoint: bigint;
  /** The recovery point last written to (or read from) recovery-point-offset-checkpoint. */
  private persistedRecoveryPoint: bigint;
  private unflushedMessages = 0;
  private firstUnflushedMs: number | undefined;
  private closed = false;
  private readonly epochCache: LeaderEpochCache;
  /** Bumped whenever segments are removed or truncated; the cleaner aborts when it changes. */
  generation = 0;
  readonly recovery: RecoveryReport;

  private constructor(
    readonly dir: string,
    private config: LogConfig,
    readonly fsys: LogFileSystem,
    readonly now: () => number,
    private readonly logger: LogLogger | undefined,
    readonly fileCache: FileHandleCache,
  ) {
    fsys.mkdir(dir);
    // A new log has nothing to recover or make durable: no checkpoints needed (absent means 0).
    const fresh = fsys.readdir(dir).length === 0;
    const cleanShutdown = fsys.exists(`${dir}/${CLEAN_SHUTDOWN_FILE}`);
    if (cleanShutdown) fsys.unlink(`${dir}/${CLEAN_SHUTDOWN_FILE}`);
    this.recovery = emptyReport(dir, cleanShutdown);
    const checkpointedStart = readOffsetCheckpoint(fsys, dir, LOG_START_OFFSET_CHECKPOINT_FILE);
    this.persistedRecoveryPoint = readOffsetCheckpoint(fsys, dir, RECOVERY_POINT_CHECKPOINT_FILE) ?? 0n;
    this.segments = loadSegments({
      fsys,
      cache: fileCache,
      dir,
      config,
      nowMs: now(),
      cleanShutdown,
      recoveryPoint: this.persistedRecoveryPoint,
      report: this.recovery,
    });
    if (this.segments.length === 0) this.segments.push(this.createSegment(checkpointedStart ?? 0n));
    if (checkpointedStart !== undefined && checkpointedStart > this.activeSegment.nextOffset()) {
      // Every stored batch is below the log start offset (e.g. truncated or unflushed ones are gone):
      // nothing is readable, so the log restarts empty at its start offset, as Kafka's loader does.
      for (const segment of this.segments) segment.deleteFiles();
      this.segments = [this.createSegment(checkpointedStart)];
    }
    this.nextOffset = this.activeSegment.nextOffset();
    const firstBase = this.segments[0]!.baseOffset;
    this.startOffset = checkpointedStart !== undefined && checkpointedStart > firstBase ? checkpointedStart : firstBase;
    this.epochCache = this.loadEpochCache();
    this.updateEpochs(() => this.epochCache.truncateFromEnd(this.nextOffset));
    this.updateEpochs(() => this.epochCache.truncateFromStart(this.startOffset));
    this.recoveryPoint = this.nextOffset;
    if (!cleanShutdown && !fresh) this.flushSegmentsAndCheckpoint();
    this.recovery.logStartOffset = this.startOffset;
    this.recovery.logEndOffset = this.nextOffset;
    this.logRecovery();
  }

  /** Opens (creating if needed) the log in `dir`, recovering it if it was not closed cleanly. */
  static open(dir: string, config: LogConfig, options: PartitionLogOptions = {}): PartitionLog {
    const fsys = options.fs ?? new NodeFileSystem();
    try {
      const cache = options.fileCache ?? sharedFileHandleCache();
      return new PartitionLog(dir, config, fsys, options.now ?? Date.now, options.logger, cache);
    } catch (error) {
      if (error instanceof LogError) throw error;
      throw storageError(`cannot open log ${dir}`, error);
    }
  }

  private loadEpochCache(): LeaderEpochCache {
    try {
      return new LeaderEpochCache(this.fsys, this.dir);
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      this.logger?.("warn", "leader-epoch-checkpoint unreadable, rebuilding from batch headers", { dir: this.dir });
      this.fsys.unlink(`${this.dir}/leader-epoch-checkpoint`);
      const cache = new LeaderEpochCache(this.fsys, this.dir);
      for (const segment of this.segments) {
        segment.headerReader().scan(0, (b) => {
          cache.assign(b.partitionLeaderEpoch, b.baseOffset);
          return true;
        });
      }
      return cache;
    }
  }

  private logRecovery(): void {
    const r = this.recovery;
    if (r.cleanShutdown && r.segmentsRecovered === 0 && r.indexesRebuilt === 0) return;
    this.logger?.(r.truncatedBytes > 0 || r.segmentsDeleted > 0 ? "warn" : "info", "log recovered", { ...r });
  }

  get logStartOffset(): bigint {
    return this.startOffset;
  }

  get logEndOffset(): bigint {
    return this.nextOffset;
  }

  get activeSegment(): LogSegment {
    return this.segments[this.segments.length - 1]!;
  }

  get currentConfig(): LogConfig {
    return this.config;
  }

  private ensureOpen(): void {
    if (this.closed) throw new LogError(ErrorCode.KAFKA_STORAGE_ERROR, `log ${this.dir} is closed`);
  }

  private createSegment(baseOffset: bigint): LogSegment {
    return newSegment(
      { fsys: this.fsys, cache: this.fileCache, dir: this.dir, config: this.config, nowMs: this.now() },
      baseOffset,
    );
  }

  // ---------------------------------------------------------------- append

  /**
   * Validates every batch, assigns offsets from the log end offset, stamps `leaderEpoch` (and the
   * append time under LogAppendTime) into the batch headers, in place in `records`, and appends.
   * Throws LogError and appends nothing when any batch is refused or the write fails.
   */
  appendAsLeader(records: Buffer, leaderEpoch: number, options: AppendOptions = {}): AppendInfo {
    this.ensureOpen();
    const batches = validateBatches(records, {
      maxMessageBytes: this.config.maxMessageBytes,
      requireKeys: isCompacted(this.config),
      checkRecords: true,
      allowControl: options.allowControl ?? false,
    });
    const logAppendTime = this.config.messageTimestampType === "LogAppendTime" ? BigInt(this.now()) : NO_TIMESTAMP;
    let offset = this.nextOffset;
    for (const b of batches) {
      const delta = b.lastOffset - b.baseOffset;
      setBaseOffset(records, b.position, offset);
      setPartitionLeaderEpoch(records, b.position, leaderEpoch);
      if (logAppendTime !== NO_TIMESTAMP) {
        setLogAppendTime(records, b.position, logAppendTime);
        b.maxTimestamp = logAppendTime;
      }
      b.baseOffset = offset;
      b.lastOffset = offset + delta;
      b.partitionLeaderEpoch = leaderEpoch;
      offset = b.lastOffset + 1n;
    }
    const info = this.appendValidated(records, batches, logAppendTime);
    this.assignEpoch(leaderEpoch, info.firstOffset);
    return info;
  }

  /** Appends batches replicated from the leader, keeping their offsets and epochs. */
  appendAsFollower(records: Buffer): AppendInfo {
    this.ensureOpen();
    const batches = validateBatches(records, {
      maxMessageBytes: Number.MAX_SAFE_INTEGER,
      requireKeys: false,
      checkRecords: false,
      allowControl: true,
    });
    let expected = this.nextOffset;
    for (const b of batches) {
      if (b.baseOffset < expected)
        throw invalidRecord(`batch base offset ${b.baseOffset} is below the next offset ${expected}`);
      expected = b.lastOffset + 1n;
    }
    const info = this.appendValidated(records, batches, NO_TIMESTAMP);
    for (const b of batches) if (b.partitionLeaderEpoch >= 0) this.assignEpoch(b.partitionLeaderEpoch, b.baseOffset);
    return info;
  }

  /**
   * The replica became leader in `leaderEpoch`: the epoch starts at the log end offset (Kafka's
   * maybeAssignEpochStartOffset at makeLeader). Done at become-leader so that the first append of
   * the epoch does not wait for leader-epoch-checkpoint to be written and fsynced; nothing is
   * written when the epoch is not newer than the latest one.
   */
  maybeAssignEpochStartOffset(leaderEpoch: number): void {
    if (this.closed) return; // a leadership change racing a shutdown: the next start assigns it
    this.assignEpoch(leaderEpoch, this.nextOffset);
  }

  /**
   * The append has happened by now, so a failure to write leader-epoch-checkpoint must not fail it:
   * the cache is right in memory, and the file is rewritten at the next change or at close.
   */
  private assignEpoch(epoch: number, startOffset: bigint): void {
    this.updateEpochs(() => this.epochCache.assign(epoch, startOffset));
  }

  private updateEpochs(change: () => void): void {
    try {
      change();
    } catch (error) {
      this.logger?.("warn", "leader-epoch-checkpoint write failed", { dir: this.dir, error: String(error) });
    }
  }

  private appendValidated(records: Buffer, batches: BatchInfo[], logAppendTime: bigint): AppendInfo {
    const first = batches[0]!;
    const last = batches[batches.length - 1]!;
    let maxTimestamp = NO_TIMESTAMP;
    let recordCount = 0;
    for (const b of batches) {
      if (b.maxTimestamp > maxTimestamp) maxTimestamp = b.maxTimestamp;
      recordCount += b.recordCount;
    }
    try {
      this.maybeRoll(records.length, first.baseOffset, last.lastOffset, maxTimestamp);
      this.activeSegment.append(records, batches);
    } catch (error) {
      throw storageError(`append to ${this.dir} failed`, error);
    }
    const previousEnd = this.nextOffset;
    this.nextOffset = last.lastOffset + 1n;
    this.unflushedMessages += recordCount;
    this.firstUnflushedMs ??= this.now();
    if (this.unflushedMessages >= this.config.flushMessages) this.flushOrUndo(first.baseOffset, previousEnd);
    return {
      firstOffset: first.baseOffset,
      lastOffset: last.lastOffset,
      maxTimestamp,
      logAppendTime,
      recordCount,
      validBytes: records.length,
    };
  }

  /**
   * Kafka's shouldRoll: the active segment is non-empty and the append would overflow segment.bytes,
   * a full index, or the int32 relative-offset range, or the new batches are segment.ms newer than
   * the segment's first batch (or the segment is segment.ms old when its batches carry no timestamp).
   */
  private maybeRoll(size: number, firstOffset: bigint, lastOffset: bigint, maxTimestamp: bigint): void {
    const active = this.activeSegment;
    if (active.size === 0) {
      if (active.baseOffset !== firstOffset && !active.canHold(lastOffset)) this.roll(firstOffset);
      return;
    }
    const firstTimestamp = active.firstBatchTimestamp();
    const waited =
      firstTimestamp !== undefined && firstTimestamp >= 0n
        ? Number(maxTimestamp - firstTimestamp)
        : this.now() - active.createdMs;
    const full =
      active.size + size > this.config.segmentBytes ||
      active.offsetIndex.isFull ||
      active.timeIndex.entries >= OffsetIndex.maxEntriesFor(this.config.segmentIndexBytes) ||
      !active.canHold(lastOffset);
    if (full || waited > this.config.segmentMs) this.roll(firstOffset);
  }

  /**
   * Rolls an idle active segment whose first batch is older than segment.ms by the clock. Kafka only
   * checks segment.ms when appending; the LogManager calls this from its retention task too, so that
   * an idle compacted partition still gets its data into cleanable segments. Returns true if rolled.
   */
  maybeRollByTime(): boolean {
    this.ensureOpen();
    const active = this.activeSegment;
    if (active.size === 0) return false;
    const first = active.firstBatchTimestamp();
    const since = first !== undefined && first >= 0n ? Number(first) : active.createdMs;
    if (this.now() - since <= this.config.segmentMs) return false;
    try {
      this.roll();
    } catch (error) {
      throw storageError(`roll of ${this.dir} failed`, error);
    }
    return true;
  }

  /** Closes the active segment for appends (final time index entry, fsync) and starts a new one. */
  roll(baseOffset: bigint = this.nextOffset): void {
    this.ensureOpen();
    const active = this.activeSegment;
    if (active.size === 0 && active.baseOffset === baseOffset) return;
    active.onBecomeInactive();
    active.flush();
    if (active.size === 0) {
      // An empty active segment is replaced rather than kept behind the new one.
      this.segments.pop();
      active.deleteFiles();
    }
    this.segments.push(this.createSegment(baseOffset));
    this.recoveryPoint = active.nextOffset() > this.recoveryPoint ? active.nextOffset() : this.recoveryPoint;
    this.persistRecoveryPoint(this.recoveryPoint);
  }

  // ---------------------------------------------------------------- read

  read(startOffset: bigint, maxBytes: number, options: ReadOptions = {}): ReadResult {
    this.ensureOpen();
    if (startOffset < this.startOffset || startOffset > this.nextOffset) {
      throw offsetOutOfRange(
        `offset ${startOffset} is outside [${this.startOffset}, ${this.nextOffset}] of ${this.dir}`,
      );
    }
    const limit =
      options.maxOffset !== undefined && options.maxOffset < this.nextOffset ? options.maxOffset : this.nextOffset;
    const result = (records: Buffer): ReadResult => ({
      records,
      logStartOffset: this.startOffset,
      logEndOffset: this.nextOffset,
    });
    if (startOffset >= limit) return result(Buffer.alloc(0));
    const minOneBatch = options.minOneBatch ?? true;
    try {
      for (let i = this.floorSegmentIndex(startOffset); i < this.segments.length; i++) {
        const segment = this.segments[i]!;
        if (segment.baseOffset >= limit) break;
        const records = segment.read(startOffset, Math.max(0, maxBytes), limit, minOneBatch, options.allocate);
        if (records !== undefined) return result(records);
      }
    } catch (error) {
      throw storageError(`read from ${this.dir} failed`, error);
    }
    return result(Buffer.alloc(0));
  }

  /** Index of the last segment with baseOffset <= offset (0 if none). */
  private floorSegmentIndex(offset: bigint): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** ListOffsets by timestamp: the first offset >= logStartOffset whose record timestamp is >= `timestamp`. */
  offsetForTimestamp(timestamp: bigint): { offset: bigint; timestamp: bigint } | null {
    this.ensureOpen();
    for (const segment of this.segments) {
      if (segment.nextOffset() <= this.startOffset) continue;
      const found = segment.findOffsetByTimestamp(timestamp, this.startOffset);
      if (found) return found;
    }
    return null;
  }

  /** ListOffsets MAX_TIMESTAMP: the record with the largest timestamp (the first such record). */
  maxTimestampOffset(): { offset: bigint; timestamp: bigint } | null {
    this.ensureOpen();
    if (this.startOffset >= this.nextOffset) return null;
    let best: LogSegment | undefined;
    for (const s of this.segments) if (s.size > 0 && (!best || s.maxTimestampSoFar > best.maxTimestampSoFar)) best = s;
    if (!best || best.maxTimestampSoFar < 0n) return null;
    const batch = best.translateOffset(best.offsetOfMaxTimestampSoFar);
    if (!batch) return { offset: best.offsetOfMaxTimestampSoFar, timestamp: best.maxTimestampSoFar };
    const bytes = best.readSlice(batch.position, batch.size);
    return (
      firstRecordAtOrAfter(bytes, batch, best.maxTimestampSoFar, batch.baseOffset) ?? {
        offset: best.offsetOfMaxTimestampSoFar,
        timestamp: best.maxTimestampSoFar,
      }
    );
  }

  // ---------------------------------------------------------------- leader epochs

  latestEpochs(): Array<{ epoch: number; startOffset: bigint }> {
    return this.epochCache.all();
  }

  endOffsetForEpoch(epoch: number): { epoch: number; endOffset: bigint } | null {
    return this.epochCache.endOffsetFor(epoch, this.nextOffset);
  }

  // ---------------------------------------------------------------- truncation and deletion

  /** Removes every batch whose last offset is >= `offset` (replication); the log end offset becomes `offset`. */
  truncateTo(offset: bigint): void {
    this.ensureOpen();
    if (offset < 0n) throw offsetOutOfRange(`cannot truncate to negative offset ${offset}`);
    if (offset >= this.nextOffset) return;
    this.generation++;
    try {
      if (offset <= this.segments[0]!.baseOffset || offset < this.startOffset) {
        this.truncateFullyAndStartAt(offset);
        return;
      }
      let removed = 0;
      while (this.activeSegment.baseOffset > offset) {
        this.segments.pop()!.deleteFiles();
        removed++;
      }
      // Durable removal, or a machine crash could bring the later segments back after the cut.
      if (removed > 0) this.fsys.fsyncDir(this.dir);
      this.activeSegment.truncateTo(offset);
      // Made durable at once, so a machine crash cannot bring truncated batches back.
      this.activeSegment.flush();
      this.nextOffset = offset;
      if (this.recoveryPoint > offset) {
        this.recoveryPoint = offset;
        this.persistRecoveryPoint(offset);
      }
      this.updateEpochs(() => this.epochCache.truncateFromEnd(offset));
      this.clampCleanerCheckpoint(offset);
    } catch (error) {
      throw storageError(`truncation of ${this.dir} failed`, error);
    }
  }

  /** Deletes everything and restarts the log empty at `offset`. */
  truncateFullyAndStartAt(offset: bigint): void {
    this.ensureOpen();
    this.generation++;
    for (const segment of this.segments) segment.deleteFiles();
    this.segments = [this.createSegment(offset)];
    this.startOffset = offset;
    this.nextOffset = offset;
    this.recoveryPoint = offset;
    this.updateEpochs(() => this.epochCache.truncateFromEnd(offset));
    this.updateEpochs(() => this.epochCache.truncateFromStart(offset));
    writeOffsetCheckpoint(this.fsys, this.dir, LOG_START_OFFSET_CHECKPOINT_FILE, offset);
    this.persistRecoveryPoint(offset);
    this.clampCleanerCheckpoint(offset);
  }

  /** DeleteRecords: raises the log start offset to `offset` (never lowers it); returns the new log start offset. */
  deleteRecordsBefore(offset: bigint): bigint {
    this.ensureOpen();
    if (offset < 0n || offset > this.nextOffset) {
      throw offsetOutOfRange(`offset ${offset} is outside [0, ${this.nextOffset}] of ${this.dir}`);
    }
    if (offset <= this.startOffset) return this.startOffset;
    try {
      this.setLogStartOffset(offset);
      this.deleteSegmentsWhile((segment, next) => next !== undefined && next.baseOffset <= this.startOffset);
    } catch (error) {
      throw storageError(`deleteRecords on ${this.dir} failed`, error);
    }
    return this.startOffset;
  }

  /** Persists first, so a failed checkpoint write leaves the log start offset unchanged. */
  private setLogStartOffset(offset: bigint): void {
    if (offset <= this.startOffset) return;
    writeOffsetCheckpoint(this.fsys, this.dir, LOG_START_OFFSET_CHECKPOINT_FILE, offset);
    this.startOffset = offset;
    this.updateEpochs(() => this.epochCache.truncateFromStart(offset));
  }

  /** Deletes segments from the oldest while `predicate` holds; never the active segment. Returns how many. */
  private deleteSegmentsWhile(predicate: (segment: LogSegment, next: LogSegment | undefined) => boolean): number {
    let deleted = 0;
    while (this.segments.length > 1 && predicate(this.segments[0]!, this.segments[1])) {
      this.segments.shift()!.deleteFiles();
      deleted++;
    }
    if (deleted > 0) {
      this.generation++;
      this.setLogStartOffset(this.segments[0]!.baseOffset);
    }
    return deleted;
  }

  /**
   * Retention (Kafka's deleteOldSegments): with cleanup.policy containing "delete", removes whole
   * segments whose newest timestamp is more than retention.ms old, then the oldest segments while
   * the log exceeds retention.bytes. An expired active segment is rolled first so it can go too.
   * Returns the number of segments deleted.
   */
  deleteOldSegments(): number {
    this.ensureOpen();
    try {
      let deleted = this.deleteSegmentsWhile((s, next) => next !== undefined && next.baseOffset <= this.startOffset);
      if (!isDeleteEnabled(this.config)) return deleted;
      const now = BigInt(this.now());
      const retentionMs = BigInt(this.config.retentionMs);
      // A segment without timestamps (all -1) ages from when it was created or loaded, as Kafka
      // falls back to the file's modification time.
      const newest = (s: LogSegment): bigint => (s.maxTimestampSoFar >= 0n ? s.maxTimestampSoFar : BigInt(s.createdMs));
      const expired = (s: LogSegment): boolean => retentionMs >= 0n && s.size > 0 && now - newest(s) > retentionMs;
      if (this.segments.every(expired)) this.roll();
      deleted += this.deleteSegmentsWhile((s) => expired(s));
      if (this.config.retentionBytes >= 0) {
        let excess = this.sizeInBytes() - this.config.retentionBytes;
        deleted += this.deleteSegmentsWhile((s) => {
          if (excess - s.size < 0) return false;
          excess -= s.size;
          return true;
        });
      }
      return deleted;
    } catch (error) {
      throw storageError(`retention on ${this.dir} failed`, error);
    }
  }

  // ---------------------------------------------------------------- config, size, flush, close

  updateConfig(config: LogConfig): void {
    this.config = config;
    for (const s of this.segments)
      s.updateConfig(config.indexIntervalBytes, OffsetIndex.maxEntriesFor(config.segmentIndexBytes));
  }

  sizeInBytes(): number {
    let total = 0;
    for (const s of this.segments) total += s.size;
    return total;
  }

  segmentCount(): number {
    return this.segments.length;
  }

  describeSegments(): SegmentInfo[] {
    return this.segments.map((s) => ({
      baseOffset: s.baseOffset,
      nextOffset: s.nextOffset(),
      sizeInBytes: s.size,
      largestTimestamp: s.maxTimestampSoFar,
      logFile: s.paths.log,
      offsetIndexBytes: s.offsetIndex.sizeInBytes,
      timeIndexBytes: s.timeIndex.sizeInBytes,
    }));
  }

  /** Milliseconds since the oldest unflushed append, undefined when everything is flushed (for flush.ms). */
  unflushedAgeMs(): number | undefined {
    return this.firstUnflushedMs === undefined ? undefined : this.now() - this.firstUnflushedMs;
  }

  /**
   * fsyncs the active segment's log file: everything appended so far survives a machine crash.
   * (Its indexes need no fsync: they are rebuilt by recovery; older segments were fsynced when rolled.)
   */
  flush(): void {
    this.ensureOpen();
    try {
      this.activeSegment.flushLog();
    } catch (error) {
      throw storageError(`flush of ${this.dir} failed`, error);
    }
    this.recoveryPoint = this.nextOffset;
    this.unflushedMessages = 0;
    this.firstUnflushedMs = undefined;
  }

  /**
   * flush.messages reached: the append is acknowledged only once durable, so if the fsync fails the
   * append is taken back (cut from the segment) before the error is thrown.
   */
  private flushOrUndo(firstOffset: bigint, previousEnd: bigint): void {
    try {
      this.flush();
    } catch (error) {
      try {
        this.activeSegment.truncateTo(firstOffset);
      } catch {
        /* the bytes past the restored end offset are ignored and overwritten by the next append */
      }
      this.nextOffset = previousEnd;
      throw error;
    }
  }

  /**
   * Persists the recovery point (Kafka checkpoints it periodically, not on every flush); skipped
   * when unchanged, so the LogManager's periodic task costs nothing for idle partitions.
   */
  checkpointRecoveryPoint(): void {
    this.ensureOpen();
    if (this.recoveryPoint !== this.persistedRecoveryPoint) this.persistRecoveryPoint(this.recoveryPoint);
  }

  private persistRecoveryPoint(offset: bigint): void {
    writeOffsetCheckpoint(this.fsys, this.dir, RECOVERY_POINT_CHECKPOINT_FILE, offset);
    this.persistedRecoveryPoint = offset;
  }

  /**
   * Older segments were fsynced when rolled (or when recovered, or written by the cleaner), so only
   * the active segment needs it here.
   */
  private flushSegmentsAndCheckpoint(): void {
    this.activeSegment.flush();
    this.epochCache.persistIfDirty();
    this.persistRecoveryPoint(this.recoveryPoint);
    writeOffsetCheckpoint(this.fsys, this.dir, LOG_START_OFFSET_CHECKPOINT_FILE, this.startOffset);
  }

  /** Flushes everything, writes the checkpoints and the clean-shutdown marker, closes the files. */
  close(): void {
    if (this.closed) return;
    this.generation++;
    try {
      this.activeSegment.onBecomeInactive();
      this.recoveryPoint = this.nextOffset;
      this.flushSegmentsAndCheckpoint();
      writeFileAtomic(this.fsys, this.dir, CLEAN_SHUTDOWN_FILE, Buffer.alloc(0));
    } finally {
      this.closeFiles();
    }
  }

  /**
   * Closes the files without flushing, checkpoints or the clean-shutdown marker (a simulated
   * crash of the broker process): what was appended is in the page cache, and the next open runs
   * recovery as after kill -9.
   */
  closeWithoutFlush(): void {
    if (this.closed) return;
    this.generation++;
    this.closeFiles();
  }

  private closeFiles(): void {
    this.closed = true;
    for (const s of this.segments) {
      try {
        s.close();
      } catch {
        /* already failing: nothing more to do for this descriptor */
      }
    }
  }

  /** Closes without checkpoints and removes the partition directory. */
  deleteFiles(): void {
    this.generation++;
    if (!this.closed) this.closeFiles();
    this.fsys.rmdir(this.dir);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---------------------------------------------------------------- for the cleaner (log-cleaner.ts)

  /** The segments, oldest first (a copy: the cleaner must not change the list directly). */
  segmentList(): LogSegment[] {
    return [...this.segments];
  }

  /** First offset not yet compacted (cleaner-offset-checkpoint), at least the log start offset. */
  firstDirtyOffset(): bigint {
    const checkpoint = readOffsetCheckpoint(this.fsys, this.dir, CLEANER_OFFSET_CHECKPOINT_FILE) ?? 0n;
    return checkpoint > this.startOffset ? checkpoint : this.startOffset;
  }

  setFirstDirtyOffset(offset: bigint): void {
    writeOffsetCheckpoint(this.fsys, this.dir, CLEANER_OFFSET_CHECKPOINT_FILE, offset);
  }

  private clampCleanerCheckpoint(offset: bigint): void {
    const checkpoint = readOffsetCheckpoint(this.fsys, this.dir, CLEANER_OFFSET_CHECKPOINT_FILE);
    if (checkpoint !== undefined && checkpoint > offset) this.setFirstDirtyOffset(offset);
  }

  /**
   * Swaps `cleaned` (a complete segment written with the `.cleaned` suffix) in for `olds`, which must
   * be consecutive non-active segments. Crash-safe order (Kafka's): rename cleaned → .swap, delete
   * the old segments, rename .swap → live; recovery completes a swap left half done.
   */
  replaceSegments(olds: LogSegment[], cleaned: LogSegment, swapSuffix: string): void {
    this.ensureOpen();
    const first = this.segments.indexOf(olds[0]!);
    if (first < 0 || first + olds.length >= this.segments.length) throw new Error("replaceSegments: segments changed");
    cleaned.flush();
    cleaned.changeSuffix(swapSuffix);
    this.fsys.fsyncDir(this.dir);
    for (const old of olds) old.deleteFiles();
    cleaned.changeSuffix("");
    this.fsys.fsyncDir(this.dir);
    if (cleaned.size === 0 && first > 0) {
      cleaned.deleteFiles();
      this.segments.splice(first, olds.length);
    } else {
      this.segments.splice(first, olds.length, cleaned);
    }
  }
}
