import { describe, expect, it } from "vitest";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, readRequestHeader } from "./frames";
import type { ApiKey, RequestInput, ResponseInput } from "./apis";
import { RequestHeader } from "./headers";
import { ApiVersionsResponse } from "./messages/api-versions";
import { decodeMessage, encodeMessage } from "./schema/message-codec";

/**
 * Byte vectors written by hand from Kafka's protocol guide and message specs (not produced by this
 * codec): each must decode to the stated value and the value must encode to exactly these bytes.
 * Frames are shown without their int32 size prefix; spaces separate fields.
 */
const hex = (...parts: string[]) => Buffer.from(parts.join("").replace(/\s+/g, ""), "hex");
const str16 = (s: string) =>
  Buffer.from([s.length >> 8, s.length & 0xff]).toString("hex") + Buffer.from(s).toString("hex");
const compactStr = (s: string) => (s.length + 1).toString(16).padStart(2, "0") + Buffer.from(s).toString("hex");

function checkRequest<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  clientId: string | null,
  body: RequestInput<K>,
  frame: Buffer,
) {
  const encoded = encodeRequest({ apiKey, apiVersion, correlationId, clientId }, body);
  expect(encoded.readInt32BE(0)).toBe(frame.length);
  expect(encoded.subarray(4).toString("hex")).toBe(frame.toString("hex"));
  const decoded = decodeRequest(frame);
  expect(decoded.header).toMatchObject({
    requestApiKey: apiKey,
    requestApiVersion: apiVersion,
    correlationId,
    clientId,
  });
  expect(decoded.body).toMatchObject(body as object);
}

function checkResponse<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  body: ResponseInput<K>,
  frame: Buffer,
) {
  const encoded = encodeResponse(apiKey, apiVersion, correlationId, body);
  expect(encoded.subarray(4).toString("hex")).toBe(frame.toString("hex"));
  const decoded = decodeResponse(apiKey, apiVersion, frame);
  expect(decoded.correlationId).toBe(correlationId);
  expect(decoded.body).toMatchObject(body as object);
}

describe("hand-built golden vectors", () => {
  it("ApiVersions v0 request: header v1, empty body", () => {
    checkRequest(18, 0, 1, "c", {}, hex("0012 0000 00000001", str16("c")));
  });

  it("ApiVersions v3 request: header v2 (tag byte), compact strings, body tag byte", () => {
    const frame = hex("0012 0003 00000002", str16("c"), "00", compactStr("pier"), compactStr("1.0"), "00");
    checkRequest(18, 3, 2, "c", { clientSoftwareName: "pier", clientSoftwareVersion: "1.0" }, frame);
  });

  it("ApiVersions v0 response: int32 array of (key, min, max)", () => {
    const frame = hex("00000001", "0000", "00000001", "0000 0000 0009");
    checkResponse(18, 0, 1, { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 9 }] }, frame);
  });

  it("ApiVersions v3 response: header v0 (no tag byte, KIP-511) and a tagged FinalizedFeaturesEpoch", () => {
    const frame = hex(
      "00000003", // header v0: correlation id only
      "0000", // errorCode
      "02 0012 0000 0004 00", // compact array of 1 entry, entry tag byte
      "00000000", // throttleTimeMs
      "01 01 08 0000000000000005", // 1 tagged field: tag 1, 8 bytes, int64 5
    );
    const body = { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }], finalizedFeaturesEpoch: 5n };
    checkResponse(18, 3, 3, body, frame);
    expect(decodeResponse(18, 3, frame).body.finalizedFeatures).toEqual([]);
  });

  it("Metadata v1 request: a nullable topic array, null meaning all topics", () => {
    checkRequest(
      3,
      1,
      4,
      "c",
      { topics: [{ name: "t" }] },
      hex("0003 0001 00000004", str16("c"), "00000001", str16("t")),
    );
    checkRequest(3, 1, 5, null, { topics: null }, hex("0003 0001 00000005 ffff ffffffff"));
  });

  it("Metadata v1 response: brokers with nullable rack, controller, partitions", () => {
    const frame = hex(
      "00000006",
      "00000001 00000001",
      str16("h"),
      "00002384 ffff", // port 9092, rack null
      "00000001", // controllerId
      "00000001 0000",
      str16("t"),
      "00", // isInternal false
      "00000001 0000 00000000 00000001 00000001 00000001 00000001 00000001", // partition 0, leader 1, [1], [1]
    );
    const body = {
      brokers: [{ nodeId: 1, host: "h", port: 9092, rack: null }],
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: "t",
          isInternal: false,
          partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1] }],
        },
      ],
    };
    checkResponse(3, 1, 6, body, frame);
  });

  it("Metadata v9 request: compact nullable array, per-topic tag bytes", () => {
    const frame = hex("0003 0009 00000007", str16("c"), "00", "02", compactStr("t"), "00", "01 00 01", "00");
    const body = {
      topics: [{ name: "t" }],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: true,
    };
    checkRequest(3, 9, 7, "c", body, frame);
    checkRequest(
      3,
      9,
      8,
      "c",
      { topics: null, allowAutoTopicCreation: false },
      hex("0003 0009 00000008", str16("c"), "00 00 00 00 00 00"),
    );
  });

  it("Metadata v12 response: nullable topic name, topic id uuid, compact arrays everywhere", () => {
    const topicId = Buffer.from("00112233445566778899aabbccddeeff", "hex");
    const frame = hex(
      "0000000f 00", // header v1
      "00000000", // throttle
      "02 00000001",
      compactStr("h"),
      "00002384 00 00", // port, rack null, broker tags
      compactStr("c1"), // clusterId
      "00000001", // controllerId
      "02 0000",
      compactStr("t"),
      topicId.toString("hex"),
      "00", // isInternal
      "02 0000 00000000 00000001 00000003 02 00000001 02 00000001 01 00", // leaderEpoch 3, [1], [1], [], tags
      "80000000", // topicAuthorizedOperations: INT32_MIN (not requested)
      "00", // topic tags
      "00", // body tags
    );
    const body = {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 1, host: "h", port: 9092, rack: null }],
      clusterId: "c1",
      controllerId: 1,
      topics: [
        {
          errorCode: 0,
          name: "t",
          topicId: topicId.toString("base64url"),
          isInternal: false,
          partitions: [
            {
              errorCode: 0,
              partitionIndex: 0,
              leaderId: 1,
              leaderEpoch: 3,
              replicaNodes: [1],
              isrNodes: [1],
              offlineReplicas: [],
            },
          ],
          topicAuthorizedOperations: -2147483648,
        },
      ],
    };
    checkResponse(3, 12, 15, body, frame);
  });

  it("Produce v3 request: nullable transactional id, records as int32-length bytes", () => {
    const frame = hex(
      "0000 0003 00000009",
      str16("c"),
      "ffff", // transactionalId null
      "ffff 00007530", // acks -1, timeout 30000
      "00000001",
      str16("t"),
      "00000001 00000000 00000003 616263",
    );
    const body = {
      transactionalId: null,
      acks: -1,
      timeoutMs: 30000,
      topicData: [{ name: "t", partitionData: [{ index: 0, records: Buffer.from("abc") }] }],
    };
    checkRequest(0, 3, 9, "c", body, frame);
  });

  it("Fetch v4 request: isolation level, int64 fetch offsets", () => {
    const frame = hex(
      "0001 0004 0000000a",
      str16("c"),
      "ffffffff 000001f4 00000001 00a00000 01", // replicaId -1, maxWait 500, minBytes 1, maxBytes 10 MiB, read_committed
      "00000001",
      str16("t"),
      "00000001 00000002 000000000000002a 00100000", // partition 2, offset 42, 1 MiB
    );
    const body = {
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      topics: [{ topic: "t", partitions: [{ partition: 2, fetchOffset: 42n, partitionMaxBytes: 1048576 }] }],
    };
    checkRequest(1, 4, 10, "c", body, frame);
  });

  it("Fetch v12 response: header v1 and a tagged CurrentLeader struct inside a partition", () => {
    const frame = hex(
      "0000000b 00", // header v1: correlation id + tag byte
      "00000000 0000 00000000", // throttle, error, session
      "02",
      compactStr("t"),
      "02", // one partition
      "00000000 0000 0000000000000005 0000000000000005 0000000000000000",
      "00", // abortedTransactions: compact null
      "ffffffff", // preferredReadReplica -1
      "04 010203", // records: 3 bytes
      "01 01 09 00000002 00000007 00", // tagged: CurrentLeader{leaderId 2, leaderEpoch 7}
      "00", // topic tags
      "00", // body tags
    );
    const body = {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [
        {
          topic: "t",
          partitions: [
            {
              partitionIndex: 0,
              errorCode: 0,
              highWatermark: 5n,
              lastStableOffset: 5n,
              logStartOffset: 0n,
              currentLeader: { leaderId: 2, leaderEpoch: 7 },
              abortedTransactions: null,
              preferredReadReplica: -1,
              records: Buffer.from([1, 2, 3]),
            },
          ],
        },
      ],
    };
    checkResponse(1, 12, 11, body, frame);
    const decoded = decodeResponse(1, 12, frame).body.responses[0]!.partitions[0]!;
    // Untagged-but-absent tagged fields decode to their declared defaults.
    expect(decoded.divergingEpoch).toEqual({ epoch: -1, endOffset: -1n });
    expect(decoded.snapshotId).toEqual({ endOffset: -1n, epoch: -1 });
  });

  it("JoinGroup v5 (classic) and v6 (flexible) requests", () => {
    const protocols = [{ name: "range", metadata: Buffer.from([0, 1]) }];
    const common = {
      groupId: "g",
      sessionTimeoutMs: 10000,
      rebalanceTimeoutMs: 60000,
      memberId: "",
      protocolType: "consumer",
    };
    const v5 = hex(
      "000b 0005 0000000c",
      str16("c"),
      str16("g"),
      "00002710 0000ea60",
      str16(""),
      "ffff", // groupInstanceId null
      str16("consumer"),
      "00000001",
      str16("range"),
      "00000002 0001",
    );
    checkRequest(11, 5, 12, "c", { ...common, groupInstanceId: null, protocols }, v5);
    const v6 = hex(
      "000b 0006 0000000d",
      str16("c"),
      "00",
      compactStr("g"),
      "00002710 0000ea60",
      compactStr(""),
      "00", // groupInstanceId compact null
      compactStr("consumer"),
      "02",
      compactStr("range"),
      "03 0001 00", // compact bytes of 2, protocol tag byte
      "00",
    );
    checkRequest(11, 6, 13, "c", { ...common, groupInstanceId: null, protocols }, v6);
  });

  it("request header v2 keeps an unknown tagged field and the client id stays int16-length", () => {
    const frame = hex("0012 0003 0000000e", str16("cli"), "01 05 02 abcd", "01 01 00"); // header tag 5 = abcd; two empty compact strings
    const { header, headerVersion, bodyOffset } = readRequestHeader(frame);
    expect(headerVersion).toBe(2);
    expect(header.clientId).toBe("cli");
    expect(header._unknownTaggedFields).toEqual([{ tag: 5, data: Buffer.from([0xab, 0xcd]) }]);
    expect(bodyOffset).toBe(frame.length - 3);
    expect(decodeRequest(frame).body).toMatchObject({ clientSoftwareName: "", clientSoftwareVersion: "" });
  });

  it("tagged sections: unknown tags re-encode unchanged; disorder and size mismatches are rejected", () => {
    const header = hex("0012 0003 0000000e", str16("cli"), "02 05 02 abcd 09 01 ff");
    const decoded = decodeMessage(RequestHeader, 2, header);
    expect(decoded._unknownTaggedFields).toHaveLength(2);
    expect(encodeMessage(RequestHeader, 2, decoded).equals(header)).toBe(true);
    const outOfOrder = hex("0012 0003 0000000e", str16("cli"), "02 09 01 ff 05 02 abcd");
    expect(() => decodeMessage(RequestHeader, 2, outOfOrder)).toThrow(/tagged field 5 out of order after 9/);
    // ApiVersions v3 response, FinalizedFeaturesEpoch (tag 1) declared as 9 bytes but an int64 is 8.
    const badSize = hex("0000", "01", "00000000", "01 01 09 0000000000000005 00");
    expect(() => decodeMessage(ApiVersionsResponse, 3, badSize)).toThrow(
      /1 unread bytes \(apiKey 18, v3, field finalizedFeaturesEpoch\)/,
    );
  });
});
