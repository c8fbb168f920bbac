/**
 * lib/admin: how the console reaches Kafka clusters. app/ and components/ import from here only.
 */
export type { ClusterClient, ConnectionTest, BrokerDetail, TopicDetailView, GroupsView } from "./cluster-client";
export { testClusterConnection } from "./cluster-client";
export { clusterClient, releaseClusterClient, closeAllClusterClients } from "./pool";
export {
  SECURITY_PROTOCOLS,
  SASL_MECHANISMS,
  type SecurityProtocol,
  type SaslMechanism,
  type ClusterConnectionSettings,
} from "./connection-settings";
export {
  AdminError,
  NotFoundError,
  UnsupportedByClusterError,
  isAdminError,
  type AdminErrorCode,
  type Feature,
} from "./errors";
export type { Timed, BrokerNode } from "./types";
export type { ClusterOverview, ClusterProblem } from "./views/overview";
export type { BrokerList, BrokerRow } from "./views/brokers";
export {
  TOPIC_SORT_KEYS,
  TOPICS_PAGE_SIZE_MAX,
  type TopicPage,
  type TopicQuery,
  type TopicRow,
  type TopicDetail,
  type PartitionRow,
} from "./views/topics";
export { GROUP_SORT_KEYS, GROUPS_PAGE_SIZE_MAX, type GroupPage, type GroupQuery } from "./views/groups";
export type {
  GroupSummary,
  GroupDetail,
  GroupMember,
  GroupPartitionOffsets,
  TopicConsumer,
  OffsetsSource,
} from "./groups/group-types";
export { LAG_FLAG_EXPLANATIONS, type LagFlag } from "./groups/lag";
export type { ConfigEntry } from "./kafkajs-admin";
export type { OffsetsSample, SampledGroup, SampledPartition } from "./history/offsets-sample";
export * from "./messages";
export {
  TopicActions,
  INTERNAL_TOPIC_NAMES,
  type TopicFacts,
  type ConfigEdit,
  type ConfigEditResult,
} from "./actions/topics";
export {
  COMMON_TOPIC_CONFIGS,
  CONFIG_NAME_PATTERN,
  checkConfigValue,
  diffTopicConfigs,
  type CommonTopicConfig,
  type ConfigDiffRow,
} from "./actions/topics-configs";
export { isTopicActionRefusal, kafkaErrorNameOf, type TopicActionRefusal } from "./actions/topics-errors";
export type { PurgePlan, PurgeTarget, PurgePartitionPlan, PurgedPartition } from "./actions/topics-purge";
export type { CreatedTopic, CreatedTopicConfig, NewTopicSpec } from "./actions/topics-wire";
export {
  GroupActions,
  GroupActionError,
  isGroupActionError,
  type GroupActionErrorCode,
  type ResetRequest,
  type ResetScope,
  type ResetStrategy,
  type OffsetPlan,
  type OffsetPlanRow,
  type OffsetPlanTotals,
  type OffsetClamp,
  type CommittedOffsetEntry,
  type AppliedOffsets,
} from "./actions/groups";
export { ClusterActionError, isClusterActionError } from "./actions/reassignment-errors";
export type {
  ReassignmentsApi,
  GenerateRequest,
  GeneratedPlan,
  ExecuteRequest,
  ExecuteResult,
  CancelResult,
  ReassignmentStatus,
  AppliedThrottle,
  PartitionOutcome,
  PreparedExecution,
  PreparedCancel,
} from "./actions/reassignment";
export type { ReassignmentPlan, PartitionMove, BrokerLoad } from "./actions/reassignment-plan";
export type { ReassignmentProgress, PartitionProgress } from "./actions/reassignment-progress";
export { MAX_REASSIGNMENT_PARTITIONS, type ProposedAssignment } from "./actions/reassignment-validate";
export { MIN_THROTTLE_BYTES_PER_SEC } from "./actions/reassignment-throttle";
export type {
  LeaderElectionApi,
  ElectionScope,
  ElectionPreview,
  ElectionCandidate,
  ElectionOutcome,
  PartitionLeader,
  PreparedElection,
} from "./actions/leader-election";
export { stopBroker, startBroker, type BrokerStopOutcome, type BrokerStartOutcome } from "./actions/broker-control";
export {
  embeddedControl,
  type BrokerRunState,
  type BrokerStopImpact,
  type BrokerStopMode,
  type EmbeddedControl,
} from "./embedded-control";
