import { ErrorCode } from "../../protocol";
import { AdminError, NotFoundError } from "../errors";
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, partitionKey, type ProtocolClient } from "../wire/protocol-client";
import { MessageQueryError } from "./message-errors";

/**
 * A fresh read (one Metadata, two ListOffsets per leader) of where each chosen partition of a
 * topic begins and ends. Browsing and searching start from these, never from the console's
 * background snapshot, which may be seconds old.
 */
export interface PartitionBounds {
  partition: number;
  leader: number;
  logStartOffset: number;
  highWatermark: number;
}

export async function readTopicBounds(
  wire: ProtocolClient,
  topic: string,
  partitions?: readonly number[],
): Promise<PartitionBounds[]> {
  const metadata = await wire.metadata([topic]);
  const found = metadata.topics.find((t) => t.name === topic);
  if (!found || found.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) throw new NotFoundError("topic", topic);
  const all = found.partitions
    .map((p) => ({ partition: p.partitionIndex, leader: p.leaderId }))
    .sort((a, b) => a.partition - b.partition);
  const chosen = partitions ? choose(all, partitions, topic) : all;
  const offline = chosen.find((p) => p.leader < 0);
  if (offline) throw new AdminError("kafka_error", `Partition ${topic}-${offline.partition} has no leader right now.`);
  const asked = chosen.map((p) => ({ topic, partition: p.partition, leader: p.leader }));
  const [earliest, latest] = await Promise.all([
    wire.listOffsets(asked, EARLIEST_TIMESTAMP),
    wire.listOffsets(asked, LATEST_TIMESTAMP),
  ]);
  return chosen.map((p) => ({
    ...p,
    logStartOffset: offsetOf(earliest.get(partitionKey(topic, p.partition))),
    highWatermark: offsetOf(latest.get(partitionKey(topic, p.partition))),
  }));
}

function choose<T extends { partition: number }>(all: T[], wanted: readonly number[], topic: string): T[] {
  const byId = new Map(all.map((p) => [p.partition, p]));
  return [...new Set(wanted)].map((id) => {
    const found = byId.get(id);
    if (!found) {
      throw new MessageQueryError(
        "unknown_partition",
        `Topic "${topic}" has no partition ${id} (it has partitions 0 to ${all.length - 1}).`,
      );
    }
    return found;
  });
}

function offsetOf(answer: bigint | AdminError | undefined): number {
  if (answer instanceof AdminError) throw answer;
  if (answer === undefined) throw new AdminError("protocol_error", "ListOffsets did not answer for a partition");
  return Number(answer);
}

/** Offsets of the first record at or after `timestampMs` per partition; the high watermark where there is none. */
export async function offsetsForTimestamp(
  wire: ProtocolClient,
  topic: string,
  bounds: PartitionBounds[],
  timestampMs: number,
): Promise<Map<number, number>> {
  const answers = await wire.listOffsets(
    bounds.map((b) => ({ topic, partition: b.partition, leader: b.leader })),
    BigInt(timestampMs),
  );
  return new Map(
    bounds.map((b) => {
      const offset = offsetOf(answers.get(partitionKey(topic, b.partition)));
      return [b.partition, offset < 0 ? b.highWatermark : offset];
    }),
  );
}
