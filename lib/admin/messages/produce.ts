import { ApiKey, encodeRecordBatch, ErrorCode, errorInfo, type RecordHeader } from "../../protocol";
import { AdminError, NotFoundError } from "../errors";
import { kafkaError } from "../wire/broker-connection";
import { groupBy, type ProtocolClient } from "../wire/protocol-client";
import { MessageQueryError } from "./message-errors";
import { partitionForKey } from "./murmur2";
import { COMPRESSION_TYPES, type CompressionName } from "./record-view";

/**
 * Producing from the console: records go into one batch per partition (encoded by lib/protocol,
 * compressed as asked) and one Produce request per leader with acks=all, so "sent" means
 * committed to every in-sync replica. A record with a partition goes there; one with a key goes
 * where Kafka's default partitioner would put it; the others are spread round-robin.
 */
export const PRODUCE_RECORDS_MAX = 1_000;
export const PRODUCE_TIMEOUT_MS = 30_000;
const ACKS_ALL = -1;
/** Produce v3 is the first with record batches v2; v9+ is flexible. */
const PRODUCE_VERSIONS = [3, 9] as const;

export interface ProduceRecord {
  key: Buffer | null;
  /** null = tombstone. */
  value: Buffer | null;
  headers: RecordHeader[];
  partition?: number;
}

export interface ProducedBatch {
  partition: number;
  baseOffset: number;
  count: number;
}

export async function produceMessages(
  wire: ProtocolClient,
  topic: string,
  records: ProduceRecord[],
  compression: CompressionName = "none",
): Promise<ProducedBatch[]> {
  if (records.length === 0) throw new MessageQueryError("invalid_input", "There is nothing to produce.");
  const metadata = await wire.metadata([topic]);
  const found = metadata.topics.find((t) => t.name === topic);
  if (!found || found.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) throw new NotFoundError("topic", topic);
  const leaders = new Map(found.partitions.map((p) => [p.partitionIndex, p.leaderId]));
  const count = leaders.size;
  let roundRobin = Math.floor(Math.random() * count);
  const placed = records.map((record) => {
    const partition =
      record.partition ?? (record.key !== null ? partitionForKey(record.key, count) : roundRobin++ % count);
    if (!leaders.has(partition)) {
      throw new MessageQueryError(
        "unknown_partition",
        `Topic "${topic}" has no partition ${partition} (it has ${count}).`,
      );
    }
    return { partition, record };
  });
  const byPartition = groupBy(placed, (p) => p.partition);
  const byLeader = groupBy([...byPartition.keys()], (partition) => leaders.get(partition)!);
  const results: ProducedBatch[] = [];
  await Promise.all(
    [...byLeader].map(async ([leader, partitions]) => {
      if (leader < 0) throw new AdminError("kafka_error", `A partition of "${topic}" has no leader right now.`);
      const connection = await wire.connectionTo(leader);
      const version = connection.pickVersion(ApiKey.Produce, PRODUCE_VERSIONS[0], PRODUCE_VERSIONS[1], "Produce");
      const now = BigInt(Date.now());
      const body = await connection.send(ApiKey.Produce, version, {
        transactionalId: null,
        acks: ACKS_ALL,
        timeoutMs: PRODUCE_TIMEOUT_MS,
        topicData: [
          {
            name: topic,
            partitionData: partitions.map((index) => ({
              index,
              records: encodeRecordBatch({
                compression: COMPRESSION_TYPES[compression],
                baseTimestamp: now,
                records: byPartition.get(index)!.map(({ record }) => ({ ...record, timestamp: now })),
              }),
            })),
          },
        ],
      });
      for (const p of body.responses[0]?.partitionResponses ?? []) {
        if (p.errorCode !== 0) {
          throw p.errorMessage
            ? new AdminError("kafka_error", `Produce failed: ${errorInfo(p.errorCode).name}: ${p.errorMessage}`)
            : kafkaError("Produce", p.errorCode, connection.address);
        }
        results.push({
          partition: p.index,
          baseOffset: Number(p.baseOffset),
          count: byPartition.get(p.index)?.length ?? 0,
        });
      }
    }),
  );
  return results.sort((a, b) => a.partition - b.partition);
}
