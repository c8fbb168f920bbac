import { ErrorCode } from "../../protocol/error-codes";
import { ApiError, toApiError } from "./api-error";
import type { MetadataImage, PartitionState, TopicState } from "./metadata-image";
import { isReassigning } from "./reassignment";

/**
 * Helpers for requests that name many partitions (ElectLeaders, AlterPartitionReassignments,
 * ListPartitionReassignments): each partition gets its own result, a refusal for one never fails
 * the others.
 */

/** The outcome for one partition of a multi-partition request. */
export interface PartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface PartitionRef {
  topic: string;
  partition: number;
}

/** Runs `action` on one existing partition; a thrown ApiError (or UNKNOWN_TOPIC_OR_PARTITION) becomes its result. */
export function partitionResult(
  image: MetadataImage,
  topic: string,
  partition: number,
  action: (state: PartitionState, topic: TopicState) => void,
): PartitionResult {
  try {
    const topicState = image.topicsByName.get(topic);
    const state = topicState?.partitions[partition];
    if (topicState === undefined || state === undefined) {
      throw new ApiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The partition ${topic}-${partition} does not exist.`);
    }
    action(state, topicState);
    return { topic, partition, errorCode: ErrorCode.NONE, errorMessage: null };
  } catch (err) {
    const e = toApiError(err);
    return { topic, partition, errorCode: e.errorCode, errorMessage: e.message };
  }
}

export function allPartitionRefs(image: MetadataImage): PartitionRef[] {
  return [...image.topicsByName.values()].flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partition })),
  );
}

/** The requested partitions once each, in request order. */
export function uniquePartitionRefs(
  topics: ReadonlyArray<{ topic: string; partitions: readonly number[] }>,
): PartitionRef[] {
  const seen = new Set<string>();
  const out: PartitionRef[] = [];
  for (const { topic, partitions } of topics) {
    for (const partition of partitions) {
      const key = `${topic}\u0000${partition}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ topic, partition });
    }
  }
  return out;
}

/**
 * ListPartitionReassignments: the partitions being reassigned, by topic (`topics` null = all).
 * Unknown topics and partitions are left out, as Kafka does.
 */
export function listReassignments(
  image: MetadataImage,
  topics: ReadonlyArray<{ name: string; partitionIndexes: readonly number[] }> | null,
): Array<{ name: string; partitions: PartitionState[] }> {
  const wanted =
    topics === null
      ? [...image.topicsByName.values()].map((topic) => ({ topic, indexes: null }))
      : topics.flatMap((t) => {
          const topic = image.topicsByName.get(t.name);
          return topic === undefined ? [] : [{ topic, indexes: new Set(t.partitionIndexes) }];
        });
  return wanted
    .map(({ topic, indexes }) => ({
      name: topic.name,
      partitions: topic.partitions.filter((p) => isReassigning(p) && (indexes === null || indexes.has(p.partition))),
    }))
    .filter((t) => t.partitions.length > 0);
}
