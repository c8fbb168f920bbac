import { describe, expect, it } from "vitest";
import {
  decodeConsumerOffsetsKey,
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
} from "./consumer-offsets";
import { ProtocolError } from "./protocol-error";

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");

describe("__consumer_offsets records", () => {
  it("offset commit key v1: version, group, topic, partition (hand-built bytes)", () => {
    const bytes = hex("0001 0001 67 0001 74 00000002");
    expect(encodeOffsetCommitKey({ group: "g", topic: "t", partition: 2 }).equals(bytes)).toBe(true);
    expect(decodeConsumerOffsetsKey(bytes)).toEqual({
      kind: "offset",
      version: 1,
      key: { group: "g", topic: "t", partition: 2 },
    });
  });

  it("group metadata key v2 is told apart by its version", () => {
    expect(decodeConsumerOffsetsKey(encodeGroupMetadataKey({ group: "g" }))).toEqual({
      kind: "group",
      version: 2,
      key: { group: "g" },
    });
    expect(() => decodeConsumerOffsetsKey(hex("0009 0001 67"))).toThrow(ProtocolError);
  });

  it("offset commit value v3 (classic) and v4 (flexible) round-trip", () => {
    const value = { offset: 42n, leaderEpoch: 5, metadata: "", commitTimestamp: 1700000000000n, expireTimestamp: -1n };
    const v3 = encodeOffsetCommitValue(3, value);
    expect(v3.toString("hex")).toBe("0003" + "000000000000002a" + "00000005" + "0000" + "0000018bcfe56800");
    expect(decodeOffsetCommitValue(v3)).toEqual({ version: 3, value });
    expect(decodeOffsetCommitValue(encodeOffsetCommitValue(4, value))).toEqual({ version: 4, value });
  });

  it("group metadata value v3 round-trips its members", () => {
    const value = {
      protocolType: "consumer",
      generation: 3,
      protocol: "range",
      leader: "m1",
      currentStateTimestamp: 17n,
      members: [
        {
          memberId: "m1",
          groupInstanceId: null,
          clientId: "c",
          clientHost: "/127.0.0.1",
          rebalanceTimeout: 60000,
          sessionTimeout: 10000,
          subscription: Buffer.from([0, 1]),
          assignment: Buffer.from([2]),
        },
      ],
    };
    expect(decodeGroupMetadataValue(encodeGroupMetadataValue(3, value))).toEqual({ version: 3, value });
  });
});
