import type { MessageDecl } from "../schema/declaration";

/** InitProducerId (API key 22), versions 0-5, flexible 2+. */
export const InitProducerIdRequest = {
  name: "InitProducerIdRequest",
  apiKey: 22,
  type: "request",
  validVersions: "0-5",
  flexibleVersions: "2+",
  fields: [
    { name: "transactionalId", type: "string", versions: "0+", nullableVersions: "0+" },
    { name: "transactionTimeoutMs", type: "int32", versions: "0+" },
    { name: "producerId", type: "int64", versions: "3+", default: -1n },
    { name: "producerEpoch", type: "int16", versions: "3+", default: -1 },
  ],
} as const satisfies MessageDecl;

export const InitProducerIdResponse = {
  name: "InitProducerIdResponse",
  apiKey: 22,
  type: "response",
  validVersions: "0-5",
  flexibleVersions: "2+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "producerId", type: "int64", versions: "0+", default: -1n },
    { name: "producerEpoch", type: "int16", versions: "0+" },
  ],
} as const satisfies MessageDecl;
