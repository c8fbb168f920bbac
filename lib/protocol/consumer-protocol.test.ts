import { describe, expect, it } from "vitest";
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from "./consumer-protocol";
import { ProtocolError } from "./protocol-error";

describe("consumer protocol payloads", () => {
  it("Subscription v0: int16 version, topics, nullable user data (hand-built bytes)", () => {
    const bytes = Buffer.from("0000 00000001 0001 74 ffffffff".replace(/ /g, ""), "hex");
    expect(encodeSubscription(0, { topics: ["t"], userData: null }).equals(bytes)).toBe(true);
    expect(decodeSubscription(bytes)).toEqual({
      version: 0,
      value: { topics: ["t"], userData: null, ownedPartitions: [], generationId: -1, rackId: null },
    });
  });

  it("Subscription v3 round-trips owned partitions, generation and rack", () => {
    const value = {
      topics: ["a", "b"],
      userData: Buffer.from([1]),
      ownedPartitions: [{ topic: "a", partitions: [0, 2] }],
      generationId: 4,
      rackId: "r1",
    };
    expect(decodeSubscription(encodeSubscription(3, value))).toEqual({ version: 3, value });
  });

  it("a newer version is read with our newest declaration, ignoring its extra trailing fields", () => {
    const v3 = encodeSubscription(3, { topics: ["t"], rackId: "r" });
    const v9 = Buffer.concat([Buffer.from([0, 9]), v3.subarray(2), Buffer.from("extra")]);
    expect(decodeSubscription(v9)).toMatchObject({ version: 9, value: { topics: ["t"], rackId: "r" } });
  });

  it("Assignment v1 round-trips and a truncated one is a ProtocolError", () => {
    const value = { assignedPartitions: [{ topic: "t", partitions: [0, 1, 2] }], userData: null };
    const bytes = encodeAssignment(1, value);
    expect(decodeAssignment(bytes)).toEqual({ version: 1, value });
    expect(() => decodeAssignment(bytes.subarray(0, bytes.length - 3))).toThrow(ProtocolError);
    expect(() => decodeAssignment(Buffer.from([0xff, 0xff]))).toThrow(/negative version/);
    expect(() => decodeAssignment(Buffer.from([0]))).toThrow(ProtocolError);
  });
});
