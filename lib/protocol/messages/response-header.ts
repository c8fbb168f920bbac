import type { MessageDecl } from "../schema/declaration";

export const ResponseHeader = {
  name: "ResponseHeader",
  type: "header",
  validVersions: "0-1",
  flexibleVersions: "1+",
  fields: [{ name: "correlationId", type: "int32", versions: "0+" }],
} as const satisfies MessageDecl;
