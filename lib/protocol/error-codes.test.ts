import { describe, expect, it } from "vitest";
import { ErrorCode, errorInfo, isRetriable } from "./error-codes";

describe("error codes", () => {
  it("hold Kafka's full table, -1 through 128, with unique codes", () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (let code = -1; code <= 128; code++) expect(codes, `code ${code}`).toContain(code);
  });

  it("describe codes with Kafka's names, retriability and messages", () => {
    expect(errorInfo(6)).toMatchObject({ name: "NOT_LEADER_OR_FOLLOWER", retriable: true });
    expect(errorInfo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).retriable).toBe(true);
    expect(errorInfo(ErrorCode.TOPIC_ALREADY_EXISTS)).toMatchObject({
      code: 36,
      retriable: false,
      message: "Topic with this name already exists.",
    });
    expect(isRetriable(ErrorCode.REBALANCE_IN_PROGRESS)).toBe(false);
    expect(isRetriable(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS)).toBe(true);
    expect(errorInfo(ErrorCode.NONE).name).toBe("NONE");
  });

  it("describe an unknown code without throwing", () => {
    expect(errorInfo(4242)).toMatchObject({ code: 4242, name: "UNKNOWN_ERROR_CODE", retriable: false });
  });
});
