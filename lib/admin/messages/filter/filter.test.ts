import { describe, expect, it } from "vitest";
import { compileFilter, containsPredicate, type ScannedRecord } from "./evaluate";
import { parseFilter } from "./parser";
import { FilterSyntaxError } from "./tokenizer";

function record(partial: Partial<ScannedRecord>): ScannedRecord {
  return {
    partition: 0,
    offset: 0,
    timestamp: Date.parse("2026-02-01T00:00:00Z"),
    key: null,
    value: null,
    headers: [],
    sizeBytes: 0,
    ...partial,
  };
}

function errorOf(source: string): FilterSyntaxError {
  try {
    parseFilter(source);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${source}" parsed`);
}

describe("filter language: parsing", () => {
  it("parses the documented example with and/or precedence", () => {
    const node = parseFilter(
      'value contains "error" and partition = 3 or headers["trace"] exists and timestamp > "2026-01-01T00:00:00Z"',
    );
    expect(node).toEqual({
      kind: "or",
      left: {
        kind: "and",
        left: { kind: "bytes", field: { kind: "value" }, op: "contains", needle: "error" },
        right: { kind: "compare", field: "partition", op: "=", value: 3 },
      },
      right: {
        kind: "and",
        left: { kind: "exists", field: { kind: "header", name: "trace" } },
        right: { kind: "compare", field: "timestamp", op: ">", value: Date.parse("2026-01-01T00:00:00Z") },
      },
    });
  });

  it("reports the column of the first wrong token", () => {
    expect(errorOf('value contain "x"')).toMatchObject({ column: 7 });
    expect(errorOf("partition = ").message).toBe(
      "Filter error at column 13: expected a whole number after partition, found the end of the filter",
    );
    expect(errorOf('value contains "x').column).toBe(16);
    expect(errorOf("offset > 5 5").column).toBe(12);
    expect(errorOf("(key exists").message).toContain('expected ")"');
    expect(errorOf("colour = 1").message).toContain('unknown field "colour"');
    expect(errorOf('timestamp > "yesterday"').message).toContain("is not a date");
    expect(errorOf("key = 3").message).toContain("expected a quoted string");
    expect(errorOf("value contains `x`").column).toBe(16);
    expect(errorOf("").message).toContain("empty");
    expect(errorOf("offset > 99999999999999999999").message).toContain("too large");
  });

  it("refuses pathological nesting and length instead of overflowing the stack", () => {
    expect(errorOf(`${"not ".repeat(100)}key exists`).message).toContain("nested deeper");
    expect(errorOf(`${"(".repeat(100)}key exists${")".repeat(100)}`).message).toContain("nested deeper");
    expect(errorOf("x".repeat(5000)).message).toContain("longer than");
  });
});

describe("filter language: evaluation", () => {
  const r = record({
    partition: 3,
    offset: 42,
    key: Buffer.from("user-7"),
    value: Buffer.from('{"level":"ERROR","msg":"disk full"}'),
    headers: [
      { key: "trace", value: Buffer.from("abc") },
      { key: "empty", value: null },
    ],
    sizeBytes: 60,
  });
  const matches = (source: string, rec = r) => compileFilter(source)(rec);

  it("tests bytes fields", () => {
    expect(matches('value contains "disk"')).toBe(true);
    expect(matches('value contains "error"')).toBe(false);
    expect(matches('value icontains "error"')).toBe(true);
    expect(matches('key startswith "user-"')).toBe(true);
    expect(matches('key endswith "-7"')).toBe(true);
    expect(matches('key = "user-7" and key != "user-8"')).toBe(true);
    expect(matches('headers["trace"] = "abc"')).toBe(true);
    expect(matches('headers["empty"] exists and headers["missing"] is null')).toBe(true);
    expect(matches('headers["missing"] exists')).toBe(false);
    expect(matches("key is not null")).toBe(true);
    expect(matches("value is null", record({}))).toBe(true);
    expect(matches('value contains "x"', record({}))).toBe(false);
  });

  it("compares numbers and timestamps, with not, and, or and parentheses", () => {
    expect(matches("partition = 3 and offset >= 42 and offset < 43 and size <= 60")).toBe(true);
    expect(matches("partition != 3 or offset > 42")).toBe(false);
    expect(matches("not (partition = 3 and offset = 42)")).toBe(false);
    expect(matches('timestamp > "2026-01-01T00:00:00Z" AND timestamp < "2026-03-01"')).toBe(true);
    expect(matches(`timestamp = ${Date.parse("2026-02-01T00:00:00Z")}`)).toBe(true);
  });

  it("has a simple key-or-value contains", () => {
    expect(containsPredicate("user-7")(r)).toBe(true);
    expect(containsPredicate("full")(r)).toBe(true);
    expect(containsPredicate("nope")(r)).toBe(false);
    expect(containsPredicate("é")(record({ value: Buffer.from("café") }))).toBe(true);
  });
});
