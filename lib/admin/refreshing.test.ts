import { describe, expect, it } from "vitest";
import { Refreshing } from "./refreshing";

describe("stale-while-revalidate values", () => {
  it("waits for the first value, then answers from memory and refreshes in the background", async () => {
    let now = 0;
    let loads = 0;
    let release: (() => void) | undefined;
    const value = new Refreshing(
      () =>
        new Promise<number>((resolve) => {
          loads++;
          const n = loads;
          release = () => resolve(n);
        }),
      { refreshMs: 10, maxStaleMs: 100, now: () => now },
    );
    const first = value.get();
    release!();
    expect((await first).data).toBe(1);
    now = 5;
    expect((await value.get()).data).toBe(1);
    expect(loads).toBe(1);
    now = 20;
    expect((await value.get()).data).toBe(1); // stale but served at once
    expect((await value.get()).data).toBe(1); // one refresh in flight, not two
    expect(loads).toBe(2);
    release!();
    await new Promise((r) => setTimeout(r, 0));
    expect((await value.get()).data).toBe(2);
  });

  it("keeps the old value and the error when a refresh fails; waits when too old", async () => {
    let now = 0;
    let fail = false;
    const value = new Refreshing(
      async () => {
        if (fail) throw new Error("broker down");
        return "ok";
      },
      { refreshMs: 10, maxStaleMs: 100, now: () => now },
    );
    await value.get();
    fail = true;
    now = 50;
    expect((await value.get()).data).toBe("ok");
    await new Promise((r) => setTimeout(r, 0));
    expect(value.lastError?.message).toBe("broker down");
    now = 500;
    await expect(value.get()).rejects.toThrow("broker down");
  });
});
