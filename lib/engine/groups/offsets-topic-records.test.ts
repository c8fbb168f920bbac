import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../protocol/protocol-error";
import {
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsTopicKey,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
} from "./offsets-topic-records";

describe("__consumer_offsets record formats", () => {
  it("writes OffsetCommitKey as key version 1 followed by group, topic and partition", () => {
    const key = encodeOffsetCommitKey("g", "t", 7);
    expect(key.toString("hex")).toBe("0001" + "000167" + "000174" + "00000007");
    expect(decodeOffsetsTopicKey(key)).toEqual({ type: "offset", group: "g", topic: "t", partition: 7 });
  });

  it("reads key version 0 as an offset commit too, and version 2 as group metadata", () => {
    const v0 = Buffer.from("0000" + "000167" + "000174" + "00000001", "hex");
    expect(decodeOffsetsTopicKey(v0)).toEqual({ type: "offset", group: "g", topic: "t", partition: 1 });
    const groupKey = encodeGroupMetadataKey("grp");
    expect(groupKey.toString("hex")).toBe("0002" + "0003" + Buffer.from("grp").toString("hex"));
    expect(decodeOffsetsTopicKey(groupKey)).toEqual({ type: "group", group: "grp" });
  });

  it("rejects unknown key versions and truncated keys with a ProtocolError", () => {
    expect(() => decodeOffsetsTopicKey(Buffer.from("0003000167", "hex"))).toThrow(ProtocolError);
    expect(() => decodeOffsetsTopicKey(Buffer.from("00", "hex"))).toThrow(ProtocolError);
    expect(() => decodeOffsetsTopicKey(Buffer.from("00010001", "hex"))).toThrow(ProtocolError);
  });

  it("writes OffsetCommitValue v3 (with leader epoch), or v1 when the commit carries an expire timestamp", () => {
    const value = { offset: 42n, leaderEpoch: 3, metadata: "m", commitTimestamp: 1000n, expireTimestamp: -1n };
    const v3 = encodeOffsetCommitValue(value);
    expect(v3.toString("hex")).toBe("0003" + "000000000000002a" + "00000003" + "00016d" + "00000000000003e8");
    expect(decodeOffsetCommitValue(v3)).toEqual(value);
    const v1 = encodeOffsetCommitValue({ ...value, expireTimestamp: 5000n });
    expect(v1.readInt16BE(0)).toBe(1);
    expect(decodeOffsetCommitValue(v1)).toEqual({ ...value, leaderEpoch: -1, expireTimestamp: 5000n });
  });

  it("reads OffsetCommitValue v0 and a future version as the newest known one", () => {
    const v0 = Buffer.from("0000" + "0000000000000005" + "0000" + "0000000000000064", "hex");
    expect(decodeOffsetCommitValue(v0)).toEqual({
      offset: 5n,
      leaderEpoch: -1,
      metadata: "",
      commitTimestamp: 100n,
      expireTimestamp: -1n,
    });
    // v4 is flexible: compact string (length+1) and an empty tagged-field section.
    const v4 = Buffer.from("0004" + "0000000000000005" + "ffffffff" + "01" + "0000000000000064" + "00", "hex");
    expect(decodeOffsetCommitValue(v4).offset).toBe(5n);
    const v9 = Buffer.concat([Buffer.from("0009", "hex"), v4.subarray(2)]);
    expect(decodeOffsetCommitValue(v9).commitTimestamp).toBe(100n);
  });

  it("round-trips GroupMetadataValue v3 with members", () => {
    const value = {
      protocolType: "consumer",
      generation: 4,
      protocol: "range",
      leader: "m1",
      currentStateTimestamp: 123n,
      members: [
        {
          memberId: "m1",
          groupInstanceId: "i1",
          clientId: "c1",
          clientHost: "/127.0.0.1",
          rebalanceTimeout: 60000,
          sessionTimeout: 30000,
          subscription: Buffer.from([1, 2]),
          assignment: Buffer.from([3]),
        },
      ],
    };
    const bytes = encodeGroupMetadataValue(value);
    expect(bytes.readInt16BE(0)).toBe(3);
    const decoded = decodeGroupMetadataValue(bytes);
    expect(decoded.generation).toBe(4);
    expect(decoded.leader).toBe("m1");
    expect(decoded.members[0]).toMatchObject({ memberId: "m1", groupInstanceId: "i1", sessionTimeout: 30000 });
    expect([...decoded.members[0]!.subscription]).toEqual([1, 2]);
    expect([...decoded.members[0]!.assignment]).toEqual([3]);
  });

  it("reads GroupMetadataValue v0 (no rebalance timeout, state timestamp or instance id)", () => {
    const hex =
      "0000" +
      "0008" +
      Buffer.from("consumer").toString("hex") +
      "00000001" +
      "0005" +
      Buffer.from("range").toString("hex") +
      "0002" +
      Buffer.from("m1").toString("hex") +
      "00000001" +
      "0002" +
      Buffer.from("m1").toString("hex") +
      "0002" +
      Buffer.from("c1").toString("hex") +
      "0001" +
      Buffer.from("h").toString("hex") +
      "00002710" +
      "00000000" +
      "00000000";
    const decoded = decodeGroupMetadataValue(Buffer.from(hex, "hex"));
    expect(decoded).toMatchObject({
      protocolType: "consumer",
      generation: 1,
      protocol: "range",
      currentStateTimestamp: -1n,
    });
    expect(decoded.members[0]).toMatchObject({
      memberId: "m1",
      groupInstanceId: null,
      rebalanceTimeout: -1,
      sessionTimeout: 10000,
    });
  });
});
