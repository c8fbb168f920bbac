import { describe, expect, it } from "vitest";
import { AdminError, isAdminError, NotFoundError } from "./errors";

describe("isAdminError", () => {
  it("recognises AdminErrors and their subclasses", () => {
    expect(isAdminError(new AdminError("unreachable", "down"))).toBe(true);
    expect(isAdminError(new NotFoundError("topic", "t"))).toBe(true);
    expect(isAdminError(new Error("plain"))).toBe(false);
    expect(isAdminError(null)).toBe(false);
    expect(isAdminError("unreachable")).toBe(false);
  });

  it("recognises an AdminError built by another copy of the module (another Next bundle)", () => {
    // Another bundle's class: same registry symbol, different constructor.
    class ForeignAdminError extends Error {
      readonly code = "unreachable";
    }
    const foreign = Object.assign(new ForeignAdminError("no broker answered"), {
      [Symbol.for("pier.admin.AdminError")]: true,
    });
    expect(foreign instanceof AdminError).toBe(false);
    expect(isAdminError(foreign)).toBe(true);
  });
});
