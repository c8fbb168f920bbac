import type { MessageDecl } from "../schema/declaration";

/** PushTelemetry (API key 72), versions 0, flexible 0+. */
export const PushTelemetryRequest = {
  name: "PushTelemetryRequest",
  apiKey: 72,
  type: "request",
  validVersions: "0",
  flexibleVersions: "0+",
  fields: [
    { name: "clientInstanceId", type: "uuid", versions: "0+" },
    { name: "subscriptionId", type: "int32", versions: "0+" },
    { name: "terminating", type: "bool", versions: "0+" },
    { name: "compressionType", type: "int8", versions: "0+" },
    { name: "metrics", type: "bytes", versions: "0+" },
  ],
} as const satisfies MessageDecl;

export const PushTelemetryResponse = {
  name: "PushTelemetryResponse",
  apiKey: 72,
  type: "response",
  validVersions: "0",
  flexibleVersions: "0+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
  ],
} as const satisfies MessageDecl;
