import { CONTROL_MASK, decodeRecordBatch, iterateBatches, lastOffsetOf } from "../../protocol";
import { AdminError } from "../errors";
import { kafkaError } from "../wire/broker-connection";
import type { ProtocolClient } from "../wire/protocol-client";
import { readRecordOf, type ReadRecord } from "./record-view";

/**
 * Group-less Fetch of record batches, decoded into records. Kafka may end a Fetch answer with a
 * partial batch (cut at the byte limit): iterateBatches stops before it and the next read starts
 * at the first offset not yet returned. The first batch may start before the offset asked for
 * (a batch is read whole): records before it are dropped. Control batches (transaction markers)
 * are skipped but still advance the position.
 */
export const FETCH_MAX_BYTES_DEFAULT = 1024 * 1024;
/** A single batch larger than this is refused rather than fetched (it would have to be held whole). */
export const FETCH_MAX_BYTES_LIMIT = 64 * 1024 * 1024;

export interface FetchTarget {
  partition: number;
  offset: number;
}

export interface FetchedPartition {
  partition: number;
  records: ReadRecord[];
  /** Where the next read of this partition starts. */
  nextOffset: number;
  highWatermark: number;
  logStartOffset: number;
  /** Record bytes the broker returned for this partition. */
  bytes: number;
}

export interface FetchOptions {
  maxWaitMs?: number;
  maxBytes?: number;
  /** Stop decoding a partition's batches once this many records are kept. */
  maxRecords?: number;
}

/** A partition's answer before decoding: the record set and where the next read starts. */
export interface RawPartition {
  partition: number;
  records: Buffer | null;
  /** After the last complete batch (from batch headers only; the target offset when none). */
  nextOffset: number;
  highWatermark: number;
  logStartOffset: number;
  bytes: number;
}

/** One Fetch to `leader` for several partitions of `topic`, decoded into records. */
export async function fetchPartitions(
  wire: ProtocolClient,
  leader: number,
  topic: string,
  targets: FetchTarget[],
  options: FetchOptions = {},
): Promise<FetchedPartition[]> {
  const raw = await fetchRawPartitions(wire, leader, topic, targets, options);
  return raw.map((r, i) => ({ ...r, ...decodeRecords(targets[i]!, r.records, options.maxRecords ?? Infinity) }));
}

/**
 * One Fetch without decoding records, so a scan can send the next Fetch before it decodes this
 * one. A partition whose answer holds only a partial batch (one batch larger than maxBytes) is
 * fetched again alone with twice the bytes, up to FETCH_MAX_BYTES_LIMIT.
 */
export async function fetchRawPartitions(
  wire: ProtocolClient,
  leader: number,
  topic: string,
  targets: FetchTarget[],
  options: FetchOptions = {},
): Promise<RawPartition[]> {
  const maxBytes = options.maxBytes ?? FETCH_MAX_BYTES_DEFAULT;
  const connection = await wire.connectionTo(leader);
  const { body } = await wire.call(connection, "Fetch", () => ({
    replicaId: -1,
    maxWaitMs: options.maxWaitMs ?? 0,
    minBytes: options.maxWaitMs ? 1 : 0,
    maxBytes: maxBytes * targets.length,
    isolationLevel: 0,
    topics: [
      {
        topic,
        partitions: targets.map((t) => ({
          partition: t.partition,
          fetchOffset: BigInt(t.offset),
          partitionMaxBytes: maxBytes,
        })),
      },
    ],
    forgottenTopicsData: [],
  }));
  if (body.errorCode !== 0) throw kafkaError("Fetch", body.errorCode, connection.address);
  const answers = new Map((body.responses[0]?.partitions ?? []).map((p) => [p.partitionIndex, p]));
  const results: RawPartition[] = [];
  for (const target of targets) {
    const answer = answers.get(target.partition);
    if (!answer) throw new AdminError("protocol_error", `Fetch answered nothing for ${topic}-${target.partition}`);
    if (answer.errorCode !== 0) throw kafkaError("Fetch", answer.errorCode, connection.address);
    const fetched: RawPartition = {
      partition: target.partition,
      records: answer.records,
      nextOffset: nextOffsetAfter(target.offset, answer.records),
      highWatermark: Number(answer.highWatermark),
      logStartOffset: Number(answer.logStartOffset),
      bytes: answer.records?.length ?? 0,
    };
    if (fetched.nextOffset === target.offset && fetched.bytes > 0) {
      if (maxBytes * 2 > FETCH_MAX_BYTES_LIMIT) {
        throw new AdminError(
          "protocol_error",
          `a record batch of ${topic}-${target.partition} is larger than ${FETCH_MAX_BYTES_LIMIT} bytes`,
        );
      }
      const [bigger] = await fetchRawPartitions(wire, leader, topic, [target], {
        ...options,
        maxWaitMs: 0,
        maxBytes: maxBytes * 2,
      });
      results.push(bigger!);
    } else {
      results.push(fetched);
    }
  }
  return results;
}

function nextOffsetAfter(offset: number, records: Buffer | null): number {
  let next = offset;
  if (records)
    for (const { header } of iterateBatches(records)) next = Math.max(next, Number(lastOffsetOf(header)) + 1);
  return next;
}

/** Records at or after `target.offset` in a Fetch answer's record set, and the next offset to read. */
export function decodeRecords(
  target: FetchTarget,
  records: Buffer | null,
  maxRecords: number,
): { records: ReadRecord[]; nextOffset: number } {
  const kept: ReadRecord[] = [];
  let nextOffset = target.offset;
  if (!records) return { records: kept, nextOffset };
  for (const { pos, header } of iterateBatches(records)) {
    if (kept.length >= maxRecords) break;
    const last = Number(lastOffsetOf(header));
    if (last < nextOffset) continue;
    if ((header.attributes & CONTROL_MASK) === 0) {
      const batch = decodeRecordBatch(records, pos);
      const firstKept = kept.length;
      for (const record of batch.records) {
        const read = readRecordOf(target.partition, header, record);
        if (read.offset >= target.offset) kept.push(read);
      }
      if (kept.length > maxRecords) {
        // Keep the batch's records only up to the limit; the position follows the last one kept.
        kept.length = Math.max(firstKept, maxRecords);
        nextOffset = kept.length > 0 ? kept[kept.length - 1]!.offset + 1 : nextOffset;
        break;
      }
    }
    nextOffset = last + 1;
  }
  return { records: kept, nextOffset };
}
