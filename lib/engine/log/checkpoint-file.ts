import { type LogFileSystem, readSmallFile, writeFileAtomic } from "./file-system";

/**
 * Kafka's checkpoint file format (CheckpointFile), plain text:
 *
 *   0              version
 *   <n>            number of entries
 *   <entry>        n lines, space-separated fields
 *
 * Kafka keeps log-start-offset-checkpoint and recovery-point-offset-checkpoint once per log dir
 * with "topic partition offset" entries; Pier keeps one file per partition directory whose single
 * entry is just "<offset>". Files are replaced atomically (tmp + fsync + rename).
 */
export const CHECKPOINT_VERSION = 0;

export class CheckpointError extends Error {}

export function writeCheckpoint(fsys: LogFileSystem, dir: string, name: string, entries: string[][]): void {
  const lines = [String(CHECKPOINT_VERSION), String(entries.length), ...entries.map((e) => e.join(" "))];
  writeFileAtomic(fsys, dir, name, Buffer.from(`${lines.join("\n")}\n`, "utf8"));
}

/** The entries of a checkpoint file, undefined if absent; CheckpointError if malformed. */
export function readCheckpoint(
  fsys: LogFileSystem,
  dir: string,
  name: string,
  fieldsPerEntry: number,
): string[][] | undefined {
  const content = readSmallFile(fsys, `${dir}/${name}`);
  if (content === undefined) return undefined;
  const lines = content
    .toString("utf8")
    .split("\n")
    .filter((l) => l.length > 0);
  if (lines[0] !== String(CHECKPOINT_VERSION)) throw new CheckpointError(`${name}: unsupported version ${lines[0]}`);
  const count = Number(lines[1]);
  if (!Number.isInteger(count) || count < 0 || lines.length !== count + 2)
    throw new CheckpointError(`${name}: bad entry count`);
  const entries = lines.slice(2).map((l) => l.trim().split(/\s+/));
  for (const e of entries) {
    if (e.length !== fieldsPerEntry || e.some((f) => !/^-?\d+$/.test(f)))
      throw new CheckpointError(`${name}: bad entry "${e.join(" ")}"`);
  }
  return entries;
}

export function writeOffsetCheckpoint(fsys: LogFileSystem, dir: string, name: string, offset: bigint): void {
  writeCheckpoint(fsys, dir, name, [[offset.toString()]]);
}

/** The offset in a single-entry checkpoint; undefined if the file is absent or unreadable. */
export function readOffsetCheckpoint(fsys: LogFileSystem, dir: string, name: string): bigint | undefined {
  try {
    const entries = readCheckpoint(fsys, dir, name, 1);
    const field = entries?.[0]?.[0];
    return field === undefined ? undefined : BigInt(field);
  } catch (error) {
    if (error instanceof CheckpointError) return undefined;
    throw error;
  }
}
