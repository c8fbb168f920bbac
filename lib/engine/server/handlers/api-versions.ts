import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { defineHandler } from "../api-handler";

/** The ranges this broker advertises, computed once by the router from the handler table. */
export type AdvertisedApis = Array<{ apiKey: number; minVersion: number; maxVersion: number }>;

/**
 * ClientSoftwareName/Version (v3+) must match Kafka's pattern, else INVALID_REQUEST (librdkafka
 * then retries with v0, as against a real broker).
 */
const SOFTWARE_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export function apiVersionsHandler(advertised: () => AdvertisedApis) {
  return defineHandler({
    apiKey: ApiKey.ApiVersions,
    minVersion: 0,
    maxVersion: 4,
    handle({ apiVersion }, body) {
      const badSoftware =
        apiVersion >= 3 &&
        (!SOFTWARE_PATTERN.test(body.clientSoftwareName) || !SOFTWARE_PATTERN.test(body.clientSoftwareVersion));
      return {
        errorCode: badSoftware ? ErrorCode.INVALID_REQUEST : ErrorCode.NONE,
        apiKeys: advertised(),
        throttleTimeMs: 0,
        finalizedFeaturesEpoch: -1n,
      };
    },
  });
}
