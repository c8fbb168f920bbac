import type { MessageDecl } from "../schema/declaration";

/** AlterClientQuotas (API key 49), versions 0-1, flexible 1+. */
export const AlterClientQuotasRequest = {
  name: "AlterClientQuotasRequest",
  apiKey: 49,
  type: "request",
  validVersions: "0-1",
  flexibleVersions: "1+",
  fields: [
    {
      name: "entries",
      type: "[]EntryData",
      versions: "0+",
      fields: [
        {
          name: "entity",
          type: "[]EntityData",
          versions: "0+",
          fields: [
            { name: "entityType", type: "string", versions: "0+" },
            { name: "entityName", type: "string", versions: "0+", nullableVersions: "0+" },
          ],
        },
        {
          name: "ops",
          type: "[]OpData",
          versions: "0+",
          fields: [
            { name: "key", type: "string", versions: "0+" },
            { name: "value", type: "float64", versions: "0+" },
            { name: "remove", type: "bool", versions: "0+" },
          ],
        },
      ],
    },
    { name: "validateOnly", type: "bool", versions: "0+" },
  ],
} as const satisfies MessageDecl;

export const AlterClientQuotasResponse = {
  name: "AlterClientQuotasResponse",
  apiKey: 49,
  type: "response",
  validVersions: "0-1",
  flexibleVersions: "1+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    {
      name: "entries",
      type: "[]EntryData",
      versions: "0+",
      fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullableVersions: "0+" },
        {
          name: "entity",
          type: "[]EntityData",
          versions: "0+",
          fields: [
            { name: "entityType", type: "string", versions: "0+" },
            { name: "entityName", type: "string", versions: "0+", nullableVersions: "0+" },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageDecl;
