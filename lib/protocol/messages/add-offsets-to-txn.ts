import type { MessageDecl } from "../schema/declaration";

/** AddOffsetsToTxn (API key 25), versions 0-4, flexible 3+. */
export const AddOffsetsToTxnRequest = {
  name: "AddOffsetsToTxnRequest",
  apiKey: 25,
  type: "request",
  validVersions: "0-4",
  flexibleVersions: "3+",
  fields: [
    { name: "transactionalId", type: "string", versions: "0+" },
    { name: "producerId", type: "int64", versions: "0+" },
    { name: "producerEpoch", type: "int16", versions: "0+" },
    { name: "groupId", type: "string", versions: "0+" },
  ],
} as const satisfies MessageDecl;

export const AddOffsetsToTxnResponse = {
  name: "AddOffsetsToTxnResponse",
  apiKey: 25,
  type: "response",
  validVersions: "0-4",
  flexibleVersions: "3+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
  ],
} as const satisfies MessageDecl;
