import { CONTROL_MASK, TIMESTAMP_TYPE_MASK, decodeRecordBatch, iterateBatches } from "../../protocol/records";
import { AdminError } from "../errors";
import type { ClusterSnapshot } from "../types";
import type { ProtocolClient } from "../wire/protocol-client";
import type { GroupPartitionOffsets } from "./group-types";
import { partitionOf } from "./group-rows";

/**
 * Time lag = now − timestamp of the first record the group has not consumed yet (the record at
 * its next offset). It answers "how old is the work waiting for this group", which a count of
 * records cannot. Reading it costs one small Fetch per lagging partition, so results are cached
 * by (topic, partition, offset): a record's timestamp never changes.
 */
export const TIME_LAG_FETCH_MAX_BYTES = 64 * 1024;
const TIMESTAMP_CACHE_MAX_ENTRIES = 100_000;
export const TIME_LAG_CONCURRENCY = 8;

/** Timestamp (ms) of the first non-control record at or after `offset`, null when there is none. */
export function firstRecordTimestamp(records: Buffer, offset: bigint): number | null {
  for (const { pos, header } of iterateBatches(records)) {
    if (header.baseOffset + BigInt(header.lastOffsetDelta) < offset) continue;
    if ((header.attributes & CONTROL_MASK) !== 0) continue;
    if ((header.attributes & TIMESTAMP_TYPE_MASK) !== 0) return Number(header.maxTimestamp); // LogAppendTime
    const batch = decodeRecordBatch(records, pos);
    for (const record of batch.records) {
      if (batch.baseOffset + BigInt(record.offsetDelta) >= offset) {
        return Number(batch.baseTimestamp + record.timestampDelta);
      }
    }
  }
  return null;
}

export class RecordTimestampCache {
  private readonly cache = new Map<string, number | null>();

  constructor(private readonly client: ProtocolClient) {}

  peek(topic: string, partition: number, offset: number): number | null | undefined {
    return this.cache.get(`${topic}\u0000${partition}\u0000${offset}`);
  }

  async read(leader: number, topic: string, partition: number, offset: number): Promise<number | null> {
    const key = `${topic}\u0000${partition}\u0000${offset}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const answer = await this.client.fetch(leader, topic, partition, BigInt(offset), TIME_LAG_FETCH_MAX_BYTES);
    const timestamp = answer.records ? firstRecordTimestamp(answer.records, BigInt(offset)) : null;
    if (this.cache.size >= TIMESTAMP_CACHE_MAX_ENTRIES) this.cache.clear();
    if (timestamp !== null) this.cache.set(key, timestamp);
    return timestamp;
  }
}

/**
 * Fills timeLagMs of lagging rows from cached record timestamps, fetching at most `budget` new
 * ones (`fetch` false = cache only); returns the number of fetches spent.
 */
export async function fillTimeLags(
  timestamps: RecordTimestampCache,
  snapshot: ClusterSnapshot,
  rows: GroupPartitionOffsets[],
  nowMs: number,
  budget: number,
  fetch: boolean,
): Promise<number> {
  const lagging = rows.filter((r) => r.lag !== null && r.lag > 0);
  let spent = 0;
  const toFetch: GroupPartitionOffsets[] = [];
  for (const row of lagging) {
    const next = Math.max(row.committedOffset ?? 0, row.logStartOffset ?? 0);
    const cached = timestamps.peek(row.topic, row.partition, next);
    if (cached !== undefined) row.timeLagMs = cached === null ? null : Math.max(0, nowMs - cached);
    else if (fetch || spent < budget) {
      toFetch.push(row);
      spent++;
    }
  }
  let i = 0;
  const worker = async () => {
    while (i < toFetch.length) {
      const row = toFetch[i++]!;
      const leader = partitionOf(snapshot, row.topic, row.partition)?.leader ?? -1;
      if (leader < 0) continue;
      const next = Math.max(row.committedOffset ?? 0, row.logStartOffset ?? 0);
      try {
        const ts = await timestamps.read(leader, row.topic, row.partition, next);
        row.timeLagMs = ts === null ? null : Math.max(0, nowMs - ts);
      } catch (error) {
        if (!(error instanceof AdminError)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: TIME_LAG_CONCURRENCY }, worker));
  return spent;
}
