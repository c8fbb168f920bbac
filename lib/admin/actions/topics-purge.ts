import { AdminError } from "../errors";
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, partitionKey, type ProtocolClient } from "../wire/protocol-client";
import { TopicActionRefusal } from "./topics-errors";
import { deleteRecords } from "./topics-wire";

/**
 * Purging records (DeleteRecords): raise the log start offset of some or all partitions of a topic
 * to an offset, to the first record at or after a timestamp (ListOffsets by timestamp), or to the
 * end (the high watermark). `planPurge` reads fresh offsets and says how many records each
 * partition will lose; `executePurge` sends DeleteRecords for the partitions that lose any.
 * Offsets are JS numbers (see lib/admin/types.ts).
 */
export type PurgeTarget =
  { type: "offset"; offset: number } | { type: "timestamp"; timestampMs: number } | { type: "end" };

export interface PurgePartitionPlan {
  partition: number;
  leader: number;
  logStartOffset: number;
  highWatermark: number;
  /** The new log start offset: records below it go. */
  deleteBefore: number;
  records: number;
}

export interface PurgePlan {
  topic: string;
  target: PurgeTarget;
  partitions: PurgePartitionPlan[];
  totalRecords: number;
}

export interface PurgedPartition {
  partition: number;
  logStartOffsetBefore: number;
  logStartOffsetAfter: number;
  deleted: number;
}

export interface TopicPartitionLeaders {
  name: string;
  /** partition → leader (-1 when the partition has no leader). */
  leaders: Map<number, number>;
}

export async function planPurge(
  wire: ProtocolClient,
  topic: TopicPartitionLeaders,
  target: PurgeTarget,
  partitions?: readonly number[],
): Promise<PurgePlan> {
  const selected = partitions ? [...new Set(partitions)].sort((a, b) => a - b) : [...topic.leaders.keys()];
  const unknown = selected.filter((p) => !topic.leaders.has(p));
  if (unknown.length > 0) {
    throw new TopicActionRefusal(
      "invalid",
      "invalid_input",
      `Topic "${topic.name}" has no partition ${unknown.join(", ")} (it has ${topic.leaders.size}: 0 to ${topic.leaders.size - 1}).`,
    );
  }
  const leaderless = selected.filter((p) => (topic.leaders.get(p) ?? -1) < 0);
  if (leaderless.length > 0) {
    throw new AdminError(
      "kafka_error",
      `Partition ${leaderless.join(", ")} of "${topic.name}" has no leader: records can be deleted only through a partition's leader. Bring its brokers back, then try again.`,
    );
  }
  const refs = selected.map((partition) => ({ topic: topic.name, partition, leader: topic.leaders.get(partition)! }));
  const [starts, ends, atTime] = await Promise.all([
    wire.listOffsets(refs, EARLIEST_TIMESTAMP),
    wire.listOffsets(refs, LATEST_TIMESTAMP),
    target.type === "timestamp" ? wire.listOffsets(refs, BigInt(target.timestampMs)) : undefined,
  ]);
  const plans = refs.map((ref): PurgePartitionPlan => {
    const key = partitionKey(ref.topic, ref.partition);
    const logStartOffset = offsetOf(starts.get(key));
    const highWatermark = offsetOf(ends.get(key));
    const wanted = targetOffset(target, highWatermark, atTime?.get(key));
    if (wanted > highWatermark) {
      throw new TopicActionRefusal(
        "invalid",
        "invalid_input",
        `Offset ${wanted} is past the end of partition ${ref.partition} (its high watermark is ${highWatermark}): choose an offset up to ${highWatermark}, or purge to the end.`,
      );
    }
    const deleteBefore = Math.max(wanted, logStartOffset);
    return {
      partition: ref.partition,
      leader: ref.leader,
      logStartOffset,
      highWatermark,
      deleteBefore,
      records: deleteBefore - logStartOffset,
    };
  });
  return {
    topic: topic.name,
    target,
    partitions: plans,
    totalRecords: plans.reduce((sum, p) => sum + p.records, 0),
  };
}

function offsetOf(answer: bigint | AdminError | undefined): number {
  if (answer === undefined) throw new AdminError("protocol_error", "ListOffsets answered nothing for a partition");
  if (answer instanceof Error) throw answer;
  return Number(answer);
}

/** The offset a target means on one partition; a timestamp after every record means the end. */
function targetOffset(target: PurgeTarget, highWatermark: number, atTime: bigint | AdminError | undefined): number {
  if (target.type === "end") return highWatermark;
  if (target.type === "offset") return target.offset;
  const offset = offsetOf(atTime);
  return offset < 0 ? highWatermark : offset;
}

/**
 * Sends DeleteRecords for every partition of `plan` that loses records. A partition the cluster
 * refuses fails the whole action, and the error says which partitions were purged anyway.
 */
export async function executePurge(wire: ProtocolClient, plan: PurgePlan): Promise<PurgedPartition[]> {
  const work = plan.partitions.filter((p) => p.records > 0);
  const answers = await deleteRecords(
    wire,
    plan.topic,
    work.map((p) => ({ partition: p.partition, leader: p.leader, offset: BigInt(p.deleteBefore) })),
  );
  const done: PurgedPartition[] = [];
  const failures: Error[] = [];
  for (const p of work) {
    const answer = answers.get(p.partition);
    if (answer === undefined || answer instanceof Error) {
      failures.push(
        answer ?? new AdminError("protocol_error", `DeleteRecords answered nothing for partition ${p.partition}`),
      );
      continue;
    }
    const after = Number(answer);
    done.push({
      partition: p.partition,
      logStartOffsetBefore: p.logStartOffset,
      logStartOffsetAfter: after,
      deleted: Math.max(0, after - p.logStartOffset),
    });
  }
  if (failures.length > 0) {
    const first = failures[0]!;
    if (done.length === 0) throw first;
    const purged = done.map((d) => d.partition).join(", ");
    first.message = `${first.message} (partition(s) ${purged} were purged; the others were not)`;
    throw first;
  }
  return done;
}
