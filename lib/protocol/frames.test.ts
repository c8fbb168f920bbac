import { describe, expect, it } from "vitest";
import { ApiKey, declaredApiVersions } from "./apis";
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeRequestChunks,
  encodeResponse,
  encodeResponseChunks,
  isSupportedVersion,
  readRequestHeader,
  readResponseCorrelationId,
} from "./frames";
import { requestHeaderVersion, responseHeaderVersion } from "./headers";
import { ProtocolError } from "./protocol-error";
import { ZERO_COPY_MIN_BYTES } from "./schema/codec-types";

describe("header versions", () => {
  it("follow flexibility, with ApiVersions responses always on header v0", () => {
    expect(requestHeaderVersion(ApiKey.Produce, 8)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Produce, 9)).toBe(2);
    expect(responseHeaderVersion(ApiKey.Produce, 9)).toBe(1);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 3)).toBe(2);
    expect(responseHeaderVersion(ApiKey.ApiVersions, 3)).toBe(0);
    expect(requestHeaderVersion(7, 0)).toBe(0); // ControlledShutdown v0
    // A version newer than declared is still flexible (flexible ranges are open-ended).
    expect(requestHeaderVersion(ApiKey.ApiVersions, 99)).toBe(2);
  });
});

describe("request frames", () => {
  it("encode with a size prefix and decode to a typed, discriminated request", () => {
    const frame = encodeRequest(
      { apiKey: ApiKey.Heartbeat, apiVersion: 4, correlationId: 42, clientId: "x" },
      {
        groupId: "g",
        generationId: 3,
        memberId: "m",
      },
    );
    expect(frame.readInt32BE(0)).toBe(frame.length - 4);
    const request = decodeRequest(frame.subarray(4));
    expect(request.apiKey).toBe(ApiKey.Heartbeat);
    if (request.apiKey === ApiKey.Heartbeat) {
      expect(request.body).toEqual({ groupId: "g", generationId: 3, memberId: "m", groupInstanceId: null });
    }
  });

  it("an unsupported ApiVersions version still yields its header (to answer at v0)", () => {
    const frame = Buffer.from("0012 0063 00000007 0001 63 00 ffff".replace(/ /g, ""), "hex");
    const { header, headerVersion } = readRequestHeader(frame);
    expect(header).toMatchObject({ requestApiKey: 18, requestApiVersion: 99, correlationId: 7, clientId: "c" });
    expect(headerVersion).toBe(2);
    expect(isSupportedVersion(18, 99)).toBe(false);
    expect(() => decodeRequest(frame)).toThrow(/ApiVersionsRequest has no version 99/);
  });

  it("unknown API keys: the header is readable, the body is a ProtocolError", () => {
    const frame = Buffer.from("03e7 0000 00000009 ffff".replace(/ /g, ""), "hex");
    expect(readRequestHeader(frame).header).toMatchObject({ requestApiKey: 999, correlationId: 9, clientId: null });
    expect(() => decodeRequest(frame)).toThrow(ProtocolError);
    expect(() => decodeRequest(frame)).toThrow(/unknown API key 999/);
  });

  it("errors name the API, version and field path", () => {
    const frame = encodeRequest(
      { apiKey: ApiKey.Produce, apiVersion: 3, correlationId: 1 },
      {
        topicData: [{ name: "t", partitionData: [{ index: 0, records: Buffer.alloc(10) }] }],
      },
    ).subarray(4);
    const truncated = frame.subarray(0, frame.length - 4);
    try {
      decodeRequest(truncated);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
      const protocolError = error as ProtocolError;
      expect([protocolError.apiKey, protocolError.apiVersion]).toEqual([0, 3]);
      expect(protocolError.field).toBe("topicData[0].partitionData[0].records");
    }
  });

  it("trailing bytes after the body are rejected", () => {
    const frame = encodeRequest({ apiKey: ApiKey.ApiVersions, apiVersion: 0, correlationId: 1 }, {}).subarray(4);
    expect(() => decodeRequest(Buffer.concat([frame, Buffer.from([0])]))).toThrow(/1 bytes left after the message/);
  });

  it("a frame shorter than a header is a ProtocolError", () => {
    expect(() => readRequestHeader(Buffer.alloc(3))).toThrow(ProtocolError);
    expect(() => readResponseCorrelationId(Buffer.alloc(3))).toThrow(ProtocolError);
  });
});

describe("response frames", () => {
  it("round-trip and expose the correlation id before decoding", () => {
    const frame = encodeResponse(ApiKey.FindCoordinator, 4, 77, {
      coordinators: [{ key: "g", nodeId: 1, host: "localhost", port: 9092, errorCode: 0, errorMessage: null }],
    });
    expect(readResponseCorrelationId(frame.subarray(4))).toBe(77);
    const { correlationId, body } = decodeResponse(ApiKey.FindCoordinator, 4, frame.subarray(4));
    expect(correlationId).toBe(77);
    expect(body.coordinators[0]).toMatchObject({ key: "g", port: 9092 });
  });

  it("encoding a bad value names the field and never writes a partial frame", () => {
    expect(() =>
      encodeResponse(ApiKey.Metadata, 1, 1, { brokers: [{ nodeId: 1, host: null as unknown as string, port: 1 }] }),
    ).toThrow(/null in a non-nullable field \(apiKey 3, v1, field brokers\[0\]\.host\)/);
    expect(() => encodeResponse(ApiKey.Heartbeat, 0, 1, { errorCode: 70000 })).toThrow(/field errorCode/);
    expect(() => encodeResponse(ApiKey.Heartbeat, 0, 1, { errorCode: 1.5 })).toThrow(ProtocolError);
    expect(() =>
      encodeResponse(ApiKey.ListOffsets, 1, 1, { topics: [{ partitions: [{ timestamp: 5 as never }] }] }),
    ).toThrow(/field topics\[0\]\.partitions\[0\]\.timestamp/);
    expect(() => encodeResponse(ApiKey.Heartbeat, 99, 1, {})).toThrow(/no version 99/);
  });
});

describe("zero-copy chunked encoding", () => {
  it("references large record sets instead of copying them, and concatenates to the single-buffer frame", () => {
    const big = Buffer.alloc(ZERO_COPY_MIN_BYTES + 10, 7);
    const small = Buffer.alloc(100, 3);
    const body = {
      responses: [
        {
          topic: "t",
          partitions: [
            { partitionIndex: 0, records: big },
            { partitionIndex: 1, records: small },
          ],
        },
      ],
    };
    const chunks = encodeResponseChunks(ApiKey.Fetch, 12, 5, body);
    expect(chunks).toHaveLength(3);
    expect(chunks[1]).toBe(big); // the very same buffer, not a copy
    expect(Buffer.concat(chunks).equals(encodeResponse(ApiKey.Fetch, 12, 5, body))).toBe(true);
    const request = encodeRequestChunks(
      { apiKey: ApiKey.Produce, apiVersion: 3, correlationId: 1 },
      {
        topicData: [{ name: "t", partitionData: [{ index: 0, records: big }] }],
      },
    );
    expect(request[1]).toBe(big);
    expect(Buffer.concat(request).readInt32BE(0)).toBe(Buffer.concat(request).length - 4);
  });
});

describe("declared API versions", () => {
  it("include the versions the target clients use", () => {
    const byKey = new Map(declaredApiVersions().map((range) => [range.apiKey, range]));
    // kafkajs 2.2.4: Produce v7, Fetch v11, Metadata v6; librdkafka 2.0.2: ApiVersions v3, Fetch v11.
    expect(byKey.get(ApiKey.Produce)).toEqual({ apiKey: 0, minVersion: 0, maxVersion: 11 });
    expect(byKey.get(ApiKey.Fetch)!.maxVersion).toBeGreaterThanOrEqual(12);
    expect(byKey.get(ApiKey.ApiVersions)!.maxVersion).toBeGreaterThanOrEqual(3);
    for (const name of [
      "ApiVersions",
      "Metadata",
      "Produce",
      "Fetch",
      "ListOffsets",
      "FindCoordinator",
      "JoinGroup",
      "SyncGroup",
      "Heartbeat",
      "LeaveGroup",
      "OffsetCommit",
      "OffsetFetch",
      "ListGroups",
      "DescribeGroups",
      "DeleteGroups",
      "OffsetDelete",
      "CreateTopics",
      "DeleteTopics",
      "CreatePartitions",
      "DescribeConfigs",
      "AlterConfigs",
      "IncrementalAlterConfigs",
      "DeleteRecords",
      "AlterPartitionReassignments",
      "ListPartitionReassignments",
      "ElectLeaders",
      "DescribeCluster",
      "DescribeLogDirs",
      "InitProducerId",
      "OffsetForLeaderEpoch",
      "SaslHandshake",
      "SaslAuthenticate",
      "DescribeProducers",
    ] as const) {
      expect(byKey.has(ApiKey[name]), name).toBe(true);
    }
  });
});
