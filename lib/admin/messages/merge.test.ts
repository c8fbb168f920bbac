import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";
import { mergeBackward, mergeForward, type Positioned } from "./merge";
import { MessageQueryError } from "./message-errors";

const rec = (partition: number, offset: number, timestamp: number): Positioned => ({ partition, offset, timestamp });

describe("merge by timestamp", () => {
  // Partition 1 has a record (offset 1) older than its predecessor: offset order must still hold.
  const runs = () =>
    new Map([
      [0, [rec(0, 10, 100), rec(0, 11, 300), rec(0, 12, 500)]],
      [1, [rec(1, 0, 200), rec(1, 1, 150), rec(1, 2, 400)]],
    ]);

  it("takes the oldest heads first and keeps each partition in offset order", () => {
    const page = mergeForward(
      runs(),
      new Map([
        [0, 10],
        [1, 0],
      ]),
      4,
    );
    expect(page.records.map((r) => `${r.partition}:${r.offset}`)).toEqual(["0:10", "1:0", "1:1", "0:11"]);
    expect([...page.positions]).toEqual([
      [0, 12],
      [1, 2],
    ]);
  });

  it("continues from the cursor positions without skipping or repeating", () => {
    const all = runs();
    const first = mergeForward(
      all,
      new Map([
        [0, 10],
        [1, 0],
      ]),
      2,
    );
    const rest = new Map([...all].map(([p, run]) => [p, run.filter((r) => r.offset >= first.positions.get(p)!)]));
    const second = mergeForward(rest, first.positions, 10);
    const seen = [...first.records, ...second.records].map((r) => `${r.partition}:${r.offset}`);
    expect(seen.sort()).toEqual(["0:10", "0:11", "0:12", "1:0", "1:1", "1:2"]);
    expect(new Set(seen).size).toBe(6);
    expect([...second.positions]).toEqual([
      [0, 13],
      [1, 3],
    ]);
  });

  it("keeps the start of a partition nothing was taken from, and stops when the runs end", () => {
    const page = mergeForward(
      new Map([
        [0, [rec(0, 5, 1)]],
        [1, []],
      ]),
      new Map([
        [0, 5],
        [1, 9],
      ]),
      10,
    );
    expect(page.records).toHaveLength(1);
    expect([...page.positions]).toEqual([
      [0, 6],
      [1, 9],
    ]);
  });

  it("pages backward from the newest, oldest first, with the first offsets taken as the new ends", () => {
    const page = mergeBackward(
      runs(),
      new Map([
        [0, 13],
        [1, 3],
      ]),
      3,
    );
    expect(page.records.map((r) => `${r.partition}:${r.offset}`)).toEqual(["0:11", "1:2", "0:12"]);
    expect([...page.positions]).toEqual([
      [0, 11],
      [1, 2],
    ]);
    const rest = new Map([...runs()].map(([p, run]) => [p, run.filter((r) => r.offset < page.positions.get(p)!)]));
    const older = mergeBackward(rest, page.positions, 10);
    expect(older.records.map((r) => `${r.partition}:${r.offset}`)).toEqual(["0:10", "1:0", "1:1"]);
  });
});

describe("page cursors", () => {
  it("round-trips and rejects anything else with a typed error", () => {
    const cursor = {
      direction: "prev" as const,
      positions: new Map([
        [0, 12],
        [3, 0],
      ]),
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const bad = (text: string) => () => decodeCursor(text);
    for (const text of [
      "",
      "!!",
      Buffer.from('{"v":2}').toString("base64url"),
      Buffer.from('{"v":1,"d":"next","p":[[0,-1]]}').toString("base64url"),
    ]) {
      expect(bad(text)).toThrow(MessageQueryError);
    }
  });
});
