import { API_SCHEMAS, ApiKey, isKnownApiKey } from "./apis";
import { RequestHeader } from "./messages/request-header";
import { ResponseHeader } from "./messages/response-header";
import type { MessageValue } from "./schema/declaration";
import { isFlexibleVersion } from "./schema/message-codec";

/**
 * Which header version frames an API version, as Kafka's generated ApiMessageType decides:
 * request header v2 (v1 + tagged fields) for flexible versions, else v1; response header v1
 * (correlation id + tagged fields) for flexible versions, else v0. Flexible ranges are open-ended,
 * so a version newer than we declare still gets the right header.
 */
export type RequestHeaderData = MessageValue<typeof RequestHeader>;
export type ResponseHeaderData = MessageValue<typeof ResponseHeader>;

/** ControlledShutdown (not declared: brokers-only) is the one API whose v0 uses request header v0. */
const CONTROLLED_SHUTDOWN_KEY = 7;

export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  // ControlledShutdown v0 predates the client id field.
  if (apiKey === CONTROLLED_SHUTDOWN_KEY && apiVersion === 0) return 0;
  if (!isKnownApiKey(apiKey)) return 1;
  return isFlexibleVersion(API_SCHEMAS[apiKey].request, apiVersion) ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  // KIP-511: ApiVersions responses always use header v0, so a client that sent a version the
  // broker does not know can still read the correlation id and the v0 error body.
  if (apiKey === ApiKey.ApiVersions || !isKnownApiKey(apiKey)) return 0;
  return isFlexibleVersion(API_SCHEMAS[apiKey].response, apiVersion) ? 1 : 0;
}

export { RequestHeader, ResponseHeader };
