import { groupBy, type ProtocolClient } from "../wire/protocol-client";
import { decodeCursor, encodeCursor } from "./cursor";
import type { RecordPredicate } from "./filter/evaluate";
import { MessageQueryError } from "./message-errors";
import { fetchPartitions } from "./partition-reader";
import { toMessageRecord, type MessageRecord } from "./record-view";
import { readTopicBounds } from "./topic-bounds";

/**
 * Live tail: long-poll Fetches (one per leader, all its partitions at once) from the high
 * watermark, or from a tail cursor when the client resumes after a pause. Each poll yields the
 * matching records and then a position (a cursor) to resume from, so a paused tail loses nothing
 * the log still holds. The generator is pulled by the HTTP stream: a slow client slows the polls
 * instead of buffering without end.
 */
export const TAIL_POLL_WAIT_MS = 1_000;
export const TAIL_FETCH_BYTES = 512 * 1024;

export type TailEvent =
  { type: "record"; record: MessageRecord } | { type: "position"; cursor: string; scanned: number; matches: number };

export interface TailQuery {
  partitions?: number[];
  cursor?: string;
}

export async function* tailMessages(
  wire: ProtocolClient,
  topic: string,
  query: TailQuery,
  matches: RecordPredicate,
  signal?: AbortSignal,
): AsyncGenerator<TailEvent> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (cursor && cursor.direction !== "next")
    throw new MessageQueryError("invalid_cursor", "A tail resumes only from a tail cursor.");
  const bounds = await readTopicBounds(wire, topic, cursor ? [...cursor.positions.keys()] : query.partitions);
  const positions = new Map(
    bounds.map((b) => [b.partition, Math.max(cursor?.positions.get(b.partition) ?? b.highWatermark, b.logStartOffset)]),
  );
  const byLeader = groupBy(bounds, (b) => b.leader);
  let scanned = 0;
  let matched = 0;
  yield { type: "position", cursor: encodeCursor({ direction: "next", positions }), scanned, matches: matched };
  while (!signal?.aborted) {
    const polls = await Promise.all(
      [...byLeader].map(([leader, list]) =>
        fetchPartitions(
          wire,
          leader,
          topic,
          list.map((b) => ({ partition: b.partition, offset: positions.get(b.partition)! })),
          { maxWaitMs: TAIL_POLL_WAIT_MS, maxBytes: TAIL_FETCH_BYTES },
        ),
      ),
    );
    if (signal?.aborted) return;
    const records = polls.flat().flatMap((p) => {
      positions.set(p.partition, p.nextOffset);
      return p.records;
    });
    records.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || a.offset - b.offset);
    for (const record of records) {
      scanned++;
      if (!matches(record)) continue;
      matched++;
      yield { type: "record", record: toMessageRecord(record) };
    }
    yield { type: "position", cursor: encodeCursor({ direction: "next", positions }), scanned, matches: matched };
  }
}
