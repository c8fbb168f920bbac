import type { MessageDecl } from "../schema/declaration";

/** GetTelemetrySubscriptions (API key 71), versions 0, flexible 0+. */
export const GetTelemetrySubscriptionsRequest = {
  name: "GetTelemetrySubscriptionsRequest",
  apiKey: 71,
  type: "request",
  validVersions: "0",
  flexibleVersions: "0+",
  fields: [{ name: "clientInstanceId", type: "uuid", versions: "0+" }],
} as const satisfies MessageDecl;

export const GetTelemetrySubscriptionsResponse = {
  name: "GetTelemetrySubscriptionsResponse",
  apiKey: 71,
  type: "response",
  validVersions: "0",
  flexibleVersions: "0+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "clientInstanceId", type: "uuid", versions: "0+" },
    { name: "subscriptionId", type: "int32", versions: "0+" },
    { name: "acceptedCompressionTypes", type: "[]int8", versions: "0+" },
    { name: "pushIntervalMs", type: "int32", versions: "0+" },
    { name: "telemetryMaxBytes", type: "int32", versions: "0+" },
    { name: "deltaTemporality", type: "bool", versions: "0+" },
    { name: "requestedMetrics", type: "[]string", versions: "0+" },
  ],
} as const satisfies MessageDecl;
