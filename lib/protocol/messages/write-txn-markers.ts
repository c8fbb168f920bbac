import type { MessageDecl } from "../schema/declaration";

/** WriteTxnMarkers (API key 27), versions 0-1, flexible 1+. */
export const WriteTxnMarkersRequest = {
  name: "WriteTxnMarkersRequest",
  apiKey: 27,
  type: "request",
  validVersions: "0-1",
  flexibleVersions: "1+",
  fields: [
    {
      name: "markers",
      type: "[]WritableTxnMarker",
      versions: "0+",
      fields: [
        { name: "producerId", type: "int64", versions: "0+" },
        { name: "producerEpoch", type: "int16", versions: "0+" },
        { name: "transactionResult", type: "bool", versions: "0+" },
        {
          name: "topics",
          type: "[]WritableTxnMarkerTopic",
          versions: "0+",
          fields: [
            { name: "name", type: "string", versions: "0+" },
            { name: "partitionIndexes", type: "[]int32", versions: "0+" },
          ],
        },
        { name: "coordinatorEpoch", type: "int32", versions: "0+" },
      ],
    },
  ],
} as const satisfies MessageDecl;

export const WriteTxnMarkersResponse = {
  name: "WriteTxnMarkersResponse",
  apiKey: 27,
  type: "response",
  validVersions: "0-1",
  flexibleVersions: "1+",
  fields: [
    {
      name: "markers",
      type: "[]WritableTxnMarkerResult",
      versions: "0+",
      fields: [
        { name: "producerId", type: "int64", versions: "0+" },
        {
          name: "topics",
          type: "[]WritableTxnMarkerTopicResult",
          versions: "0+",
          fields: [
            { name: "name", type: "string", versions: "0+" },
            {
              name: "partitions",
              type: "[]WritableTxnMarkerPartitionResult",
              versions: "0+",
              fields: [
                { name: "partitionIndex", type: "int32", versions: "0+" },
                { name: "errorCode", type: "int16", versions: "0+" },
              ],
            },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageDecl;
