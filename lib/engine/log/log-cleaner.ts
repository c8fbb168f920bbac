import {
  BATCH_HEADER_SIZE,
  BatchOffset,
  CONTROL_MASK,
  DELETE_HORIZON_MASK,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  TimestampType,
  compressionOf,
  computeBatchCrc,
} from "../../protocol/records/batch-header";
import { type KafkaRecord, decodeRecordBatch, encodeRecordBatch } from "../../protocol/records/record-batch";
import { type BatchInfo, isPlausibleBatch, parseBatchInfo } from "./batch-scan";
import { isCompacted, type LogConfig } from "./log-config";
import { newSegment } from "./log-loader";
import { type LogSegment, MAX_RELATIVE_OFFSET } from "./log-segment";
import type { PartitionLog } from "./partition-log";
import { CLEANED_FILE_SUFFIX, SWAP_FILE_SUFFIX, segmentPaths } from "./segment-files";

/**
 * Log compaction (Kafka's LogCleaner, cleanup.policy=compact): keep the latest record per key.
 *
 * One pass over a log:
 * 1. plan: the cleanable segments are the non-active ones whose newest record is older than
 *    min.compaction.lag.ms; the dirty range starts at the cleaner checkpoint (first offset not yet
 *    compacted);
 * 2. map: read the dirty range and record, per key, the offset of its latest record (the map is
 *    capped at CLEANER_MAP_MAX_BYTES; if full, the pass stops at that offset);
 * 3. clean: rewrite each group of consecutive cleanable segments (total size <= segment.bytes) into
 *    a `.cleaned` segment keeping a record when its offset is past the map, its key is not in the
 *    map, or it is the latest for its key; tombstones (null value) get a delete horizon of now +
 *    delete.retention.ms the first time they are kept (Kafka's KIP-534: the horizon goes in the
 *    batch's baseTimestamp with attribute bit 6) and are dropped once it has passed. Offsets never
 *    change: a rewritten batch keeps its baseOffset and its lastOffsetDelta (even if its last record
 *    went), as Kafka v2 does; a batch with nothing left is dropped. Control batches are kept as is.
 * 4. swap: the cleaned segment replaces the group (`.cleaned` → `.swap` → live, see
 *    PartitionLog.replaceSegments), then the checkpoint moves to the end of the map.
 *
 * Each step() does at most CLEANER_STEP_BYTES of reading, so the LogManager can run a pass across
 * event-loop turns without holding up appends and reads. The active segment is never touched. If
 * the log's segments change underneath (retention, truncation, close) the pass aborts and removes
 * its `.cleaned` files.
 */
export const CLEANER_STEP_BYTES = 1024 * 1024;
/** Budget for the key → latest offset map (Kafka: log.cleaner.dedupe.buffer.size). */
export const CLEANER_MAP_MAX_BYTES = 64 * 1024 * 1024;
/** Estimated bytes per map entry beyond the key itself (string header, map slot, bigint). */
const MAP_ENTRY_OVERHEAD_BYTES = 80;

export interface CleanResult {
  /** True when the pass ran to the end (false: nothing to do, or aborted). */
  completed: boolean;
  aborted: boolean;
  segmentsCleaned: number;
  recordsRemoved: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Earliest delete horizon stamped on a kept tombstone (a pass after it can remove it). */
  earliestDeleteHorizon: bigint | undefined;
}

/** Dirty bytes over cleanable bytes (Kafka's cleanable ratio), and the cleanable segments. */
export function cleanableSegments(log: PartitionLog, nowMs: number): { segments: LogSegment[]; dirtyRatio: number } {
  const config = log.currentConfig;
  const all = log.segmentList();
  const cleanable: LogSegment[] = [];
  const lagLimit = BigInt(nowMs - config.minCompactionLagMs);
  for (const s of all.slice(0, -1)) {
    if (s.size > 0 && s.maxTimestampSoFar > lagLimit) break;
    cleanable.push(s);
  }
  const firstDirty = log.firstDirtyOffset();
  let total = 0;
  let dirty = 0;
  for (const s of cleanable) {
    total += s.size;
    if (s.nextOffset() > firstDirty) dirty += s.size;
  }
  return { segments: cleanable, dirtyRatio: total === 0 ? 0 : dirty / total };
}

interface StoredBatch {
  info: BatchInfo;
  bytes: Buffer;
}

/** Whole batches of `segment` from `position`, about `maxBytes` of them (at least one). */
function readBatches(
  segment: LogSegment,
  position: number,
  maxBytes: number,
): { batches: StoredBatch[]; next: number } {
  const chunk = segment.readSlice(position, maxBytes);
  const batches: StoredBatch[] = [];
  let pos = 0;
  while (pos + BATCH_HEADER_SIZE <= chunk.length) {
    const info = parseBatchInfo(chunk, pos, position + pos);
    if (!isPlausibleBatch(info, segment.size - info.position)) break;
    if (pos + info.size > chunk.length) {
      if (batches.length === 0) batches.push({ info, bytes: segment.readSlice(info.position, info.size) });
      break;
    }
    batches.push({ info, bytes: chunk.subarray(pos, pos + info.size) });
    pos += info.size;
  }
  const last = batches[batches.length - 1];
  return { batches, next: last ? last.info.position + last.info.size : segment.size };
}

function isControl(info: BatchInfo): boolean {
  return (info.attributes & CONTROL_MASK) !== 0;
}

export class CleanTask {
  private phase: "map" | "clean" | "done" = "map";
  private readonly generation: number;
  private readonly now: bigint;
  private readonly config: LogConfig;
  private readonly cleanable: LogSegment[];
  private readonly firstDirty: bigint;
  private readonly map = new Map<string, bigint>();
  private mapBytes = 0;
  /** Offsets >= mapEnd were not mapped: records there are kept. */
  private mapEnd: bigint;
  private cursor = { segment: 0, position: 0 };
  private groups: LogSegment[][] = [];
  private group = 0;
  private cleaned: LogSegment | undefined;
  private groupChanged = false;
  readonly result: CleanResult = {
    completed: false,
    aborted: false,
    segmentsCleaned: 0,
    recordsRemoved: 0,
    bytesBefore: 0,
    bytesAfter: 0,
    earliestDeleteHorizon: undefined,
  };

  constructor(
    private readonly log: PartitionLog,
    private readonly stepBytes = CLEANER_STEP_BYTES,
    private readonly mapMaxBytes = CLEANER_MAP_MAX_BYTES,
  ) {
    this.generation = log.generation;
    this.now = BigInt(log.now());
    this.config = log.currentConfig;
    this.cleanable = cleanableSegments(log, log.now()).segments;
    this.firstDirty = log.firstDirtyOffset();
    const last = this.cleanable[this.cleanable.length - 1];
    this.mapEnd = last ? last.nextOffset() : this.firstDirty;
    if (!isCompacted(this.config) || this.cleanable.length === 0) {
      this.phase = "done";
      return;
    }
    this.cursor.segment = this.cleanable.findIndex((s) => s.nextOffset() > this.firstDirty);
    // Nothing dirty: an empty map, so the pass only drops tombstones whose delete horizon passed.
    if (this.cursor.segment < 0) this.startCleaning();
  }

  get isDone(): boolean {
    return this.phase === "done";
  }

  /** Does a bounded amount of work; returns true when the pass is over. */
  step(): boolean {
    if (this.phase === "done") return true;
    if (this.log.isClosed || this.log.generation !== this.generation) {
      this.abort();
      return true;
    }
    if (this.phase === "map") this.mapStep();
    else this.cleanStep();
    return this.isDone;
  }

  /** Runs the whole pass now (tests, tools). */
  runToCompletion(): CleanResult {
    while (!this.step()) {
      /* each step is bounded */
    }
    return this.result;
  }

  abort(): void {
    if (this.cleaned) {
      this.cleaned.deleteFiles();
      this.cleaned = undefined;
    }
    this.result.aborted = true;
    this.phase = "done";
  }

  // ------------------------------------------------------------ map phase

  private mapStep(): void {
    const segment = this.cleanable[this.cursor.segment];
    if (!segment) return this.startCleaning();
    const { batches, next } = readBatches(segment, this.cursor.position, this.stepBytes);
    for (const { info, bytes } of batches) {
      if (info.lastOffset < this.firstDirty || isControl(info)) continue;
      if (!this.mapBatch(info, bytes)) {
        this.mapEnd = info.baseOffset;
        return this.startCleaning();
      }
    }
    this.cursor.position = next;
    if (batches.length === 0 || next >= segment.size) this.cursor = { segment: this.cursor.segment + 1, position: 0 };
  }

  /** Adds the batch's keys to the map; false when the map is full (nothing of this batch is added). */
  private mapBatch(info: BatchInfo, bytes: Buffer): boolean {
    const records = decodeRecordBatch(bytes, 0).records;
    let added = 0;
    for (const r of records) if (r.key) added += r.key.length + MAP_ENTRY_OVERHEAD_BYTES;
    if (this.mapBytes + added > this.mapMaxBytes && this.map.size > 0) return false;
    for (const r of records) {
      if (!r.key) continue;
      const key = r.key.toString("latin1");
      if (!this.map.has(key)) this.mapBytes += r.key.length + MAP_ENTRY_OVERHEAD_BYTES;
      this.map.set(key, info.baseOffset + BigInt(r.offsetDelta));
    }
    return true;
  }

  // ------------------------------------------------------------ clean phase

  private startCleaning(): void {
    this.phase = "clean";
    const toClean = this.cleanable.filter((s) => s.baseOffset < this.mapEnd);
    this.groups = groupBySize(toClean, this.config.segmentBytes);
    this.group = 0;
    this.cursor = { segment: 0, position: 0 };
    if (this.groups.length === 0) this.finish();
  }

  private cleanStep(): void {
    const group = this.groups[this.group];
    if (!group) return this.finish();
    this.cleaned ??= this.openCleaned(group[0]!.baseOffset);
    const segment = group[this.cursor.segment];
    if (!segment) return this.swapGroup(group);
    const { batches, next } = readBatches(segment, this.cursor.position, this.stepBytes);
    const out: Buffer[] = [];
    const infos: BatchInfo[] = [];
    let outBytes = 0;
    for (const stored of batches) {
      const kept = this.cleanBatch(stored);
      if (kept !== stored.bytes) this.groupChanged = true;
      if (!kept) continue;
      const info = parseBatchInfo(kept, 0, outBytes);
      out.push(kept);
      infos.push(info);
      outBytes += kept.length;
    }
    if (out.length > 0) this.cleaned.append(Buffer.concat(out, outBytes), infos);
    this.cursor.position = next;
    if (batches.length === 0 || next >= segment.size) this.cursor = { segment: this.cursor.segment + 1, position: 0 };
  }

  private openCleaned(baseOffset: bigint): LogSegment {
    const paths = segmentPaths(this.log.dir, baseOffset, CLEANED_FILE_SUFFIX);
    for (const path of [paths.log, paths.index, paths.timeIndex]) this.log.fsys.unlink(path);
    this.groupChanged = false;
    return newSegment(
      {
        fsys: this.log.fsys,
        cache: this.log.fileCache,
        dir: this.log.dir,
        config: this.config,
        nowMs: Number(this.now),
      },
      baseOffset,
      CLEANED_FILE_SUFFIX,
    );
  }

  private swapGroup(group: LogSegment[]): void {
    const cleaned = this.cleaned!;
    this.cleaned = undefined;
    const before = group.reduce((n, s) => n + s.size, 0);
    if (!this.groupChanged) {
      cleaned.deleteFiles();
    } else {
      cleaned.onBecomeInactive();
      this.log.replaceSegments(group, cleaned, SWAP_FILE_SUFFIX);
      this.result.segmentsCleaned += group.length;
      this.result.bytesBefore += before;
      this.result.bytesAfter += cleaned.size;
    }
    this.group++;
    this.cursor = { segment: 0, position: 0 };
  }

  private finish(): void {
    if (this.mapEnd > this.firstDirty) this.log.setFirstDirtyOffset(this.mapEnd);
    this.result.completed = true;
    this.phase = "done";
  }

  /** The batch to write for `stored`: itself (unchanged), a rewritten copy, or undefined (drop it). */
  private cleanBatch(stored: StoredBatch): Buffer | undefined {
    const { info, bytes } = stored;
    if (isControl(info)) return bytes;
    const batch = decodeRecordBatch(bytes, 0);
    const hasHorizon = (info.attributes & DELETE_HORIZON_MASK) !== 0;
    const horizonPassed = hasHorizon && this.now >= info.baseTimestamp;
    const kept: KafkaRecord[] = [];
    let keptTombstone = false;
    for (const r of batch.records) {
      const offset = info.baseOffset + BigInt(r.offsetDelta);
      if (!this.shouldRetain(r, offset)) continue;
      if (r.value === null) {
        if (horizonPassed) continue;
        keptTombstone = true;
      }
      kept.push(r);
    }
    this.result.recordsRemoved += batch.records.length - kept.length;
    if (kept.length === 0) return undefined;
    const needsHorizon = keptTombstone && !hasHorizon;
    if (kept.length === batch.records.length && !needsHorizon) return bytes;
    const horizon = needsHorizon
      ? this.now + BigInt(this.config.deleteRetentionMs)
      : hasHorizon
        ? info.baseTimestamp
        : undefined;
    if (horizon !== undefined && needsHorizon) {
      const earliest = this.result.earliestDeleteHorizon;
      if (earliest === undefined || horizon < earliest) this.result.earliestDeleteHorizon = horizon;
    }
    return rewriteBatch(batch, info, kept, horizon);
  }

  private shouldRetain(r: KafkaRecord, offset: bigint): boolean {
    if (!r.key || offset >= this.mapEnd) return true;
    const latest = this.map.get(r.key.toString("latin1"));
    return latest === undefined || latest <= offset;
  }
}

/**
 * Re-encodes a batch with only `kept` records, preserving baseOffset, lastOffsetDelta, producer
 * fields, leader epoch and compression; with a delete horizon it goes in baseTimestamp (bit 6 set).
 */
function rewriteBatch(
  batch: ReturnType<typeof decodeRecordBatch>,
  info: BatchInfo,
  kept: KafkaRecord[],
  horizon: bigint | undefined,
): Buffer {
  const logAppendTime = (info.attributes & TIMESTAMP_TYPE_MASK) !== 0;
  const out = encodeRecordBatch({
    records: kept.map((r) => ({
      key: r.key,
      value: r.value,
      headers: r.headers,
      timestamp: batch.baseTimestamp + r.timestampDelta,
      offsetDelta: r.offsetDelta,
    })),
    baseOffset: batch.baseOffset,
    partitionLeaderEpoch: batch.partitionLeaderEpoch,
    compression: compressionOf(batch.attributes),
    timestampType: logAppendTime ? TimestampType.LogAppendTime : TimestampType.CreateTime,
    isTransactional: (batch.attributes & TRANSACTIONAL_MASK) !== 0,
    isControl: false,
    baseTimestamp: horizon ?? batch.baseTimestamp,
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence,
  });
  out.writeInt32BE(batch.lastOffsetDelta, BatchOffset.lastOffsetDelta);
  if (horizon !== undefined)
    out.writeInt16BE(out.readInt16BE(BatchOffset.attributes) | DELETE_HORIZON_MASK, BatchOffset.attributes);
  if (logAppendTime || horizon !== undefined) out.writeBigInt64BE(batch.maxTimestamp, BatchOffset.maxTimestamp);
  out.writeUInt32BE(computeBatchCrc(out, 0), BatchOffset.crc);
  return out;
}

/** Consecutive segments grouped so that each group fits one segment (size, relative offsets). */
function groupBySize(segments: LogSegment[], segmentBytes: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let current: LogSegment[] = [];
  let size = 0;
  for (const s of segments) {
    const first = current[0];
    const fits =
      first !== undefined &&
      size + s.size <= segmentBytes &&
      s.nextOffset() - 1n - first.baseOffset <= BigInt(MAX_RELATIVE_OFFSET);
    if (!fits && current.length > 0) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(s);
    size += s.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
