import { CHECKPOINT_VERSION, CheckpointError } from "./checkpoint-file";
import { type LogFileSystem, readSmallFile, writeFileAtomic } from "./file-system";

/** Kafka's file name for the high watermarks of a log dir (ReplicaManager.HighWatermarkFilename). */
export const REPLICATION_OFFSET_CHECKPOINT_FILE = "replication-offset-checkpoint";

/**
 * The high watermarks of every partition in one log dir, in Kafka's OffsetCheckpointFile format
 * (unlike Pier's per-partition checkpoints, this one is per log dir, as in Kafka):
 *
 *   0                       version
 *   <n>                     number of entries
 *   <topic> <partition> <offset>
 *
 * Topic names cannot contain spaces (Kafka's legal characters are [a-zA-Z0-9._-]). Replaced
 * atomically (tmp + fsync + rename + directory fsync).
 */
export function writeReplicationOffsets(fsys: LogFileSystem, dir: string, offsets: Map<string, bigint>): void {
  const lines = [String(CHECKPOINT_VERSION), String(offsets.size)];
  for (const [key, offset] of offsets) {
    const at = key.lastIndexOf("-");
    lines.push(`${key.slice(0, at)} ${key.slice(at + 1)} ${offset}`);
  }
  writeFileAtomic(fsys, dir, REPLICATION_OFFSET_CHECKPOINT_FILE, Buffer.from(`${lines.join("\n")}\n`, "utf8"));
}

/** "topic-partition" → offset; empty when the file is absent; CheckpointError when malformed. */
export function readReplicationOffsets(fsys: LogFileSystem, dir: string): Map<string, bigint> {
  const content = readSmallFile(fsys, `${dir}/${REPLICATION_OFFSET_CHECKPOINT_FILE}`);
  const out = new Map<string, bigint>();
  if (content === undefined) return out;
  const lines = content
    .toString("utf8")
    .split("\n")
    .filter((l) => l.length > 0);
  if (lines[0] !== String(CHECKPOINT_VERSION))
    throw new CheckpointError(`${REPLICATION_OFFSET_CHECKPOINT_FILE}: unsupported version ${lines[0]}`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || lines.length !== count + 2)
    throw new CheckpointError(`${REPLICATION_OFFSET_CHECKPOINT_FILE}: bad entry count`);
  for (const line of lines.slice(2)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 3 || !/^\d+$/.test(fields[1]!) || !/^-?\d+$/.test(fields[2]!))
      throw new CheckpointError(`${REPLICATION_OFFSET_CHECKPOINT_FILE}: bad entry "${line}"`);
    out.set(`${fields[0]}-${fields[1]}`, BigInt(fields[2]!));
  }
  return out;
}
