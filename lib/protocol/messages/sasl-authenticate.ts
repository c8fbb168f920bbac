import type { MessageDecl } from "../schema/declaration";

/** SaslAuthenticate (API key 36), versions 0-2, flexible 2+. */
export const SaslAuthenticateRequest = {
  name: "SaslAuthenticateRequest",
  apiKey: 36,
  type: "request",
  validVersions: "0-2",
  flexibleVersions: "2+",
  fields: [{ name: "authBytes", type: "bytes", versions: "0+" }],
} as const satisfies MessageDecl;

export const SaslAuthenticateResponse = {
  name: "SaslAuthenticateResponse",
  apiKey: 36,
  type: "response",
  validVersions: "0-2",
  flexibleVersions: "2+",
  fields: [
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "errorMessage", type: "string", versions: "0+", nullableVersions: "0+" },
    { name: "authBytes", type: "bytes", versions: "0+" },
    { name: "sessionLifetimeMs", type: "int64", versions: "1+", default: 0n },
  ],
} as const satisfies MessageDecl;
