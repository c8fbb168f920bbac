import type { MessageDecl } from "../schema/declaration";

/** AlterPartitionReassignments (API key 45), versions 0, flexible 0+. */
export const AlterPartitionReassignmentsRequest = {
  name: "AlterPartitionReassignmentsRequest",
  apiKey: 45,
  type: "request",
  validVersions: "0",
  flexibleVersions: "0+",
  fields: [
    { name: "timeoutMs", type: "int32", versions: "0+", default: 60000 },
    {
      name: "topics",
      type: "[]ReassignableTopic",
      versions: "0+",
      fields: [
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: "[]ReassignablePartition",
          versions: "0+",
          fields: [
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "replicas", type: "[]int32", versions: "0+", nullableVersions: "0+", default: null },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageDecl;

export const AlterPartitionReassignmentsResponse = {
  name: "AlterPartitionReassignmentsResponse",
  apiKey: 45,
  type: "response",
  validVersions: "0",
  flexibleVersions: "0+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "errorMessage", type: "string", versions: "0+", nullableVersions: "0+" },
    {
      name: "responses",
      type: "[]ReassignableTopicResponse",
      versions: "0+",
      fields: [
        { name: "name", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: "[]ReassignablePartitionResponse",
          versions: "0+",
          fields: [
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "errorCode", type: "int16", versions: "0+" },
            { name: "errorMessage", type: "string", versions: "0+", nullableVersions: "0+" },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageDecl;
