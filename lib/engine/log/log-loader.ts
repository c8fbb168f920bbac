import type { FileHandleCache } from "./file-handle-cache";
import type { LogFileSystem } from "./file-system";
import type { LogConfig } from "./log-config";
import { LogSegment } from "./log-segment";
import { OffsetIndex } from "./offset-index";
import {
  CLEANED_FILE_SUFFIX,
  DELETED_FILE_SUFFIX,
  LOG_FILE_SUFFIX,
  parseSegmentFileName,
  segmentPaths,
  SWAP_FILE_SUFFIX,
} from "./segment-files";

/** What opening a partition log found and repaired. */
export interface RecoveryReport {
  dir: string;
  cleanShutdown: boolean;
  segmentsLoaded: number;
  /** Segments scanned batch by batch (CRC checked, indexes rebuilt). */
  segmentsRecovered: number;
  /** Bytes cut from the end of segments (a torn or corrupt tail). */
  truncatedBytes: number;
  /** Segments whose index files were missing or damaged and were rebuilt. */
  indexesRebuilt: number;
  /** Segments deleted because they followed a corrupt one. */
  segmentsDeleted: number;
  /** Interrupted compaction swaps completed. */
  swapsCompleted: number;
  /** Leftover temporary files (.cleaned, .deleted, .tmp) removed. */
  leftoverFilesRemoved: number;
  logStartOffset: bigint;
  logEndOffset: bigint;
}

export function emptyReport(dir: string, cleanShutdown: boolean): RecoveryReport {
  return {
    dir,
    cleanShutdown,
    segmentsLoaded: 0,
    segmentsRecovered: 0,
    truncatedBytes: 0,
    indexesRebuilt: 0,
    segmentsDeleted: 0,
    swapsCompleted: 0,
    leftoverFilesRemoved: 0,
    logStartOffset: 0n,
    logEndOffset: 0n,
  };
}

export interface LoadContext {
  fsys: LogFileSystem;
  cache: FileHandleCache;
  dir: string;
  config: LogConfig;
  nowMs: number;
  cleanShutdown: boolean;
  /** Everything below this offset was flushed before the last checkpoint. */
  recoveryPoint: bigint;
  report: RecoveryReport;
}

/** A new segment (its files created now), or with mode "load" the existing one (files opened when used). */
export function newSegment(
  ctx: Pick<LoadContext, "fsys" | "cache" | "dir" | "config" | "nowMs">,
  baseOffset: bigint,
  suffix = "",
  mode: "create" | "load" = "create",
): LogSegment {
  const { config } = ctx;
  return new LogSegment(
    ctx.fsys,
    ctx.cache,
    ctx.dir,
    baseOffset,
    config.indexIntervalBytes,
    OffsetIndex.maxEntriesFor(config.segmentIndexBytes),
    ctx.nowMs,
    suffix,
    mode,
  );
}

/**
 * Opens every segment of the directory, in offset order, repairing what a crash can leave:
 * 1. removes leftovers (`.cleaned`, `.deleted`, checkpoint `.tmp`, index `.swap` files, and index
 *    files whose log file is gone);
 * 2. completes interrupted compaction swaps (a `.log.swap` replaces the segments in its range);
 * 3. recovers (full scan, CRC, index rebuild) every segment from the one holding the recovery point
 *    after an unclean shutdown, and any segment whose indexes are missing or damaged;
 * 4. after a segment had to be cut, deletes the segments that follow it (their offsets cannot follow).
 *
 * Loading is lazy where it can be: a segment below the recovery point (every segment but the last
 * after a clean shutdown) gets only the cheap index checks (files present, whole entries, last
 * offset index entry inside the log), its descriptors are released at once, and its tail state and
 * time index check wait until it is first used. So a clean start reads the checkpoints, an index
 * entry per older segment, and the last segment.
 */
export function loadSegments(ctx: LoadContext): LogSegment[] {
  removeLeftovers(ctx);
  completeSwaps(ctx);
  const bases = liveBases(ctx);
  const segments: LogSegment[] = [];
  const recoverFrom = floorBase(bases, ctx.recoveryPoint);
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i]!;
    const mustRecover = !ctx.cleanShutdown && base >= recoverFrom;
    const lazy = !mustRecover && i < bases.length - 1;
    const { segment, truncated } = openSegment(ctx, base, mustRecover, lazy);
    segments.push(segment);
    if (truncated) {
      deleteFollowing(ctx, bases.slice(i + 1));
      break;
    }
  }
  ctx.report.segmentsLoaded = segments.length;
  return segments;
}

function removeLeftovers(ctx: LoadContext): void {
  const names = ctx.fsys.readdir(ctx.dir);
  const logs = new Set(
    names.filter((n) => n.endsWith(LOG_FILE_SUFFIX) || n.endsWith(`${LOG_FILE_SUFFIX}${SWAP_FILE_SUFFIX}`)),
  );
  const orphanIndex = (name: string): boolean => {
    const match = /^(\d{20})\.(index|timeindex)$/.exec(name);
    return (
      match !== null &&
      !logs.has(`${match[1]}${LOG_FILE_SUFFIX}`) &&
      !logs.has(`${match[1]}${LOG_FILE_SUFFIX}${SWAP_FILE_SUFFIX}`)
    );
  };
  for (const name of names) {
    const leftover =
      name.endsWith(CLEANED_FILE_SUFFIX) ||
      name.endsWith(DELETED_FILE_SUFFIX) ||
      name.endsWith(".tmp") ||
      orphanIndex(name) ||
      (name.endsWith(SWAP_FILE_SUFFIX) && !name.endsWith(`${LOG_FILE_SUFFIX}${SWAP_FILE_SUFFIX}`));
    if (leftover) {
      ctx.fsys.unlink(`${ctx.dir}/${name}`);
      ctx.report.leftoverFilesRemoved++;
    }
  }
}

function completeSwaps(ctx: LoadContext): void {
  for (const name of ctx.fsys.readdir(ctx.dir)) {
    const base = parseSegmentFileName(name, SWAP_FILE_SUFFIX);
    if (base === undefined) continue;
    const swap = newSegment(ctx, base, SWAP_FILE_SUFFIX, "load");
    swap.recover();
    const end = swap.nextOffset();
    for (const old of liveBases(ctx)) {
      if (old >= base && (old < end || old === base)) deleteSegmentFiles(ctx, old);
    }
    swap.changeSuffix("");
    swap.close();
    ctx.report.swapsCompleted++;
  }
}

function liveBases(ctx: LoadContext): bigint[] {
  const bases: bigint[] = [];
  for (const name of ctx.fsys.readdir(ctx.dir)) {
    const base = parseSegmentFileName(name);
    if (base !== undefined) bases.push(base);
  }
  return bases.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function floorBase(bases: bigint[], offset: bigint): bigint {
  let floor = bases[0] ?? 0n;
  for (const base of bases) if (base <= offset) floor = base;
  return floor;
}

function openSegment(
  ctx: LoadContext,
  base: bigint,
  mustRecover: boolean,
  lazy: boolean,
): { segment: LogSegment; truncated: boolean } {
  const paths = segmentPaths(ctx.dir, base);
  const indexesExisted = ctx.fsys.exists(paths.index) && ctx.fsys.exists(paths.timeIndex);
  const segment = newSegment(ctx, base, "", "load");
  const fileSize = segment.size;
  const damaged =
    !indexesExisted ||
    segment.offsetIndex.wasTorn ||
    segment.timeIndex.wasTorn ||
    !segment.offsetIndex.isSane(fileSize);
  if (mustRecover || (damaged && fileSize > 0)) {
    const result = segment.recover();
    segment.flush();
    ctx.report.segmentsRecovered++;
    ctx.report.truncatedBytes += result.truncatedBytes;
    if (damaged && !mustRecover) ctx.report.indexesRebuilt++;
    return { segment, truncated: result.truncatedBytes > 0 };
  }
  if (lazy) {
    segment.deferTimeIndexCheck(() => ctx.report.indexesRebuilt++);
    segment.releaseFiles();
    return { segment, truncated: false };
  }
  segment.loadTailState();
  if (!segment.timeIndex.isSane(segment.nextOffset() - 1n)) {
    const result = segment.recover();
    segment.flush();
    ctx.report.indexesRebuilt++;
    return { segment, truncated: result.truncatedBytes > 0 };
  }
  return { segment, truncated: false };
}

function deleteFollowing(ctx: LoadContext, bases: bigint[]): void {
  for (const base of bases) {
    deleteSegmentFiles(ctx, base);
    ctx.report.segmentsDeleted++;
  }
}

function deleteSegmentFiles(ctx: LoadContext, base: bigint): void {
  const paths = segmentPaths(ctx.dir, base);
  ctx.fsys.unlink(paths.log);
  ctx.fsys.unlink(paths.index);
  ctx.fsys.unlink(paths.timeIndex);
}
