import type { MessageDecl } from "../schema/declaration";

/** ListTransactions (API key 66), versions 0-1, flexible 0+. */
export const ListTransactionsRequest = {
  name: "ListTransactionsRequest",
  apiKey: 66,
  type: "request",
  validVersions: "0-1",
  flexibleVersions: "0+",
  fields: [
    { name: "stateFilters", type: "[]string", versions: "0+" },
    { name: "producerIdFilters", type: "[]int64", versions: "0+" },
    { name: "durationFilter", type: "int64", versions: "1+", default: -1n },
  ],
} as const satisfies MessageDecl;

export const ListTransactionsResponse = {
  name: "ListTransactionsResponse",
  apiKey: 66,
  type: "response",
  validVersions: "0-1",
  flexibleVersions: "0+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "unknownStateFilters", type: "[]string", versions: "0+" },
    {
      name: "transactionStates",
      type: "[]TransactionState",
      versions: "0+",
      fields: [
        { name: "transactionalId", type: "string", versions: "0+" },
        { name: "producerId", type: "int64", versions: "0+" },
        { name: "transactionState", type: "string", versions: "0+" },
      ],
    },
  ],
} as const satisfies MessageDecl;
