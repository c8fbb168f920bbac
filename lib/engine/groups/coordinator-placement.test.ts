import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { javaStringHashCode, offsetsPartitionFor } from "./coordinator-placement";
import { findGroupCoordinator } from "./find-coordinator";

describe("coordinator placement", () => {
  it("hashes like Java's String.hashCode", () => {
    expect(javaStringHashCode("hello")).toBe(99162322);
    expect(javaStringHashCode("")).toBe(0);
    // Non-ASCII: Java hashes UTF-16 code units, "é" is one unit (0xe9), "😀" two surrogates.
    expect(javaStringHashCode("é")).toBe(0xe9);
    expect(javaStringHashCode("😀")).toBe(0xd83d * 31 + 0xde00);
  });

  it("maps a group to abs(hashCode) % partitions, with Integer.MIN_VALUE going to 0 as Utils.abs does", () => {
    expect(offsetsPartitionFor("hello", 50)).toBe(99162322 % 50);
    expect(javaStringHashCode("polygenelubricants")).toBe(-2147483648);
    expect(offsetsPartitionFor("polygenelubricants", 50)).toBe(0);
    expect(offsetsPartitionFor("my-group", 50)).toBe(1906497762 % 50);
    expect(() => offsetsPartitionFor("g", 0)).toThrow(RangeError);
  });
});

describe("FindCoordinator lookup", () => {
  const node = { id: 2, host: "h", port: 9 };
  const view = (count: number | undefined, create: () => void = () => {}) => ({
    partitionCount: () => count,
    leaderOf: (p: number) => (p === offsetsPartitionFor("g", 3) ? node : undefined),
    create,
  });

  it("names the leader of the group's partition, or COORDINATOR_NOT_AVAILABLE without one", () => {
    expect(findGroupCoordinator("g", view(3))).toEqual({ errorCode: 0, errorMessage: null, node });
    expect(findGroupCoordinator("g", view(4)).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it("creates the topic on first use and reports a failed creation as COORDINATOR_NOT_AVAILABLE", () => {
    let count: number | undefined;
    const created = findGroupCoordinator("g", {
      ...view(undefined),
      partitionCount: () => count,
      create: () => (count = 3),
    });
    expect(created.node).toEqual(node);
    const failed = findGroupCoordinator(
      "g",
      view(undefined, () => {
        throw new Error("no brokers");
      }),
    );
    expect(failed).toMatchObject({
      errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
      errorMessage: "__consumer_offsets: no brokers",
    });
  });
});
