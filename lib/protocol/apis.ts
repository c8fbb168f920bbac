import type { MessageDecl, MessageInput, MessageValue } from "./schema/declaration";
import { parseVersions } from "./schema/versions";
import { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from "./messages/add-offsets-to-txn";
import { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from "./messages/add-partitions-to-txn";
import { AlterClientQuotasRequest, AlterClientQuotasResponse } from "./messages/alter-client-quotas";
import { AlterConfigsRequest, AlterConfigsResponse } from "./messages/alter-configs";
import {
  AlterPartitionReassignmentsRequest,
  AlterPartitionReassignmentsResponse,
} from "./messages/alter-partition-reassignments";
import { AlterReplicaLogDirsRequest, AlterReplicaLogDirsResponse } from "./messages/alter-replica-log-dirs";
import {
  AlterUserScramCredentialsRequest,
  AlterUserScramCredentialsResponse,
} from "./messages/alter-user-scram-credentials";
import { ApiVersionsRequest, ApiVersionsResponse } from "./messages/api-versions";
import { ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse } from "./messages/consumer-group-describe";
import { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from "./messages/consumer-group-heartbeat";
import { CreateAclsRequest, CreateAclsResponse } from "./messages/create-acls";
import { CreatePartitionsRequest, CreatePartitionsResponse } from "./messages/create-partitions";
import { CreateTopicsRequest, CreateTopicsResponse } from "./messages/create-topics";
import { DeleteAclsRequest, DeleteAclsResponse } from "./messages/delete-acls";
import { DeleteGroupsRequest, DeleteGroupsResponse } from "./messages/delete-groups";
import { DeleteRecordsRequest, DeleteRecordsResponse } from "./messages/delete-records";
import { DeleteTopicsRequest, DeleteTopicsResponse } from "./messages/delete-topics";
import { DescribeAclsRequest, DescribeAclsResponse } from "./messages/describe-acls";
import { DescribeClientQuotasRequest, DescribeClientQuotasResponse } from "./messages/describe-client-quotas";
import { DescribeClusterRequest, DescribeClusterResponse } from "./messages/describe-cluster";
import { DescribeConfigsRequest, DescribeConfigsResponse } from "./messages/describe-configs";
import { DescribeGroupsRequest, DescribeGroupsResponse } from "./messages/describe-groups";
import { DescribeLogDirsRequest, DescribeLogDirsResponse } from "./messages/describe-log-dirs";
import { DescribeProducersRequest, DescribeProducersResponse } from "./messages/describe-producers";
import { DescribeTopicPartitionsRequest, DescribeTopicPartitionsResponse } from "./messages/describe-topic-partitions";
import { DescribeTransactionsRequest, DescribeTransactionsResponse } from "./messages/describe-transactions";
import {
  DescribeUserScramCredentialsRequest,
  DescribeUserScramCredentialsResponse,
} from "./messages/describe-user-scram-credentials";
import { ElectLeadersRequest, ElectLeadersResponse } from "./messages/elect-leaders";
import { EndTxnRequest, EndTxnResponse } from "./messages/end-txn";
import { FetchRequest, FetchResponse } from "./messages/fetch";
import { FindCoordinatorRequest, FindCoordinatorResponse } from "./messages/find-coordinator";
import {
  GetTelemetrySubscriptionsRequest,
  GetTelemetrySubscriptionsResponse,
} from "./messages/get-telemetry-subscriptions";
import { HeartbeatRequest, HeartbeatResponse } from "./messages/heartbeat";
import { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from "./messages/incremental-alter-configs";
import { InitProducerIdRequest, InitProducerIdResponse } from "./messages/init-producer-id";
import { JoinGroupRequest, JoinGroupResponse } from "./messages/join-group";
import { LeaveGroupRequest, LeaveGroupResponse } from "./messages/leave-group";
import { ListGroupsRequest, ListGroupsResponse } from "./messages/list-groups";
import { ListOffsetsRequest, ListOffsetsResponse } from "./messages/list-offsets";
import {
  ListPartitionReassignmentsRequest,
  ListPartitionReassignmentsResponse,
} from "./messages/list-partition-reassignments";
import { ListTransactionsRequest, ListTransactionsResponse } from "./messages/list-transactions";
import { MetadataRequest, MetadataResponse } from "./messages/metadata";
import { OffsetCommitRequest, OffsetCommitResponse } from "./messages/offset-commit";
import { OffsetDeleteRequest, OffsetDeleteResponse } from "./messages/offset-delete";
import { OffsetFetchRequest, OffsetFetchResponse } from "./messages/offset-fetch";
import { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from "./messages/offset-for-leader-epoch";
import { ProduceRequest, ProduceResponse } from "./messages/produce";
import { PushTelemetryRequest, PushTelemetryResponse } from "./messages/push-telemetry";
import { SaslAuthenticateRequest, SaslAuthenticateResponse } from "./messages/sasl-authenticate";
import { SaslHandshakeRequest, SaslHandshakeResponse } from "./messages/sasl-handshake";
import { SyncGroupRequest, SyncGroupResponse } from "./messages/sync-group";
import { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from "./messages/txn-offset-commit";
import { UpdateFeaturesRequest, UpdateFeaturesResponse } from "./messages/update-features";
import { WriteTxnMarkersRequest, WriteTxnMarkersResponse } from "./messages/write-txn-markers";

/**
 * Every API Pier declares, by API key: its name and its request and response declarations. The
 * supported version range of an API is its declarations' `validVersions` (request and response
 * always share it).
 */
export const API_SCHEMAS = {
  0: { name: "Produce", request: ProduceRequest, response: ProduceResponse },
  1: { name: "Fetch", request: FetchRequest, response: FetchResponse },
  2: { name: "ListOffsets", request: ListOffsetsRequest, response: ListOffsetsResponse },
  3: { name: "Metadata", request: MetadataRequest, response: MetadataResponse },
  8: { name: "OffsetCommit", request: OffsetCommitRequest, response: OffsetCommitResponse },
  9: { name: "OffsetFetch", request: OffsetFetchRequest, response: OffsetFetchResponse },
  10: { name: "FindCoordinator", request: FindCoordinatorRequest, response: FindCoordinatorResponse },
  11: { name: "JoinGroup", request: JoinGroupRequest, response: JoinGroupResponse },
  12: { name: "Heartbeat", request: HeartbeatRequest, response: HeartbeatResponse },
  13: { name: "LeaveGroup", request: LeaveGroupRequest, response: LeaveGroupResponse },
  14: { name: "SyncGroup", request: SyncGroupRequest, response: SyncGroupResponse },
  15: { name: "DescribeGroups", request: DescribeGroupsRequest, response: DescribeGroupsResponse },
  16: { name: "ListGroups", request: ListGroupsRequest, response: ListGroupsResponse },
  17: { name: "SaslHandshake", request: SaslHandshakeRequest, response: SaslHandshakeResponse },
  18: { name: "ApiVersions", request: ApiVersionsRequest, response: ApiVersionsResponse },
  19: { name: "CreateTopics", request: CreateTopicsRequest, response: CreateTopicsResponse },
  20: { name: "DeleteTopics", request: DeleteTopicsRequest, response: DeleteTopicsResponse },
  21: { name: "DeleteRecords", request: DeleteRecordsRequest, response: DeleteRecordsResponse },
  22: { name: "InitProducerId", request: InitProducerIdRequest, response: InitProducerIdResponse },
  23: { name: "OffsetForLeaderEpoch", request: OffsetForLeaderEpochRequest, response: OffsetForLeaderEpochResponse },
  24: { name: "AddPartitionsToTxn", request: AddPartitionsToTxnRequest, response: AddPartitionsToTxnResponse },
  25: { name: "AddOffsetsToTxn", request: AddOffsetsToTxnRequest, response: AddOffsetsToTxnResponse },
  26: { name: "EndTxn", request: EndTxnRequest, response: EndTxnResponse },
  27: { name: "WriteTxnMarkers", request: WriteTxnMarkersRequest, response: WriteTxnMarkersResponse },
  28: { name: "TxnOffsetCommit", request: TxnOffsetCommitRequest, response: TxnOffsetCommitResponse },
  29: { name: "DescribeAcls", request: DescribeAclsRequest, response: DescribeAclsResponse },
  30: { name: "CreateAcls", request: CreateAclsRequest, response: CreateAclsResponse },
  31: { name: "DeleteAcls", request: DeleteAclsRequest, response: DeleteAclsResponse },
  32: { name: "DescribeConfigs", request: DescribeConfigsRequest, response: DescribeConfigsResponse },
  33: { name: "AlterConfigs", request: AlterConfigsRequest, response: AlterConfigsResponse },
  34: { name: "AlterReplicaLogDirs", request: AlterReplicaLogDirsRequest, response: AlterReplicaLogDirsResponse },
  35: { name: "DescribeLogDirs", request: DescribeLogDirsRequest, response: DescribeLogDirsResponse },
  36: { name: "SaslAuthenticate", request: SaslAuthenticateRequest, response: SaslAuthenticateResponse },
  37: { name: "CreatePartitions", request: CreatePartitionsRequest, response: CreatePartitionsResponse },
  42: { name: "DeleteGroups", request: DeleteGroupsRequest, response: DeleteGroupsResponse },
  43: { name: "ElectLeaders", request: ElectLeadersRequest, response: ElectLeadersResponse },
  44: {
    name: "IncrementalAlterConfigs",
    request: IncrementalAlterConfigsRequest,
    response: IncrementalAlterConfigsResponse,
  },
  45: {
    name: "AlterPartitionReassignments",
    request: AlterPartitionReassignmentsRequest,
    response: AlterPartitionReassignmentsResponse,
  },
  46: {
    name: "ListPartitionReassignments",
    request: ListPartitionReassignmentsRequest,
    response: ListPartitionReassignmentsResponse,
  },
  47: { name: "OffsetDelete", request: OffsetDeleteRequest, response: OffsetDeleteResponse },
  48: { name: "DescribeClientQuotas", request: DescribeClientQuotasRequest, response: DescribeClientQuotasResponse },
  49: { name: "AlterClientQuotas", request: AlterClientQuotasRequest, response: AlterClientQuotasResponse },
  50: {
    name: "DescribeUserScramCredentials",
    request: DescribeUserScramCredentialsRequest,
    response: DescribeUserScramCredentialsResponse,
  },
  51: {
    name: "AlterUserScramCredentials",
    request: AlterUserScramCredentialsRequest,
    response: AlterUserScramCredentialsResponse,
  },
  57: { name: "UpdateFeatures", request: UpdateFeaturesRequest, response: UpdateFeaturesResponse },
  60: { name: "DescribeCluster", request: DescribeClusterRequest, response: DescribeClusterResponse },
  61: { name: "DescribeProducers", request: DescribeProducersRequest, response: DescribeProducersResponse },
  65: { name: "DescribeTransactions", request: DescribeTransactionsRequest, response: DescribeTransactionsResponse },
  66: { name: "ListTransactions", request: ListTransactionsRequest, response: ListTransactionsResponse },
  68: {
    name: "ConsumerGroupHeartbeat",
    request: ConsumerGroupHeartbeatRequest,
    response: ConsumerGroupHeartbeatResponse,
  },
  69: { name: "ConsumerGroupDescribe", request: ConsumerGroupDescribeRequest, response: ConsumerGroupDescribeResponse },
  71: {
    name: "GetTelemetrySubscriptions",
    request: GetTelemetrySubscriptionsRequest,
    response: GetTelemetrySubscriptionsResponse,
  },
  72: { name: "PushTelemetry", request: PushTelemetryRequest, response: PushTelemetryResponse },
  75: {
    name: "DescribeTopicPartitions",
    request: DescribeTopicPartitionsRequest,
    response: DescribeTopicPartitionsResponse,
  },
} as const satisfies Record<number, { name: string; request: MessageDecl; response: MessageDecl }>;

/** API keys by Kafka's API name: ApiKey.Produce === 0. */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  SaslHandshake: 17,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  OffsetForLeaderEpoch: 23,
  AddPartitionsToTxn: 24,
  AddOffsetsToTxn: 25,
  EndTxn: 26,
  WriteTxnMarkers: 27,
  TxnOffsetCommit: 28,
  DescribeAcls: 29,
  CreateAcls: 30,
  DeleteAcls: 31,
  DescribeConfigs: 32,
  AlterConfigs: 33,
  AlterReplicaLogDirs: 34,
  DescribeLogDirs: 35,
  SaslAuthenticate: 36,
  CreatePartitions: 37,
  DeleteGroups: 42,
  ElectLeaders: 43,
  IncrementalAlterConfigs: 44,
  AlterPartitionReassignments: 45,
  ListPartitionReassignments: 46,
  OffsetDelete: 47,
  DescribeClientQuotas: 48,
  AlterClientQuotas: 49,
  DescribeUserScramCredentials: 50,
  AlterUserScramCredentials: 51,
  UpdateFeatures: 57,
  DescribeCluster: 60,
  DescribeProducers: 61,
  DescribeTransactions: 65,
  ListTransactions: 66,
  ConsumerGroupHeartbeat: 68,
  ConsumerGroupDescribe: 69,
  GetTelemetrySubscriptions: 71,
  PushTelemetry: 72,
  DescribeTopicPartitions: 75,
} as const;

export type ApiKey = (typeof ApiKey)[keyof typeof ApiKey];
export type ApiName = keyof typeof ApiKey;

export type RequestDecl<K extends ApiKey> = (typeof API_SCHEMAS)[K]["request"];
export type ResponseDecl<K extends ApiKey> = (typeof API_SCHEMAS)[K]["response"];
/** A decoded request / response body of API `K` (all fields present). */
export type RequestData<K extends ApiKey> = MessageValue<RequestDecl<K>>;
export type ResponseData<K extends ApiKey> = MessageValue<ResponseDecl<K>>;
/** What the encoders accept for API `K` (absent fields take their defaults). */
export type RequestInput<K extends ApiKey> = MessageInput<RequestDecl<K>>;
export type ResponseInput<K extends ApiKey> = MessageInput<ResponseDecl<K>>;

export function isKnownApiKey(apiKey: number): apiKey is ApiKey {
  return Object.prototype.hasOwnProperty.call(API_SCHEMAS, apiKey);
}

export function apiSchemas(apiKey: ApiKey): { name: string; request: MessageDecl; response: MessageDecl } {
  return API_SCHEMAS[apiKey];
}

export interface ApiVersionRange {
  apiKey: ApiKey;
  minVersion: number;
  maxVersion: number;
}

/** Every declared API with its version range, by increasing key: the body of an ApiVersions answer. */
export function declaredApiVersions(): ApiVersionRange[] {
  return (Object.keys(API_SCHEMAS) as unknown as ApiKey[]).map((key) => {
    const apiKey = Number(key) as ApiKey;
    const { min, max } = parseVersions(API_SCHEMAS[apiKey].request.validVersions);
    return { apiKey, minVersion: min, maxVersion: max };
  });
}
