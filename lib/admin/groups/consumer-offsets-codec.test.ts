import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../protocol";
import { decodeConsumerOffsetsKey, decodeGroupMetadataValue, decodeOffsetCommitValue } from "./consumer-offsets-codec";

/** Builds bytes field by field, the way Kafka's GroupMetadataManager lays them out. */
class Bytes {
  private parts: Buffer[] = [];
  int16(v: number) {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.parts.push(b);
    return this;
  }
  int32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  int64(v: bigint) {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    this.parts.push(b);
    return this;
  }
  string(s: string | null) {
    if (s === null) return this.int16(-1);
    const bytes = Buffer.from(s, "utf8");
    return this.int16(bytes.length).raw(bytes);
  }
  compactString(s: string | null) {
    if (s === null) return this.raw(Buffer.from([0]));
    const bytes = Buffer.from(s, "utf8");
    return this.raw(Buffer.from([bytes.length + 1])).raw(bytes);
  }
  bytes(b: Buffer) {
    return this.int32(b.length).raw(b);
  }
  raw(b: Buffer) {
    this.parts.push(b);
    return this;
  }
  build() {
    return Buffer.concat(this.parts);
  }
}

describe("__consumer_offsets record formats", () => {
  it("reads offset commit keys (v0 and v1) and group metadata keys (v2)", () => {
    for (const version of [0, 1]) {
      const key = new Bytes().int16(version).string("billing").string("orders").int32(7).build();
      expect(decodeConsumerOffsetsKey(key)).toEqual({
        type: "offset",
        group: "billing",
        topic: "orders",
        partition: 7,
      });
    }
    expect(decodeConsumerOffsetsKey(new Bytes().int16(2).string("billing").build())).toEqual({
      type: "group",
      group: "billing",
    });
    expect(decodeConsumerOffsetsKey(new Bytes().int16(11).string("x").build())).toEqual({ type: "other", version: 11 });
  });

  it("reads offset commit values v0 to v4", () => {
    const ts = 1_700_000_000_000n;
    const v0 = new Bytes().int16(0).int64(5n).string("m0").int64(ts).build();
    const v1 = new Bytes()
      .int16(1)
      .int64(6n)
      .string("")
      .int64(ts)
      .int64(ts + 1000n)
      .build();
    const v2 = new Bytes().int16(2).int64(7n).string("m2").int64(ts).build();
    const v3 = new Bytes().int16(3).int64(8n).int32(4).string("m3").int64(ts).build();
    const v4 = new Bytes()
      .int16(4)
      .int64(9n)
      .int32(5)
      .compactString("m4")
      .int64(ts)
      .raw(Buffer.from([0]))
      .build();
    expect(decodeOffsetCommitValue(v0)).toEqual({
      offset: 5n,
      leaderEpoch: -1,
      metadata: "m0",
      commitTimestamp: ts,
      expireTimestamp: -1n,
    });
    expect(decodeOffsetCommitValue(v1)).toMatchObject({ offset: 6n, metadata: "", expireTimestamp: ts + 1000n });
    expect(decodeOffsetCommitValue(v2)).toMatchObject({ offset: 7n, metadata: "m2" });
    expect(decodeOffsetCommitValue(v3)).toMatchObject({
      offset: 8n,
      leaderEpoch: 4,
      metadata: "m3",
      commitTimestamp: ts,
    });
    expect(decodeOffsetCommitValue(v4)).toMatchObject({
      offset: 9n,
      leaderEpoch: 5,
      metadata: "m4",
      commitTimestamp: ts,
    });
  });

  it("reads group metadata values with their members", () => {
    const value = new Bytes()
      .int16(3)
      .string("consumer")
      .int32(12)
      .string("range")
      .string("member-1")
      .int64(1_700_000_000_000n)
      .int32(1)
      .string("member-1")
      .string(null)
      .string("client-a")
      .string("/10.0.0.1")
      .int32(300_000)
      .int32(45_000)
      .bytes(Buffer.from([1, 2]))
      .bytes(Buffer.from([3]))
      .build();
    const decoded = decodeGroupMetadataValue(value);
    expect(decoded).toMatchObject({ protocolType: "consumer", generation: 12, protocol: "range", leader: "member-1" });
    expect(decoded.members).toEqual([
      {
        memberId: "member-1",
        groupInstanceId: null,
        clientId: "client-a",
        clientHost: "/10.0.0.1",
        rebalanceTimeoutMs: 300_000,
        sessionTimeoutMs: 45_000,
        subscription: Buffer.from([1, 2]),
        assignment: Buffer.from([3]),
      },
    ]);
  });

  it("rejects truncated and unknown values with a ProtocolError", () => {
    const truncated = new Bytes().int16(3).int64(8n).build();
    expect(() => decodeOffsetCommitValue(truncated)).toThrow(ProtocolError);
    expect(() => decodeOffsetCommitValue(new Bytes().int16(9).build())).toThrow(
      /unknown offset commit value version 9/,
    );
    const hugeArray = new Bytes()
      .int16(0)
      .string("consumer")
      .int32(1)
      .string(null)
      .string(null)
      .int32(1_000_000)
      .build();
    expect(() => decodeGroupMetadataValue(hugeArray)).toThrow(ProtocolError);
  });
});
