import type { MessageDecl } from "../schema/declaration";

/** SaslHandshake (API key 17), versions 0-1, flexible none. */
export const SaslHandshakeRequest = {
  name: "SaslHandshakeRequest",
  apiKey: 17,
  type: "request",
  validVersions: "0-1",
  flexibleVersions: "none",
  fields: [{ name: "mechanism", type: "string", versions: "0+" }],
} as const satisfies MessageDecl;

export const SaslHandshakeResponse = {
  name: "SaslHandshakeResponse",
  apiKey: 17,
  type: "response",
  validVersions: "0-1",
  flexibleVersions: "none",
  fields: [
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "mechanisms", type: "[]string", versions: "0+" },
  ],
} as const satisfies MessageDecl;
