import { BATCH_HEADER_SIZE, BatchOffset } from "../../protocol/records/batch-header";
import { crc32c } from "../../protocol/records/crc32c";
import { BatchHeaderReader, type BatchInfo, isPlausibleBatch, parseBatchInfo } from "./batch-scan";
import { type FileHandleCache, SegmentFile } from "./file-handle-cache";
import type { LogFileSystem } from "./file-system";
import { OffsetIndex } from "./offset-index";
import { firstRecordAtOrAfter } from "./record-timestamps";
import { type SegmentPaths, segmentPaths } from "./segment-files";
import { TimeIndex } from "./time-index";

/** A segment holds offsets [baseOffset, baseOffset + MAX_RELATIVE_OFFSET] (relative offsets are int32). */
export const MAX_RELATIVE_OFFSET = 2 ** 31 - 1;
/** Recovery reads the log file in blocks of this size (a larger batch is read on its own). */
export const RECOVERY_READ_BLOCK_BYTES = 1024 * 1024;
/** A read never loads more than this at once (except a single larger batch, for minOneBatch). */
export const READ_MAX_BYTES = 64 * 1024 * 1024;

export interface SegmentRecovery {
  validBytes: number;
  truncatedBytes: number;
  validBatches: number;
}

/**
 * One segment of a partition log: a log file of record batches plus its offset and time indexes
 * (Kafka's LogSegment). Nothing per batch is kept in memory; what is kept is O(1): size, the max
 * timestamp so far, and the bytes since the last index entry.
 *
 * Files are opened through a FileHandleCache when used, not held: a segment costs a descriptor
 * only while it is being read or written often. A loaded segment reads its size and tail state
 * (max timestamp, next offset) from its files the first time they are asked for.
 */
export class LogSegment {
  private readonly logFile: SegmentFile;
  private sizeBytes: number | undefined;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  private tailLoaded: boolean;
  private maxTimestamp = -1n;
  private offsetOfMaxTimestamp: bigint;
  private bytesSinceLastIndexEntry = 0;
  private cachedNextOffset: bigint | undefined;
  private cachedFirstTimestamp: bigint | undefined;
  /** Set by the loader: check the time index when the tail state is first loaded (rebuild if insane). */
  private deferredCheck: (() => void) | undefined;
  paths: SegmentPaths;

  constructor(
    private readonly fsys: LogFileSystem,
    cache: FileHandleCache,
    readonly dir: string,
    readonly baseOffset: bigint,
    private indexIntervalBytes: number,
    maxIndexEntries: number,
    /** When the segment was created (ms), for segment.ms while it is still empty. */
    readonly createdMs: number,
    suffix = "",
    /** "create": a new segment, its files created now; "load": existing files, opened when used. */
    mode: "create" | "load" = "create",
  ) {
    this.paths = segmentPaths(dir, baseOffset, suffix);
    this.logFile = new SegmentFile(fsys, cache, this.paths.log);
    this.offsetIndex = new OffsetIndex(fsys, this.paths.index, baseOffset, maxIndexEntries, cache);
    this.timeIndex = new TimeIndex(fsys, this.paths.timeIndex, baseOffset, cache);
    this.offsetOfMaxTimestamp = baseOffset;
    this.tailLoaded = mode === "create";
    if (mode === "create") {
      this.logFile.create();
      this.sizeBytes = this.logFile.size();
      this.offsetIndex.create();
      this.timeIndex.create();
    }
  }

  /** Bytes of whole batches in the log file. */
  get size(): number {
    this.sizeBytes ??= this.logFile.size();
    return this.sizeBytes;
  }

  private set size(bytes: number) {
    this.sizeBytes = bytes;
  }

  /** Largest batch max timestamp in the segment, -1n when none. */
  get maxTimestampSoFar(): bigint {
    this.ensureTailState();
    return this.maxTimestamp;
  }

  get offsetOfMaxTimestampSoFar(): bigint {
    this.ensureTailState();
    return this.offsetOfMaxTimestamp;
  }

  private ensureTailState(): void {
    if (!this.tailLoaded) this.loadTailState();
  }

  /**
   * Defers the time index sanity check of a loaded segment to the first use of its tail state;
   * `onRebuilt` is told when the check failed and the indexes were rebuilt.
   */
  deferTimeIndexCheck(onRebuilt: () => void): void {
    this.deferredCheck = onRebuilt;
  }

  updateConfig(indexIntervalBytes: number, maxIndexEntries: number): void {
    this.indexIntervalBytes = indexIntervalBytes;
    this.offsetIndex.setMaxEntries(maxIndexEntries);
  }

  headerReader(): BatchHeaderReader {
    return new BatchHeaderReader(this.logFile, this.size);
  }

  /** Loads the in-memory tail state from the indexes plus a scan of the bytes after the last index entry. */
  loadTailState(): void {
    this.tailLoaded = true;
    const lastTime = this.timeIndex.lastEntry();
    if (lastTime) {
      this.maxTimestamp = lastTime.timestamp;
      this.offsetOfMaxTimestamp = lastTime.offset;
    }
    const reader = this.headerReader();
    const hinted = this.offsetIndex.lastEntry()?.position ?? 0;
    const from = reader.at(hinted) ? hinted : 0;
    let nextOffset = this.baseOffset;
    let end = from;
    reader.scan(from, (b) => {
      this.noteTimestamp(b);
      nextOffset = b.lastOffset + 1n;
      end = b.position + b.size;
      return true;
    });
    this.bytesSinceLastIndexEntry = end - from;
    this.cachedNextOffset = nextOffset;
    const onRebuilt = this.deferredCheck;
    this.deferredCheck = undefined;
    if (onRebuilt && !this.timeIndex.isSane(nextOffset - 1n)) {
      this.recover();
      this.flush();
      onRebuilt();
    }
  }

  private noteTimestamp(b: BatchInfo): void {
    if (b.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = b.maxTimestamp;
      this.offsetOfMaxTimestamp = b.lastOffset;
    }
  }

  /** The offset after the last batch, baseOffset when empty. */
  nextOffset(): bigint {
    if (this.size === 0) return this.baseOffset;
    this.ensureTailState();
    if (this.cachedNextOffset === undefined) this.loadTailState();
    return this.cachedNextOffset ?? this.baseOffset;
  }

  /** Timestamp segment.ms counts from: the first batch's max timestamp (Kafka's rollingBasedTimestamp). */
  firstBatchTimestamp(): bigint | undefined {
    if (this.size === 0) return undefined;
    this.cachedFirstTimestamp ??= this.headerReader().at(0)?.maxTimestamp;
    return this.cachedFirstTimestamp;
  }

  canHold(lastOffset: bigint): boolean {
    return lastOffset - this.baseOffset <= BigInt(MAX_RELATIVE_OFFSET);
  }

  /**
   * Appends `records` (whole batches, offsets already assigned) at the end of the log file and
   * indexes them. On failure the file and indexes are cut back to their previous length and the
   * error is rethrown, so a failed append leaves nothing behind.
   */
  append(records: Buffer, batches: BatchInfo[]): void {
    this.ensureTailState();
    const start = this.size;
    const saved = {
      indexEntries: this.offsetIndex.entries,
      timeEntries: this.timeIndex.entries,
      maxTs: this.maxTimestamp,
      maxTsOffset: this.offsetOfMaxTimestamp,
      sinceIndex: this.bytesSinceLastIndexEntry,
    };
    try {
      this.logFile.writeFully(records, start);
      for (const b of batches) this.indexBatch(b, start + b.position);
    } catch (error) {
      this.rollBack(start, saved);
      throw error;
    }
    this.size = start + records.length;
    const last = batches[batches.length - 1];
    if (last) this.cachedNextOffset = last.lastOffset + 1n;
  }

  private indexBatch(b: BatchInfo, position: number): void {
    this.noteTimestamp(b);
    if (this.bytesSinceLastIndexEntry > this.indexIntervalBytes) {
      this.offsetIndex.append(b.lastOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.bytesSinceLastIndexEntry = 0;
    }
    this.bytesSinceLastIndexEntry += b.size;
  }

  private rollBack(
    start: number,
    saved: { indexEntries: number; timeEntries: number; maxTs: bigint; maxTsOffset: bigint; sinceIndex: number },
  ): void {
    this.maxTimestamp = saved.maxTs;
    this.offsetOfMaxTimestamp = saved.maxTsOffset;
    this.bytesSinceLastIndexEntry = saved.sinceIndex;
    // Best effort: if these fail too, the bytes past `size` are ignored by reads, overwritten by the
    // next append and cut by recovery, because `size` (not the file length) is the truth.
    try {
      this.logFile.truncate(start);
      this.offsetIndex.truncateEntries(saved.indexEntries);
      this.timeIndex.truncateEntries(saved.timeEntries);
    } catch {
      /* see above */
    }
  }

  /** The first batch whose last offset is >= `offset`, or undefined when the segment has none. */
  translateOffset(offset: bigint): BatchInfo | undefined {
    const reader = this.headerReader();
    const hint = this.offsetIndex.lookup(offset);
    let first = reader.at(hint.position);
    // A stale or damaged index entry: fall back to a scan from the start of the segment.
    if (hint.position > 0 && (!first || first.baseOffset > offset)) first = undefined;
    let found: BatchInfo | undefined;
    reader.scan(first ? hint.position : 0, (b) => {
      if (b.lastOffset >= offset) found = b;
      return found === undefined;
    });
    return found;
  }

  /**
   * Whole batches from the one holding `startOffset`, at most `maxBytes` of them (or the first batch
   * alone if larger and `minOneBatch`), none reaching `maxOffset` (exclusive). Undefined when the
   * segment holds nothing at or after `startOffset`.
   */
  read(
    startOffset: bigint,
    maxBytes: number,
    maxOffset: bigint,
    minOneBatch: boolean,
    allocate?: (bytes: number) => Buffer,
  ): Buffer | undefined {
    const first = this.translateOffset(startOffset);
    if (!first) return undefined;
    if (first.lastOffset >= maxOffset) return Buffer.alloc(0);
    const available = this.size - first.position;
    if (first.size > maxBytes)
      return minOneBatch ? this.logFile.readAt(first.position, first.size, allocate) : Buffer.alloc(0);
    const chunk = this.logFile.readAt(first.position, Math.min(maxBytes, available, READ_MAX_BYTES), allocate);
    let end = 0;
    while (end + BATCH_HEADER_SIZE <= chunk.length) {
      const b = parseBatchInfo(chunk, end, first.position + end);
      if (!isPlausibleBatch(b, chunk.length - end) || b.lastOffset >= maxOffset) break;
      end += b.size;
    }
    return chunk.subarray(0, end);
  }

  /** The first record with timestamp >= `timestamp` and offset >= `startingOffset`, if any here. */
  findOffsetByTimestamp(timestamp: bigint, startingOffset: bigint): { offset: bigint; timestamp: bigint } | undefined {
    if (this.maxTimestampSoFar < timestamp) return undefined;
    const before = this.timeIndex.lastEntryBefore(timestamp);
    const from = before && before.offset + 1n > startingOffset ? before.offset + 1n : startingOffset;
    const start = this.translateOffset(from);
    if (!start) return undefined;
    let result: { offset: bigint; timestamp: bigint } | undefined;
    this.headerReader().scan(start.position, (b) => {
      if (b.maxTimestamp >= timestamp) {
        const batch = this.logFile.readAt(b.position, b.size);
        result = firstRecordAtOrAfter(batch, b, timestamp, from);
      }
      return result === undefined;
    });
    return result;
  }

  /** Cuts every batch whose last offset is >= `offset`; returns the bytes removed. */
  truncateTo(offset: bigint): number {
    const first = this.translateOffset(offset);
    if (!first) return 0;
    const removed = this.size - first.position;
    this.logFile.truncate(first.position);
    this.size = first.position;
    this.offsetIndex.truncateTo(offset);
    this.timeIndex.truncateTo(offset);
    this.maxTimestamp = -1n;
    this.offsetOfMaxTimestamp = this.baseOffset;
    this.cachedNextOffset = undefined;
    this.cachedFirstTimestamp = undefined;
    this.loadTailState();
    return removed;
  }

  /**
   * Rebuilds both indexes from the log file, checking every batch (structure, offsets increasing
   * and in range, CRC); the file is cut at the first invalid batch.
   */
  recover(): SegmentRecovery {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.tailLoaded = true;
    this.deferredCheck = undefined;
    this.maxTimestamp = -1n;
    this.offsetOfMaxTimestamp = this.baseOffset;
    this.bytesSinceLastIndexEntry = 0;
    const fileSize = this.logFile.size();
    let position = 0;
    let batches = 0;
    let previousLast = this.baseOffset - 1n;
    // Read-ahead for the scan; local, so nothing of it stays in memory after recovery.
    const block = { start: 0, data: Buffer.alloc(0) };
    for (;;) {
      const batch = this.readValidBatch(block, position, fileSize, previousLast);
      if (!batch) break;
      this.indexBatch(batch.info, position);
      previousLast = batch.info.lastOffset;
      position += batch.info.size;
      batches++;
    }
    if (position < fileSize) this.logFile.truncate(position);
    this.size = position;
    this.cachedNextOffset = batches > 0 ? previousLast + 1n : undefined;
    this.cachedFirstTimestamp = undefined;
    if (batches > 0) this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
    return { validBytes: position, truncatedBytes: fileSize - position, validBatches: batches };
  }

  /** The batch at `position` if whole, plausible, after `previousLast` and CRC-valid; `block` is the read-ahead. */
  private readValidBatch(
    block: { start: number; data: Buffer },
    position: number,
    fileSize: number,
    previousLast: bigint,
  ): { info: BatchInfo } | undefined {
    if (position + BATCH_HEADER_SIZE > fileSize) return undefined;
    if (position < block.start || position + BATCH_HEADER_SIZE > block.start + block.data.length) {
      block.start = position;
      block.data = this.logFile.readAt(position, Math.min(RECOVERY_READ_BLOCK_BYTES, fileSize - position));
    }
    const info = parseBatchInfo(block.data, position - block.start, position);
    if (!isPlausibleBatch(info, fileSize - position)) return undefined;
    if (info.baseOffset <= previousLast || !this.canHold(info.lastOffset)) return undefined;
    const inBlock = position - block.start;
    const bytes =
      inBlock + info.size <= block.data.length
        ? block.data.subarray(inBlock, inBlock + info.size)
        : this.logFile.readAt(position, info.size);
    if (bytes.length < info.size) return undefined;
    if (crc32c(bytes.subarray(BatchOffset.attributes)) !== bytes.readUInt32BE(BatchOffset.crc)) return undefined;
    return { info };
  }

  /** Appends the final time index entry (Kafka does this on roll and close) so max timestamp survives a reopen. */
  onBecomeInactive(): void {
    if (this.size > 0) this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
  }

  /** Whole-file read of the log (for the cleaner, in bounded slices). */
  readSlice(position: number, length: number): Buffer {
    return this.logFile.readAt(position, Math.min(length, this.size - position));
  }

  /** fsyncs the log file and both indexes (on roll, close, and before a compaction swap). */
  flush(): void {
    this.logFile.fsync();
    this.offsetIndex.flush();
    this.timeIndex.flush();
  }

  /**
   * fsyncs the log file only. Enough for the active segment: after an unclean shutdown recovery
   * always rebuilds the active segment's indexes (it holds the recovery point or comes after it).
   */
  flushLog(): void {
    this.logFile.fsync();
  }

  /** Closes the three descriptors if open; they reopen when the segment is used again. */
  releaseFiles(): void {
    this.logFile.closeDescriptor();
    this.offsetIndex.release();
    this.timeIndex.release();
  }

  /** Closes for good; every descriptor is closed even if one close fails (the first error is thrown). */
  close(): void {
    let firstError: unknown;
    for (const close of [() => this.logFile.close(), () => this.offsetIndex.close(), () => this.timeIndex.close()]) {
      try {
        close();
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
  }

  /** Renames the three files to carry `suffix` ("" for the live names). Open descriptors stay valid. */
  changeSuffix(suffix: string): void {
    const next = segmentPaths(this.dir, this.baseOffset, suffix);
    this.fsys.rename(this.paths.log, next.log);
    this.fsys.rename(this.paths.index, next.index);
    this.fsys.rename(this.paths.timeIndex, next.timeIndex);
    this.logFile.renamedTo(next.log);
    this.offsetIndex.renamedTo(next.index);
    this.timeIndex.renamedTo(next.timeIndex);
    this.paths = next;
  }

  /** Closes and removes the three files. */
  deleteFiles(): void {
    this.close();
    this.fsys.unlink(this.paths.log);
    this.fsys.unlink(this.paths.index);
    this.fsys.unlink(this.paths.timeIndex);
  }
}
