import type { MessageDecl } from "../schema/declaration";

/** EndTxn (API key 26), versions 0-5, flexible 3+. */
export const EndTxnRequest = {
  name: "EndTxnRequest",
  apiKey: 26,
  type: "request",
  validVersions: "0-5",
  flexibleVersions: "3+",
  fields: [
    { name: "transactionalId", type: "string", versions: "0+" },
    { name: "producerId", type: "int64", versions: "0+" },
    { name: "producerEpoch", type: "int16", versions: "0+" },
    { name: "committed", type: "bool", versions: "0+" },
  ],
} as const satisfies MessageDecl;

export const EndTxnResponse = {
  name: "EndTxnResponse",
  apiKey: 26,
  type: "response",
  validVersions: "0-5",
  flexibleVersions: "3+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "producerId", type: "int64", versions: "5+", default: -1n },
    { name: "producerEpoch", type: "int16", versions: "5+", default: -1 },
  ],
} as const satisfies MessageDecl;
