import type { FieldDecl, MessageDecl } from "../schema/declaration";

/** AddPartitionsToTxn (API key 24), versions 0-5, flexible 3+. */
const RequestAddPartitionsToTxnTopicFields = [
  { name: "name", type: "string", versions: "0+" },
  { name: "partitions", type: "[]int32", versions: "0+" },
] as const satisfies readonly FieldDecl[];

export const AddPartitionsToTxnRequest = {
  name: "AddPartitionsToTxnRequest",
  apiKey: 24,
  type: "request",
  validVersions: "0-5",
  flexibleVersions: "3+",
  fields: [
    {
      name: "transactions",
      type: "[]AddPartitionsToTxnTransaction",
      versions: "4+",
      fields: [
        { name: "transactionalId", type: "string", versions: "4+" },
        { name: "producerId", type: "int64", versions: "4+" },
        { name: "producerEpoch", type: "int16", versions: "4+" },
        { name: "verifyOnly", type: "bool", versions: "4+", default: false },
        {
          name: "topics",
          type: "[]AddPartitionsToTxnTopic",
          versions: "4+",
          fields: RequestAddPartitionsToTxnTopicFields,
        },
      ],
    },
    { name: "v3AndBelowTransactionalId", type: "string", versions: "0-3" },
    { name: "v3AndBelowProducerId", type: "int64", versions: "0-3" },
    { name: "v3AndBelowProducerEpoch", type: "int16", versions: "0-3" },
    {
      name: "v3AndBelowTopics",
      type: "[]AddPartitionsToTxnTopic",
      versions: "0-3",
      fields: RequestAddPartitionsToTxnTopicFields,
    },
  ],
} as const satisfies MessageDecl;

const ResponseAddPartitionsToTxnPartitionResultFields = [
  { name: "partitionIndex", type: "int32", versions: "0+" },
  { name: "partitionErrorCode", type: "int16", versions: "0+" },
] as const satisfies readonly FieldDecl[];

const ResponseAddPartitionsToTxnTopicResultFields = [
  { name: "name", type: "string", versions: "0+" },
  {
    name: "resultsByPartition",
    type: "[]AddPartitionsToTxnPartitionResult",
    versions: "0+",
    fields: ResponseAddPartitionsToTxnPartitionResultFields,
  },
] as const satisfies readonly FieldDecl[];

export const AddPartitionsToTxnResponse = {
  name: "AddPartitionsToTxnResponse",
  apiKey: 24,
  type: "response",
  validVersions: "0-5",
  flexibleVersions: "3+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "4+" },
    {
      name: "resultsByTransaction",
      type: "[]AddPartitionsToTxnResult",
      versions: "4+",
      fields: [
        { name: "transactionalId", type: "string", versions: "4+" },
        {
          name: "topicResults",
          type: "[]AddPartitionsToTxnTopicResult",
          versions: "4+",
          fields: ResponseAddPartitionsToTxnTopicResultFields,
        },
      ],
    },
    {
      name: "resultsByTopicV3AndBelow",
      type: "[]AddPartitionsToTxnTopicResult",
      versions: "0-3",
      fields: ResponseAddPartitionsToTxnTopicResultFields,
    },
  ],
} as const satisfies MessageDecl;
