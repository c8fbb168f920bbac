import { describe, expect, it } from "vitest";
import { checkTopicName } from "./name-rules";

describe("topic name rules", () => {
  it("accepts Kafka's legal names and refuses the rest with the reason", () => {
    expect(checkTopicName("orders.v1-eu")).toEqual({ errors: [], warnings: [] });
    expect(checkTopicName("").errors).toEqual(["A topic needs a name."]);
    expect(checkTopicName("bad name!").errors[0]).toMatch(/not space, "!"/);
    expect(checkTopicName("..").errors).toEqual(['A topic cannot be named "..".']);
    expect(checkTopicName("x".repeat(250)).errors[0]).toMatch(/At most 249 characters \(this one has 250\)/);
  });

  it("warns about legal names that cause trouble", () => {
    expect(checkTopicName("a.b_c").warnings[0]).toMatch(/"\." and "_" alike/);
    expect(checkTopicName("__mine").warnings[0]).toMatch(/internal topics/);
  });
});
