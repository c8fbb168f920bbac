import type { MessageDecl } from "../schema/declaration";

export const RequestHeader = {
  name: "RequestHeader",
  type: "header",
  validVersions: "0-2",
  flexibleVersions: "2+",
  fields: [
    { name: "requestApiKey", type: "int16", versions: "0+" },
    { name: "requestApiVersion", type: "int16", versions: "0+" },
    { name: "correlationId", type: "int32", versions: "0+" },
    { name: "clientId", type: "string", versions: "1+", nullableVersions: "1+", flexibleVersions: "none" },
  ],
} as const satisfies MessageDecl;
