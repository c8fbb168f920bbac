import type { MessageDecl } from "../schema/declaration";

/** CreateAcls (API key 30), versions 0-3, flexible 2+. */
export const CreateAclsRequest = {
  name: "CreateAclsRequest",
  apiKey: 30,
  type: "request",
  validVersions: "0-3",
  flexibleVersions: "2+",
  fields: [
    {
      name: "creations",
      type: "[]AclCreation",
      versions: "0+",
      fields: [
        { name: "resourceType", type: "int8", versions: "0+" },
        { name: "resourceName", type: "string", versions: "0+" },
        { name: "resourcePatternType", type: "int8", versions: "1+", default: 3 },
        { name: "principal", type: "string", versions: "0+" },
        { name: "host", type: "string", versions: "0+" },
        { name: "operation", type: "int8", versions: "0+" },
        { name: "permissionType", type: "int8", versions: "0+" },
      ],
    },
  ],
} as const satisfies MessageDecl;

export const CreateAclsResponse = {
  name: "CreateAclsResponse",
  apiKey: 30,
  type: "response",
  validVersions: "0-3",
  flexibleVersions: "2+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    {
      name: "results",
      type: "[]AclCreationResult",
      versions: "0+",
      fields: [
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullableVersions: "0+" },
      ],
    },
  ],
} as const satisfies MessageDecl;
