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
