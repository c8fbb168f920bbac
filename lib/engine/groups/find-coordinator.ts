import { ErrorCode } from "../../protocol/error-codes";
import { offsetsPartitionFor } from "./coordinator-placement";

export interface CoordinatorNode {
  id: number;
  host: string;
  port: number;
}

/** What FindCoordinator needs to know about __consumer_offsets in the cluster's metadata. */
export interface OffsetsTopicView {
  /** Partition count of __consumer_offsets, or undefined if the topic does not exist (yet). */
  partitionCount(): number | undefined;
  /** The live broker leading `partition`, or undefined if it has no live leader. */
  leaderOf(partition: number): CoordinatorNode | undefined;
  /** Creates the topic (Kafka does so on the first FindCoordinator for a group). */
  create(): void;
}

export interface CoordinatorLookup {
  errorCode: number;
  errorMessage: string | null;
  node: CoordinatorNode;
}

const NO_NODE: CoordinatorNode = { id: -1, host: "", port: -1 };

/**
 * FindCoordinator for a group: the leader of the group's __consumer_offsets partition
 * (KafkaApis.getCoordinator). The first lookup creates the topic, as Kafka's does (creation is
 * synchronous here, so that lookup is answered too). COORDINATOR_NOT_AVAILABLE if the topic
 * cannot be had or the partition has no live leader; clients retry.
 */
export function findGroupCoordinator(groupId: string, view: OffsetsTopicView): CoordinatorLookup {
  if (view.partitionCount() === undefined) {
    try {
      view.create();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return {
        errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
        errorMessage: `__consumer_offsets: ${reason}`,
        node: NO_NODE,
      };
    }
  }
  const count = view.partitionCount();
  if (count === undefined || count < 1) {
    return {
      errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
      errorMessage: "The coordinator is not available.",
      node: NO_NODE,
    };
  }
  const partition = offsetsPartitionFor(groupId, count);
  const leader = view.leaderOf(partition);
  if (leader === undefined) {
    return {
      errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
      errorMessage: `__consumer_offsets-${partition} has no live leader.`,
      node: NO_NODE,
    };
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null, node: leader };
}
