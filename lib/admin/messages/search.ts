import type { ProtocolClient } from "../wire/protocol-client";
import { decodeCursor, encodeCursor } from "./cursor";
import { compileFilter, containsPredicate, type RecordPredicate } from "./filter/evaluate";
import { MessageQueryError } from "./message-errors";
import { decodeRecords, fetchRawPartitions, type RawPartition } from "./partition-reader";
import { toMessageRecord, type MessageRecord } from "./record-view";
import { offsetsForTimestamp, readTopicBounds, type PartitionBounds } from "./topic-bounds";

/**
 * Server-side search: scans partitions in order from a start position, tests each record with
 * the filter and yields matches as they are found, with progress on the way. It stops at the end
 * of the data, when `budget` records have been scanned, when `limit` matches were found, or when
 * the caller aborts; the final event carries a cursor that resumes exactly after the last record
 * tested. One Fetch is kept in flight ahead of the one being tested, so decoding and the broker's
 * reads overlap; memory stays at two fetches whatever the topic's size.
 */
export const SEARCH_BUDGET_DEFAULT = 1_000_000;
export const SEARCH_BUDGET_MAX = 100_000_000;
export const SEARCH_MATCHES_DEFAULT = 100;
export const SEARCH_MATCHES_MAX = 1_000;
/**
 * Bytes per Fetch of a scan. Larger answers cost more than they save: the wire client joins a
 * response's TCP chunks as they arrive, so its copying grows with the square of the frame size
 * (measured: 512 KiB scans ~2x faster than 4 MiB; see the README's Performance section).
 */
export const SEARCH_FETCH_BYTES = 512 * 1024;
export const SEARCH_PROGRESS_INTERVAL_MS = 250;

export interface SearchQuery {
  partitions?: number[];
  offset?: number;
  timestamp?: number;
  cursor?: string;
  /** An expression of the filter language (parser.ts). */
  filter?: string;
  /** Simple search: key or value contains this text. */
  text?: string;
  budget?: number;
  limit?: number;
}

export interface SearchProgress {
  scanned: number;
  /** Records between the start positions and the high watermarks when the search began. */
  total: number;
  matches: number;
  elapsedMs: number;
}

export type SearchEndReason = "end" | "budget" | "limit" | "aborted";

export type SearchEvent =
  | ({ type: "start"; partitions: { partition: number; from: number; to: number }[] } & SearchProgress)
  | { type: "match"; record: MessageRecord }
  | ({ type: "progress" } & SearchProgress)
  | ({ type: "end"; reason: SearchEndReason; cursor: string | null } & SearchProgress);

/** Compiles the query's filter: throws FilterSyntaxError (with its column) before any scan starts. */
export function searchPredicate(query: Pick<SearchQuery, "filter" | "text">): RecordPredicate {
  const tests: RecordPredicate[] = [];
  if (query.filter?.trim()) tests.push(compileFilter(query.filter));
  if (query.text) tests.push(containsPredicate(query.text));
  if (tests.length === 0) return () => true;
  return tests.length === 1 ? tests[0]! : (r) => tests.every((t) => t(r));
}

export async function* searchMessages(
  wire: ProtocolClient,
  topic: string,
  query: SearchQuery,
  signal?: AbortSignal,
): AsyncGenerator<SearchEvent> {
  const started = Date.now();
  const matches = searchPredicate(query);
  const budget = query.budget ?? SEARCH_BUDGET_DEFAULT;
  const limit = query.limit ?? SEARCH_MATCHES_DEFAULT;
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (cursor && cursor.direction !== "next")
    throw new MessageQueryError("invalid_cursor", "A search resumes only from a search cursor.");
  const bounds = await readTopicBounds(wire, topic, cursor ? [...cursor.positions.keys()] : query.partitions);
  const positions = cursor?.positions ?? (await startPositions(wire, topic, bounds, query));
  // A resumed search whose records were deleted meanwhile continues at the new log start.
  for (const b of bounds) positions.set(b.partition, Math.max(positions.get(b.partition)!, b.logStartOffset));
  const total = bounds.reduce((sum, b) => sum + Math.max(0, b.highWatermark - positions.get(b.partition)!), 0);
  const progress = { scanned: 0, total, matches: 0, elapsedMs: 0 };
  const snapshot = () => ({ ...progress, elapsedMs: Date.now() - started });
  yield {
    type: "start",
    partitions: bounds.map((b) => ({ partition: b.partition, from: positions.get(b.partition)!, to: b.highWatermark })),
    ...snapshot(),
  };
  let lastProgress = Date.now();
  let reason: SearchEndReason = "end";
  scan: for (const b of bounds) {
    const end = b.highWatermark;
    let pending = nextChunk(wire, topic, b, positions.get(b.partition)!, end);
    while (pending) {
      const chunk = await pending;
      if (signal?.aborted) {
        reason = "aborted";
        break scan;
      }
      if (!chunk || chunk.nextOffset <= positions.get(b.partition)!) break;
      pending = nextChunk(wire, topic, b, chunk.nextOffset, end);
      const from = positions.get(b.partition)!;
      for (const record of decodeRecords({ partition: b.partition, offset: from }, chunk.records, Infinity).records) {
        if (record.offset >= end) break;
        if (progress.scanned >= budget) {
          reason = "budget";
          break scan;
        }
        progress.scanned++;
        positions.set(b.partition, record.offset + 1);
        if (matches(record)) {
          progress.matches++;
          yield { type: "match", record: toMessageRecord(record) };
          if (progress.matches >= limit) {
            reason = "limit";
            break scan;
          }
        }
      }
      positions.set(b.partition, Math.min(chunk.nextOffset, end));
      if (Date.now() - lastProgress >= SEARCH_PROGRESS_INTERVAL_MS) {
        lastProgress = Date.now();
        yield { type: "progress", ...snapshot() };
      }
    }
    pending?.catch(() => undefined);
  }
  const done = bounds.every((b) => positions.get(b.partition)! >= b.highWatermark);
  yield {
    type: "end",
    reason,
    cursor: done && reason === "end" ? null : encodeCursor({ direction: "next", positions }),
    ...snapshot(),
  };
}

function nextChunk(
  wire: ProtocolClient,
  topic: string,
  b: PartitionBounds,
  offset: number,
  end: number,
): Promise<RawPartition | undefined> | undefined {
  if (offset >= end) return undefined;
  return fetchRawPartitions(wire, b.leader, topic, [{ partition: b.partition, offset }], {
    maxBytes: SEARCH_FETCH_BYTES,
  }).then(([fetched]) => fetched);
}

async function startPositions(
  wire: ProtocolClient,
  topic: string,
  bounds: PartitionBounds[],
  query: SearchQuery,
): Promise<Map<number, number>> {
  if (query.timestamp !== undefined) return offsetsForTimestamp(wire, topic, bounds, query.timestamp);
  if (query.offset !== undefined) {
    const offset = query.offset;
    const b = bounds[0];
    if (bounds.length === 1 && b && offset > b.highWatermark) {
      throw new MessageQueryError(
        "offset_out_of_range",
        `Offset ${offset} is past the end of ${topic}-${b.partition} (${b.highWatermark}).`,
      );
    }
    return new Map(bounds.map((p) => [p.partition, Math.min(Math.max(offset, p.logStartOffset), p.highWatermark)]));
  }
  return new Map(bounds.map((b) => [b.partition, b.logStartOffset]));
}
