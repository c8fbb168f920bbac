import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { lz4Codec } from "./lz4";
import { zstdCodec } from "./zstd";

/**
 * Interop with the reference implementations, liblz4 and libzstd, through their command-line tools
 * (Debian's lz4 and zstd packages, present on this project's machine image). Where a tool is
 * missing its tests are reported as skipped, never as passed.
 */
const LIMIT = 64 * 1024 * 1024;

function hasTool(tool: string): boolean {
  try {
    execFileSync(tool, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function run(tool: string, args: string[], input: Uint8Array): Buffer {
  return execFileSync(tool, args, { input, maxBuffer: LIMIT, stdio: ["pipe", "pipe", "ignore"] });
}

const text = Buffer.from(
  Array.from({ length: 10_000 }, (_, i) => `{"id":${i},"user":"u${(i * 7919) % 10007}","ok":${i % 2 === 0}}`).join(
    "\n",
  ),
);

describe.runIf(hasTool("lz4"))("liblz4 (lz4 CLI)", () => {
  it("decodes Pier's frames", () => {
    expect(run("lz4", ["-d", "-c"], lz4Codec.compress(text)).equals(text)).toBe(true);
  });

  it("Pier decodes its frames: default, with block checksums and content size, and 64 KiB linked blocks", () => {
    for (const args of [["-c"], ["-c", "-BX", "--content-size"], ["-c", "-B4", "-BD"]]) {
      expect(lz4Codec.decompress(run("lz4", args, text), LIMIT).equals(text)).toBe(true);
    }
  });
});

describe.runIf(hasTool("zstd"))("libzstd (zstd CLI)", () => {
  it("decodes Pier's frames", () => {
    expect(run("zstd", ["-d", "-c", "-q"], zstdCodec.compress(text)).equals(text)).toBe(true);
  });

  it("Pier decodes its streamed frames (no content size) and checksummed, high-level ones", () => {
    for (const args of [
      ["-c", "-q"],
      ["-c", "-q", "-9", "--check"],
      ["-c", "-q", "--no-check", "-1"],
    ]) {
      expect(zstdCodec.decompress(run("zstd", args, text), LIMIT).equals(text)).toBe(true);
    }
  });
});
