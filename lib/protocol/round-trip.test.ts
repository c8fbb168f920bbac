import { describe, expect, it } from "vitest";
import { API_SCHEMAS, type ApiKey } from "./apis";
import { ConsumerProtocolAssignment, ConsumerProtocolSubscription } from "./consumer-protocol";
import { RequestHeader, ResponseHeader } from "./headers";
import { GroupMetadataKey, GroupMetadataValue, OffsetCommitKey, OffsetCommitValue } from "./consumer-offsets";
import type { MessageDecl, MessageInput } from "./schema/declaration";
import { decodeMessage, encodeMessage } from "./schema/message-codec";
import { parseVersions } from "./schema/versions";
import { Random, generateMessage } from "./testing/random-values";

/**
 * Every declared version of every declared message, both directions: generated values encode,
 * decode back to the same values (absent fields at their defaults), and re-encode to the same bytes.
 */
const SAMPLES_PER_VERSION = 6;

const messages: MessageDecl[] = [
  ...Object.values(API_SCHEMAS).flatMap((api) => [api.request, api.response] as MessageDecl[]),
  RequestHeader,
  ResponseHeader,
  ConsumerProtocolSubscription,
  ConsumerProtocolAssignment,
  OffsetCommitKey,
  OffsetCommitValue,
  GroupMetadataKey,
  GroupMetadataValue,
];

function versionsOf(decl: MessageDecl): number[] {
  const { min, max } = parseVersions(decl.validVersions);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

describe("round trip of every declared message and version", () => {
  it("covers at least the 33 APIs of the brief plus headers and consumer payloads", () => {
    expect(Object.keys(API_SCHEMAS).length).toBeGreaterThanOrEqual(33);
    expect(messages.length).toBe(Object.keys(API_SCHEMAS).length * 2 + 8);
  });

  it.each(messages.map((decl) => [decl.name, decl] as const))("%s", (_name, decl) => {
    for (const version of versionsOf(decl)) {
      const random = new Random(version * 7919 + decl.name.length);
      for (let sample = 0; sample < SAMPLES_PER_VERSION; sample++) {
        const [input, expected] = generateMessage(decl, version, random);
        const bytes = encodeMessage(decl, version, input as MessageInput<MessageDecl>);
        const decoded = decodeMessage(decl, version, bytes);
        expect(decoded, `${decl.name} v${version} sample ${sample}`).toEqual(expected);
        expect(encodeMessage(decl, version, decoded as MessageInput<MessageDecl>).equals(bytes)).toBe(true);
      }
    }
  });

  it("every API's request and response share one version range", () => {
    for (const key of Object.keys(API_SCHEMAS)) {
      const api = API_SCHEMAS[Number(key) as ApiKey];
      expect(api.response.validVersions, api.name).toBe(api.request.validVersions);
      expect(api.request.apiKey).toBe(Number(key));
    }
  });
});
