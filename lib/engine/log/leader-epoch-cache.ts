import { readCheckpoint, writeCheckpoint } from "./checkpoint-file";
import type { LogFileSystem } from "./file-system";
import { LEADER_EPOCH_CHECKPOINT_FILE } from "./segment-files";

/**
 * Kafka's LeaderEpochFileCache: for each leader epoch, the first offset written in it. Persisted
 * as `leader-epoch-checkpoint` (checkpoint format, entries "<epoch> <startOffset>") after every
 * change. Its size is the number of leader changes, not the log size.
 *
 * Invariant: epochs and start offsets both strictly increase.
 */
export interface EpochEntry {
  epoch: number;
  startOffset: bigint;
}

export class LeaderEpochCache {
  private entries: EpochEntry[] = [];
  private dirty = false;

  constructor(
    private readonly fsys: LogFileSystem,
    private readonly dir: string,
  ) {
    const stored = readCheckpoint(fsys, dir, LEADER_EPOCH_CHECKPOINT_FILE, 2) ?? [];
    for (const [epoch, offset] of stored) this.assignInMemory(Number(epoch), BigInt(offset!));
  }

  all(): EpochEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  latestEpoch(): number | undefined {
    return this.entries[this.entries.length - 1]?.epoch;
  }

  /** Records that `epoch` starts at `startOffset`; ignored unless it is a newer epoch. */
  assign(epoch: number, startOffset: bigint): void {
    if (this.assignInMemory(epoch, startOffset)) this.persist();
  }

  /** True when the last change could not be written (persistIfDirty retries). */
  get isDirty(): boolean {
    return this.dirty;
  }

  persistIfDirty(): void {
    if (this.dirty) this.persist();
  }

  private assignInMemory(epoch: number, startOffset: bigint): boolean {
    const latest = this.entries[this.entries.length - 1];
    if (epoch < 0 || (latest && epoch <= latest.epoch)) return false;
    // An older epoch that starts at or after this offset never really produced anything: drop it.
    while (this.entries.length > 0 && this.entries[this.entries.length - 1]!.startOffset >= startOffset)
      this.entries.pop();
    this.entries.push({ epoch, startOffset });
    return true;
  }

  /**
   * Kafka's endOffsetFor: for the latest epoch, the log end offset; for an older one, the start
   * offset of the next higher epoch, paired with the largest epoch <= the requested one (or the
   * requested epoch itself when it is older than every entry). Null when undefined.
   */
  endOffsetFor(epoch: number, logEndOffset: bigint): { epoch: number; endOffset: bigint } | null {
    const latest = this.entries[this.entries.length - 1];
    if (epoch < 0 || !latest) return null;
    if (epoch === latest.epoch) return { epoch, endOffset: logEndOffset };
    const higher = this.entries.find((e) => e.epoch > epoch);
    if (!higher) return null;
    const floor = [...this.entries].reverse().find((e) => e.epoch <= epoch);
    return { epoch: floor ? floor.epoch : epoch, endOffset: higher.startOffset };
  }

  /** After a truncation to `endOffset`: forget epochs starting at or after it. */
  truncateFromEnd(endOffset: bigint): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.startOffset < endOffset);
    if (this.entries.length !== before) this.persist();
  }

  /** After the log start moves to `startOffset`: the epoch covering it now starts there. */
  truncateFromStart(startOffset: bigint): void {
    let changed = false;
    while (this.entries.length > 1 && this.entries[1]!.startOffset <= startOffset) {
      this.entries.shift();
      changed = true;
    }
    const first = this.entries[0];
    if (first && first.startOffset < startOffset) {
      first.startOffset = startOffset;
      changed = true;
    }
    if (changed) this.persist();
  }

  clear(): void {
    this.entries = [];
    this.persist();
  }

  private persist(): void {
    this.dirty = true;
    writeCheckpoint(
      this.fsys,
      this.dir,
      LEADER_EPOCH_CHECKPOINT_FILE,
      this.entries.map((e) => [String(e.epoch), e.startOffset.toString()]),
    );
    this.dirty = false;
  }
}
