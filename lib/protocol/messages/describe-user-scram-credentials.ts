import type { MessageDecl } from "../schema/declaration";

/** DescribeUserScramCredentials (API key 50), versions 0, flexible 0+. */
export const DescribeUserScramCredentialsRequest = {
  name: "DescribeUserScramCredentialsRequest",
  apiKey: 50,
  type: "request",
  validVersions: "0",
  flexibleVersions: "0+",
  fields: [
    {
      name: "users",
      type: "[]UserName",
      versions: "0+",
      nullableVersions: "0+",
      fields: [{ name: "name", type: "string", versions: "0+" }],
    },
  ],
} as const satisfies MessageDecl;

export const DescribeUserScramCredentialsResponse = {
  name: "DescribeUserScramCredentialsResponse",
  apiKey: 50,
  type: "response",
  validVersions: "0",
  flexibleVersions: "0+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "errorMessage", type: "string", versions: "0+", nullableVersions: "0+" },
    {
      name: "results",
      type: "[]DescribeUserScramCredentialsResult",
      versions: "0+",
      fields: [
        { name: "user", type: "string", versions: "0+" },
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullableVersions: "0+" },
        {
          name: "credentialInfos",
          type: "[]CredentialInfo",
          versions: "0+",
          fields: [
            { name: "mechanism", type: "int8", versions: "0+" },
            { name: "iterations", type: "int32", versions: "0+" },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageDecl;
