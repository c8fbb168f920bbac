import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ProtocolError, decodeRequest, decodeResponse, encodeRequest, encodeResponse, isKnownApiKey } from "./index";
import { ErrorCode } from "./error-codes";
import type { CapturedFrame } from "./fixtures/capture";

/**
 * Frames recorded from real clients against librdkafka's mock cluster (see fixtures/capture.ts):
 * each decodes, re-encodes to the identical bytes, and carries the values the scenario put in it.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));

function load(client: string): CapturedFrame[] {
  return JSON.parse(readFileSync(path.join(HERE, "fixtures", `${client}.json`), "utf8")) as CapturedFrame[];
}

function reencode(frame: CapturedFrame): { bytes: Buffer; decoded: unknown } {
  const bytes = Buffer.from(frame.hex, "hex");
  if (!isKnownApiKey(frame.apiKey)) throw new Error(`fixture with unknown API key ${frame.apiKey}`);
  if (frame.direction === "request") {
    const request = decodeRequest(bytes);
    const { correlationId, clientId } = request.header;
    const header = { apiKey: request.apiKey, apiVersion: request.apiVersion, correlationId, clientId };
    return { bytes: encodeRequest(header, request.body as never).subarray(4), decoded: request };
  }
  const response = decodeResponse(frame.apiKey, frame.apiVersion, bytes);
  const encoded = encodeResponse(frame.apiKey, response.bodyVersion, response.correlationId, response.body as never);
  return { bytes: encoded.subarray(4), decoded: response };
}

function find(frames: CapturedFrame[], apiKey: number, direction: "request" | "response", apiVersion?: number) {
  const frame = frames.find(
    (f) =>
      f.apiKey === apiKey && f.direction === direction && (apiVersion === undefined || f.apiVersion === apiVersion),
  );
  if (frame === undefined) throw new Error(`no fixture for API ${apiKey} ${direction}`);
  return Buffer.from(frame.hex, "hex");
}

/**
 * librdkafka 2.0.2's mock answers an ApiVersions v3 it does not support with 13 body bytes that are
 * neither a v3 nor a v0 body (a compact count of 1 followed by one entry, and a short throttle
 * field); librdkafka itself only reads the error code and retries at v0. We must reject it cleanly.
 */
const isMockMalformed = (f: CapturedFrame) => f.apiKey === 18 && f.apiVersion === 3 && f.direction === "response";

describe.each(["kafkajs", "kcat"])("frames captured from %s", (client) => {
  const frames = load(client).filter((f) => !isMockMalformed(f));

  it("holds a useful set of APIs", () => {
    const keys = new Set(frames.map((f) => f.apiKey));
    for (const key of [18, 3, 0, 1, 2]) expect(keys).toContain(key);
    expect(frames.length).toBeGreaterThanOrEqual(10);
  });

  it.each(frames.map((f) => [`${f.direction} key ${f.apiKey} v${f.apiVersion}`, f] as const))(
    "%s re-encodes byte for byte",
    (_name, frame) => {
      expect(reencode(frame).bytes.toString("hex")).toBe(frame.hex);
    },
  );
});

describe("captured field values", () => {
  const kafkajs = load("kafkajs");
  const kcat = load("kcat");

  it("kafkajs produce v7 carries one batch for capture-js", () => {
    const request = decodeRequest(find(kafkajs, 0, "request", 7));
    if (request.apiKey !== 0) throw new Error("not a produce request");
    expect(request.header.clientId).toBe("pier-capture");
    expect(request.body.acks).toBe(-1);
    const partition = request.body.topicData[0]!.partitionData[0]!;
    expect(request.body.topicData[0]!.name).toBe("capture-js");
    // A v2 record batch: magic byte 2 at offset 16.
    expect(partition.records![16]).toBe(2);
  });

  it("kafkajs JoinGroup v5 and its response agree on the member", () => {
    const request = decodeRequest(find(kafkajs, 11, "request"));
    if (request.apiKey !== 11) throw new Error("not a JoinGroup request");
    expect(request.body.groupId).toBe("capture-group");
    expect(request.body.protocolType).toBe("consumer");
    const response = decodeResponse(11, 5, find(kafkajs, 11, "response"));
    expect(response.body.errorCode).toBe(ErrorCode.NONE);
    expect(response.body.members.map((m) => m.memberId)).toEqual([response.body.memberId]);
  });

  it("the mock's malformed ApiVersions v3 error reply is rejected with a ProtocolError", () => {
    const frame = find(kcat, 18, "response", 3);
    expect(frame.readInt16BE(4)).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(() => decodeResponse(18, 3, frame)).toThrow(ProtocolError);
    expect(() => decodeResponse(18, 3, frame)).toThrow(/apiKey 18, v0, field apiKeys/);
  });

  it("an ApiVersions v3 request answered with a v0 UNSUPPORTED_VERSION body decodes at v0", () => {
    // What a real broker sends (KIP-511): header v0, v0 body listing at least ApiVersions itself.
    const frame = Buffer.from("00000001" + "0023" + "00000001" + "001200000002", "hex");
    const response = decodeResponse(18, 3, frame);
    expect(response.bodyVersion).toBe(0);
    expect(response.body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(response.body.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 2 }]);
  });

  it("kcat's flexible ApiVersions v3 request names librdkafka", () => {
    const request = decodeRequest(find(kcat, 18, "request", 3));
    if (request.apiKey !== 18) throw new Error("not an ApiVersions request");
    expect(request.body).toMatchObject({ clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2" });
  });

  it("kcat's metadata response lists the broker and the topic's partition 0 leader", () => {
    const response = decodeResponse(3, 2, find(kcat, 3, "response"));
    expect(response.body.brokers).toHaveLength(1);
    const topic = response.body.topics.find((t) => t.name === "capture-kcat")!;
    expect(topic.partitions.find((p) => p.partitionIndex === 0)!.leaderId).toBe(response.body.brokers[0]!.nodeId);
  });

  it("kcat's fetch v11 response reports the two produced records in its high watermark", () => {
    const response = decodeResponse(1, 11, find(kcat, 1, "response"));
    const partition = response.body.responses[0]!.partitions[0]!;
    expect(partition.highWatermark).toBe(2n);
    expect(partition.records!.length).toBeGreaterThan(61);
  });
});
