import { CONTROL_MASK, TRANSACTIONAL_MASK } from "../../protocol/records/batch-header";
import { decodeRecordBatch, iterateBatches } from "../../protocol/records/record-batch";
import type { CommittedOffset } from "./group-metadata";
import type { OffsetsTopicLog } from "./offsets-topic-log";
import {
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsTopicKey,
  type GroupMetadataRecordValue,
} from "./offsets-topic-records";

/** The state of one group after replaying its partition: the last record of each key wins. */
export interface LoadedGroup {
  metadata: GroupMetadataRecordValue | undefined;
  offsets: Map<string, Map<number, CommittedOffset>>;
}

export interface LoadResult {
  groups: Map<string, LoadedGroup>;
  records: number;
  /** Records skipped because their key or value did not parse (logged by the caller). */
  skipped: number;
}

/**
 * Replays one partition of __consumer_offsets from its log start to its end (GroupMetadataManager
 * .doLoadGroupsAndOffsets): offset commits and group records in log order, a null value deleting
 * the key. Reads `bufferBytes` at a time and awaits `pause()` between reads so that loading a big
 * partition never holds the event loop for long. Control and transactional batches are skipped
 * (Pier does not write transactional offset commits).
 */
export async function loadOffsetsPartition(
  log: OffsetsTopicLog,
  partition: number,
  bufferBytes: number,
  pause: () => Promise<void>,
): Promise<LoadResult> {
  const result: LoadResult = { groups: new Map(), records: 0, skipped: 0 };
  let offset = log.logStartOffset(partition);
  for (;;) {
    const { records, logEndOffset } = log.read(partition, offset, bufferBytes);
    if (offset >= logEndOffset || records.length === 0) break;
    let next = offset;
    for (const { pos, header } of iterateBatches(records)) {
      next = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
      if ((header.attributes & (CONTROL_MASK | TRANSACTIONAL_MASK)) !== 0) continue;
      for (const record of decodeRecordBatch(records, pos).records) {
        if (header.baseOffset + BigInt(record.offsetDelta) < offset) continue;
        result.records++;
        if (!applyRecord(result.groups, record.key, record.value)) result.skipped++;
      }
    }
    if (next <= offset) break;
    offset = next;
    await pause();
  }
  return result;
}

function groupFor(groups: Map<string, LoadedGroup>, groupId: string): LoadedGroup {
  let group = groups.get(groupId);
  if (group === undefined) groups.set(groupId, (group = { metadata: undefined, offsets: new Map() }));
  return group;
}

/** Applies one record; false if it could not be parsed. */
function applyRecord(groups: Map<string, LoadedGroup>, keyBytes: Buffer | null, value: Buffer | null): boolean {
  if (keyBytes === null) return false;
  try {
    const key = decodeOffsetsTopicKey(keyBytes);
    const group = groupFor(groups, key.group);
    if (key.type === "group") {
      group.metadata = value === null ? undefined : decodeGroupMetadataValue(value);
      return true;
    }
    let byPartition = group.offsets.get(key.topic);
    if (value === null) {
      byPartition?.delete(key.partition);
      if (byPartition?.size === 0) group.offsets.delete(key.topic);
      return true;
    }
    const v = decodeOffsetCommitValue(value);
    if (byPartition === undefined) group.offsets.set(key.topic, (byPartition = new Map()));
    byPartition.set(key.partition, {
      offset: v.offset,
      leaderEpoch: v.leaderEpoch,
      metadata: v.metadata,
      commitTimestampMs: Number(v.commitTimestamp),
      expireTimestampMs: v.expireTimestamp >= 0n ? Number(v.expireTimestamp) : null,
    });
    return true;
  } catch {
    return false;
  }
}
