import type { MessageDecl } from "../schema/declaration";

/** AlterReplicaLogDirs (API key 34), versions 0-2, flexible 2+. */
export const AlterReplicaLogDirsRequest = {
  name: "AlterReplicaLogDirsRequest",
  apiKey: 34,
  type: "request",
  validVersions: "0-2",
  flexibleVersions: "2+",
  fields: [
    {
      name: "dirs",
      type: "[]AlterReplicaLogDir",
      versions: "0+",
      fields: [
        { name: "path", type: "string", versions: "0+" },
        {
          name: "topics",
          type: "[]AlterReplicaLogDirTopic",
          versions: "0+",
          fields: [
            { name: "name", type: "string", versions: "0+" },
            { name: "partitions", type: "[]int32", versions: "0+" },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageDecl;

export const AlterReplicaLogDirsResponse = {
  name: "AlterReplicaLogDirsResponse",
  apiKey: 34,
  type: "response",
  validVersions: "0-2",
  flexibleVersions: "2+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    {
      name: "results",
      type: "[]AlterReplicaLogDirTopicResult",
      versions: "0+",
      fields: [
        { name: "topicName", type: "string", versions: "0+" },
        {
          name: "partitions",
          type: "[]AlterReplicaLogDirPartitionResult",
          versions: "0+",
          fields: [
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "errorCode", type: "int16", versions: "0+" },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageDecl;
