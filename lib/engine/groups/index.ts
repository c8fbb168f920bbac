/**
 * lib/engine/groups: the classic consumer-group coordinator and committed offsets, stored in
 * __consumer_offsets in Kafka's own record formats. The broker uses it through this surface.
 */
export { CONSUMER_OFFSETS_TOPIC, javaStringHashCode, offsetsPartitionFor } from "./coordinator-placement";
export { assignmentPartitions, CONSUMER_PROTOCOL_TYPE, subscriptionTopics } from "./consumer-protocol";
export {
  findGroupCoordinator,
  type CoordinatorLookup,
  type CoordinatorNode,
  type OffsetsTopicView,
} from "./find-coordinator";
export {
  DEFAULT_GROUP_COORDINATOR_CONFIG,
  GROUP_CONFIG_NAMES,
  groupConfigFrom,
  type GroupCoordinatorConfig,
} from "./group-config";
export {
  CLASSIC_GROUP_TYPE,
  GroupCoordinator,
  type DescribedGroup,
  type GroupCoordinatorOptions,
  type ListedGroup,
} from "./group-coordinator";
export { GROUP_STATES, type GroupState } from "./group-metadata";
export type { JoinGroupParams, MemberRef, SyncGroupParams } from "./membership";
export type { JoinGroupResult, SyncGroupResult } from "./member-metadata";
export type { FetchedOffsets, OffsetCommitParams, PartitionErrors } from "./offset-commits";
export { offsetsTopicLog, type LedPartition, type OffsetsTopicLog } from "./offsets-topic-log";
export {
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsTopicKey,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  type OffsetsTopicKey,
} from "./offsets-topic-records";
export { ManualScheduler, systemScheduler, type Scheduler } from "./scheduler";
