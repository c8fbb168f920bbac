import { describe, expect, it } from "vitest";
import { CommittedOffsetsIndex } from "./committed-offsets-index";

const at = (offset: number) => ({ offset, commitTimestampMs: 1, metadata: "" });

describe("the committed offsets index", () => {
  it("answers which groups read a topic, and forgets on tombstones", () => {
    const index = new CommittedOffsetsIndex();
    index.applyOffset("a", "orders", 0, at(5));
    index.applyOffset("b", "orders", 1, at(7));
    index.applyOffset("b", "payments", 0, at(1));
    expect(index.groupsOf("orders")).toEqual(["a", "b"]);
    expect(index.groupCountOf("payments")).toBe(1);
    index.applyOffset("b", "orders", 1, null);
    expect(index.groupsOf("orders")).toEqual(["a"]);
    expect(index.offsetsOf("b")?.has("orders")).toBe(false);
    index.removeGroup("b");
    expect(index.groupsOf("payments")).toEqual([]);
    expect(index.groups()).toEqual(["a"]);
  });

  it("replaces a group's offsets wholesale", () => {
    const index = new CommittedOffsetsIndex();
    index.applyOffset("a", "old", 0, at(1));
    index.replaceGroup("a", new Map([["new", new Map([[2, at(9)]])]]));
    expect(index.groupsOf("old")).toEqual([]);
    expect(index.offsetsOf("a")?.get("new")?.get(2)?.offset).toBe(9);
  });
});
