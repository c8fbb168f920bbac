import type { MessageDecl } from "../schema/declaration";

/** UpdateFeatures (API key 57), versions 0-2, flexible 0+. */
export const UpdateFeaturesRequest = {
  name: "UpdateFeaturesRequest",
  apiKey: 57,
  type: "request",
  validVersions: "0-2",
  flexibleVersions: "0+",
  fields: [
    { name: "timeoutMs", type: "int32", versions: "0+", default: 60000 },
    {
      name: "featureUpdates",
      type: "[]FeatureUpdateKey",
      versions: "0+",
      fields: [
        { name: "feature", type: "string", versions: "0+" },
        { name: "maxVersionLevel", type: "int16", versions: "0+" },
        { name: "allowDowngrade", type: "bool", versions: "0" },
        { name: "upgradeType", type: "int8", versions: "1+", default: 1 },
      ],
    },
    { name: "validateOnly", type: "bool", versions: "1+", default: false },
  ],
} as const satisfies MessageDecl;

export const UpdateFeaturesResponse = {
  name: "UpdateFeaturesResponse",
  apiKey: 57,
  type: "response",
  validVersions: "0-2",
  flexibleVersions: "0+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "errorMessage", type: "string", versions: "0+", nullableVersions: "0+" },
    {
      name: "results",
      type: "[]UpdatableFeatureResult",
      versions: "0-1",
      fields: [
        { name: "feature", type: "string", versions: "0+" },
        { name: "errorCode", type: "int16", versions: "0+" },
        { name: "errorMessage", type: "string", versions: "0+", nullableVersions: "0+" },
      ],
    },
  ],
} as const satisfies MessageDecl;
