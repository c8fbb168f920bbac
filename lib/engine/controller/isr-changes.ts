import { ErrorCode } from "../../protocol/error-codes";
import { ApiError } from "./api-error";
import type { MetadataImage, PartitionState, TopicState } from "./metadata-image";
import { changed, completedReassignment, withBrokerBack, withoutBroker, type Eligibility } from "./partition-change";

/**
 * The leader/ISR changes the controller makes when brokers come and go and when leaders ask for a
 * new ISR (Kafka's ReplicationControlManager). Functions here only compute new partition states
 * from the image; the controller writes them to the metadata log.
 */

/** Whether unclean leader election is allowed for a topic (its effective config). */
export type UncleanPolicy = (topic: TopicState) => boolean;

/** A partition state before and after a change. */
export interface PartitionTransition {
  topic: string;
  before: PartitionState;
  after: PartitionState;
}

/** Every partition that changes when broker `brokerId` stops being eligible (fenced or shutting down). */
export function fenceTransitions(
  image: MetadataImage,
  brokerId: number,
  isEligible: Eligibility,
  unclean: UncleanPolicy,
): PartitionTransition[] {
  return transitions(image, unclean, (state, allowUnclean) => {
    const affected = state.isr.includes(brokerId) || state.leader === brokerId || !isEligible(state.leader);
    if (!affected || !state.replicas.includes(brokerId)) return undefined;
    return withoutBroker(state, brokerId, isEligible, allowUnclean);
  });
}

/** Every offline partition that broker `brokerId` can lead now that it is eligible again. */
export function unfenceTransitions(
  image: MetadataImage,
  brokerId: number,
  unclean: UncleanPolicy,
): PartitionTransition[] {
  return transitions(image, unclean, (state, allowUnclean) => withBrokerBack(state, brokerId, allowUnclean));
}

/** Every partition for which `change` gives a new state (undefined: unchanged). */
function transitions(
  image: MetadataImage,
  unclean: UncleanPolicy,
  change: (state: PartitionState, allowUnclean: boolean) => PartitionState | undefined,
): PartitionTransition[] {
  const out: PartitionTransition[] = [];
  for (const topic of image.topicsByName.values()) {
    const allowUnclean = unclean(topic);
    for (const state of topic.partitions) {
      const after = change(state, allowUnclean);
      if (after !== undefined) out.push({ topic: topic.name, before: state, after });
    }
  }
  return out;
}

/** What a leader sends in AlterPartition for one partition. */
export interface AlterPartitionRequest {
  leaderEpoch: number;
  partitionEpoch: number;
  newIsr: number[];
}

/**
 * Validates a leader's ISR change and returns the partition's next state (undefined when the ISR
 * is unchanged), completing a reassignment whose adding replicas are all in the new ISR.
 *
 * Errors (Kafka's AlterPartition semantics): FENCED_LEADER_EPOCH when `leaderId` is not the
 * leader or its epoch is stale; INVALID_UPDATE_VERSION when partitionEpoch is stale;
 * INELIGIBLE_REPLICA when a member is not a replica or not live; INVALID_REQUEST when the ISR is
 * empty, has duplicates or leaves out the leader.
 */
export function alterPartitionTransition(
  state: PartitionState,
  leaderId: number,
  request: AlterPartitionRequest,
  isEligible: Eligibility,
): PartitionState | undefined {
  const name = `${state.topicId}-${state.partition}`;
  if (leaderId !== state.leader || request.leaderEpoch !== state.leaderEpoch) {
    throw new ApiError(
      ErrorCode.FENCED_LEADER_EPOCH,
      `Broker ${leaderId} with leader epoch ${request.leaderEpoch} is not the leader of ${name} (leader ${state.leader}, epoch ${state.leaderEpoch}).`,
    );
  }
  if (request.partitionEpoch !== state.partitionEpoch) {
    throw new ApiError(
      ErrorCode.INVALID_UPDATE_VERSION,
      `Partition epoch ${request.partitionEpoch} of ${name} is stale (current ${state.partitionEpoch}).`,
    );
  }
  const isr = request.newIsr;
  if (isr.length === 0 || new Set(isr).size !== isr.length || !isr.includes(leaderId)) {
    throw new ApiError(
      ErrorCode.INVALID_REQUEST,
      `The new ISR [${isr.join(", ")}] of ${name} must be non-empty, without duplicates and include the leader ${leaderId}.`,
    );
  }
  const ineligible = isr.filter((r) => !state.replicas.includes(r) || !isEligible(r));
  if (ineligible.length > 0) {
    throw new ApiError(
      ErrorCode.INELIGIBLE_REPLICA,
      `The new ISR of ${name} contains ineligible replicas [${ineligible.join(", ")}]: not replicas of the partition, fenced or shutting down.`,
    );
  }
  // Completion is computed on the unbumped state so the change costs one partitionEpoch.
  return completedReassignment({ ...state, isr: [...isr] }, isEligible) ?? changed(state, { isr: [...isr] });
}

/** The partition a leader addresses, or UNKNOWN_TOPIC_ID / UNKNOWN_TOPIC_OR_PARTITION. */
export function partitionById(image: MetadataImage, topicId: string, partition: number): PartitionState {
  const topic = image.topicsById.get(topicId);
  if (topic === undefined) throw new ApiError(ErrorCode.UNKNOWN_TOPIC_ID, `Unknown topic id ${topicId}.`);
  const state = topic.partitions[partition];
  if (state === undefined) {
    throw new ApiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic ${topic.name} has no partition ${partition}.`);
  }
  return state;
}
