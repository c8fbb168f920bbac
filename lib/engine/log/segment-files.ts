/**
 * Names of the files of a partition directory, as Kafka lays them out:
 *
 *   00000000000000000000.log         record batches, exactly as stored (baseOffset assigned)
 *   00000000000000000000.index       offset index (see offset-index.ts)
 *   00000000000000000000.timeindex   time index (see time-index.ts)
 *   leader-epoch-checkpoint          leader epoch cache (see leader-epoch-cache.ts)
 *   log-start-offset-checkpoint      log start offset (see checkpoint-file.ts)
 *   recovery-point-offset-checkpoint offset below which everything was flushed
 *   cleaner-offset-checkpoint        first offset not yet compacted
 *   .kafka_cleanshutdown             present only while the log is closed cleanly
 *
 * The base offset is 20 decimal digits, zero-padded. During compaction a segment's files carry a
 * `.cleaned` suffix while written and `.swap` once complete (Kafka's suffixes); `.deleted` marks
 * a file being removed. Suffixes found at start-up are resolved by recovery.
 */
export const LOG_FILE_SUFFIX = ".log";
export const INDEX_FILE_SUFFIX = ".index";
export const TIME_INDEX_FILE_SUFFIX = ".timeindex";
export const CLEANED_FILE_SUFFIX = ".cleaned";
export const SWAP_FILE_SUFFIX = ".swap";
export const DELETED_FILE_SUFFIX = ".deleted";
export const CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
export const LEADER_EPOCH_CHECKPOINT_FILE = "leader-epoch-checkpoint";
export const LOG_START_OFFSET_CHECKPOINT_FILE = "log-start-offset-checkpoint";
export const RECOVERY_POINT_CHECKPOINT_FILE = "recovery-point-offset-checkpoint";
export const CLEANER_OFFSET_CHECKPOINT_FILE = "cleaner-offset-checkpoint";

const OFFSET_DIGITS = 20;

export function offsetFileName(offset: bigint): string {
  return offset.toString().padStart(OFFSET_DIGITS, "0");
}

export interface SegmentPaths {
  log: string;
  index: string;
  timeIndex: string;
}

/** The three files of the segment at `baseOffset`, with an optional state suffix (".cleaned", ".swap"). */
export function segmentPaths(dir: string, baseOffset: bigint, suffix = ""): SegmentPaths {
  const stem = `${dir}/${offsetFileName(baseOffset)}`;
  return {
    log: `${stem}${LOG_FILE_SUFFIX}${suffix}`,
    index: `${stem}${INDEX_FILE_SUFFIX}${suffix}`,
    timeIndex: `${stem}${TIME_INDEX_FILE_SUFFIX}${suffix}`,
  };
}

/** Parses "<20 digits>.log" (plus an optional suffix) into its base offset. */
export function parseSegmentFileName(name: string, suffix = ""): bigint | undefined {
  const match = /^(\d{20})\.log(.*)$/.exec(name);
  if (!match || match[2] !== suffix) return undefined;
  return BigInt(match[1]!);
}
