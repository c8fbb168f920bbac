import type { ProtocolClient } from "../wire/protocol-client";
import { decodeCursor, encodeCursor, type PageCursor } from "./cursor";
import { mergeBackward, mergeForward } from "./merge";
import { MessageQueryError } from "./message-errors";
import { fetchPartitions } from "./partition-reader";
import {
  toMessageRecord,
  VALUE_FULL_BYTES_MAX,
  VALUE_PREVIEW_BYTES_DEFAULT,
  type MessageRecord,
  type ReadRecord,
} from "./record-view";
import { offsetsForTimestamp, readTopicBounds, type PartitionBounds } from "./topic-bounds";

/**
 * Browsing a topic a page at a time: from the oldest records, the newest, an offset or a
 * timestamp, over one, several or all partitions merged by timestamp, then forward and backward
 * with cursors. Each partition reads at most `limit` records per page, so a page costs the same
 * on a ten-record topic and a ten-million-record one.
 */
export const MESSAGES_PAGE_SIZE_DEFAULT = 50;
export const MESSAGES_PAGE_SIZE_MAX = 500;
/** Backward reads step back at most this many windows when compaction or markers leave gaps. */
const BACKWARD_STEPS_MAX = 20;

export type StartFrom = "oldest" | "newest";

export interface BrowseQuery {
  partitions?: number[];
  from?: StartFrom;
  offset?: number;
  timestamp?: number;
  cursor?: string;
  limit?: number;
  /** Send values whole (up to VALUE_FULL_BYTES_MAX) instead of previews; limit must be 1. */
  full?: boolean;
}

export interface PartitionRange {
  partition: number;
  logStartOffset: number;
  highWatermark: number;
}

export interface MessagePage {
  records: MessageRecord[];
  /** Older records (null at the start of every partition). */
  prevCursor: string | null;
  /** Newer records; present even at the end, since more may arrive. */
  nextCursor: string;
  /** Every chosen partition is read to its high watermark. */
  atEnd: boolean;
  partitions: PartitionRange[];
  /** Adjustments made to the request, in words (an offset before the log start, …). */
  notes: string[];
}

export async function browseMessages(wire: ProtocolClient, topic: string, query: BrowseQuery): Promise<MessagePage> {
  const limit = query.limit ?? MESSAGES_PAGE_SIZE_DEFAULT;
  if (query.full && limit !== 1)
    throw new MessageQueryError("invalid_input", "full=true reads one record: set limit=1.");
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const partitions = cursor ? [...cursor.positions.keys()] : query.partitions;
  const bounds = await readTopicBounds(wire, topic, partitions);
  const notes: string[] = [];
  const start = cursor ?? (await startCursor(wire, topic, bounds, query, notes));
  const byPartition = new Map(bounds.map((b) => [b.partition, b]));
  const page =
    start.direction === "next"
      ? await pageForward(wire, topic, byPartition, start.positions, limit)
      : await pageBackward(wire, topic, byPartition, start.positions, limit);
  const maxBytes = query.full ? VALUE_FULL_BYTES_MAX : VALUE_PREVIEW_BYTES_DEFAULT;
  return {
    records: page.records.map((r) => toMessageRecord(r, maxBytes)),
    prevCursor: bounds.every((b) => page.first.get(b.partition)! <= b.logStartOffset)
      ? null
      : encodeCursor({ direction: "prev", positions: page.first }),
    nextCursor: encodeCursor({ direction: "next", positions: page.next }),
    atEnd: bounds.every((b) => page.next.get(b.partition)! >= b.highWatermark),
    partitions: bounds.map(({ partition, logStartOffset, highWatermark }) => ({
      partition,
      logStartOffset,
      highWatermark,
    })),
    notes,
  };
}

/** Where a first page starts: forward from the oldest, an offset or a timestamp; backward from the end for newest. */
async function startCursor(
  wire: ProtocolClient,
  topic: string,
  bounds: PartitionBounds[],
  query: BrowseQuery,
  notes: string[],
): Promise<PageCursor> {
  if (query.offset !== undefined) {
    const offset = query.offset;
    if (bounds.length === 1 && offset > bounds[0]!.highWatermark) {
      const b = bounds[0]!;
      throw new MessageQueryError(
        "offset_out_of_range",
        `Offset ${offset} is past the end of ${topic}-${b.partition}: its records are ${b.logStartOffset} to ${b.highWatermark - 1}.`,
      );
    }
    const positions = new Map(
      bounds.map((b) => [b.partition, Math.min(Math.max(offset, b.logStartOffset), b.highWatermark)]),
    );
    for (const b of bounds) {
      if (offset < b.logStartOffset)
        notes.push(`Partition ${b.partition} starts at offset ${b.logStartOffset} (older records were deleted).`);
    }
    return { direction: "next", positions };
  }
  if (query.timestamp !== undefined) {
    return { direction: "next", positions: await offsetsForTimestamp(wire, topic, bounds, query.timestamp) };
  }
  if (query.from === "newest")
    return { direction: "prev", positions: new Map(bounds.map((b) => [b.partition, b.highWatermark])) };
  return { direction: "next", positions: new Map(bounds.map((b) => [b.partition, b.logStartOffset])) };
}

interface RawPage {
  records: ReadRecord[];
  /** Per partition, the first offset of this page (exclusive end of the previous one). */
  first: Map<number, number>;
  /** Per partition, the next offset after this page. */
  next: Map<number, number>;
}

async function pageForward(
  wire: ProtocolClient,
  topic: string,
  bounds: Map<number, PartitionBounds>,
  starts: Map<number, number>,
  limit: number,
): Promise<RawPage> {
  const runs = new Map<number, ReadRecord[]>();
  await Promise.all(
    [...starts].map(async ([partition, from]) => {
      const b = boundsOf(bounds, partition);
      runs.set(partition, await readRange(wire, topic, b, Math.max(from, b.logStartOffset), b.highWatermark, limit));
    }),
  );
  const merged = mergeForward(runs, starts, limit);
  return { records: merged.records, first: firstOffsets(merged.records, starts), next: merged.positions };
}

async function pageBackward(
  wire: ProtocolClient,
  topic: string,
  bounds: Map<number, PartitionBounds>,
  ends: Map<number, number>,
  limit: number,
): Promise<RawPage> {
  const runs = new Map<number, ReadRecord[]>();
  await Promise.all(
    [...ends].map(async ([partition, end]) => {
      runs.set(partition, await readBefore(wire, topic, boundsOf(bounds, partition), end, limit));
    }),
  );
  const merged = mergeBackward(runs, ends, limit);
  const next = new Map(ends);
  for (const [partition, end] of ends) {
    // Forward from a backward page continues right after its newest record of each partition.
    const taken = merged.records.filter((r) => r.partition === partition);
    next.set(partition, taken.length > 0 ? taken[taken.length - 1]!.offset + 1 : end);
  }
  return { records: merged.records, first: merged.positions, next };
}

/** The first offset of each partition on a forward page (its start when nothing was taken). */
function firstOffsets(records: ReadRecord[], starts: Map<number, number>): Map<number, number> {
  const first = new Map(starts);
  const seen = new Set<number>();
  for (const r of records) {
    if (seen.has(r.partition)) continue;
    seen.add(r.partition);
    first.set(r.partition, r.offset);
  }
  return first;
}

function boundsOf(bounds: Map<number, PartitionBounds>, partition: number): PartitionBounds {
  const b = bounds.get(partition);
  if (!b)
    throw new MessageQueryError(
      "invalid_cursor",
      `The cursor names partition ${partition}, which the topic does not have.`,
    );
  return b;
}

/** Up to `max` records of one partition in [from, end). */
export async function readRange(
  wire: ProtocolClient,
  topic: string,
  b: PartitionBounds,
  from: number,
  end: number,
  max: number,
): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  let offset = from;
  while (records.length < max && offset < end) {
    const [fetched] = await fetchPartitions(wire, b.leader, topic, [{ partition: b.partition, offset }], {
      maxRecords: max - records.length,
    });
    for (const r of fetched!.records) if (r.offset < end && records.length < max) records.push(r);
    if (fetched!.nextOffset <= offset) break;
    offset = fetched!.nextOffset;
  }
  return records;
}

/**
 * Up to `max` records of one partition just before `end`, in offset order: windows of `max`
 * offsets stepping back from `end`, so gaps (compaction, transaction markers) cost more steps,
 * never more memory.
 */
async function readBefore(
  wire: ProtocolClient,
  topic: string,
  b: PartitionBounds,
  end: number,
  max: number,
): Promise<ReadRecord[]> {
  let records: ReadRecord[] = [];
  let windowEnd = end;
  for (let step = 0; step < BACKWARD_STEPS_MAX && records.length < max && windowEnd > b.logStartOffset; step++) {
    const from = Math.max(b.logStartOffset, windowEnd - max);
    const window = await readRange(wire, topic, b, from, windowEnd, max);
    records = [...window, ...records].slice(-max);
    windowEnd = from;
  }
  return records;
}
