import { describe, expect, it } from "vitest";
import { crc32c } from "./crc32c";
import { referenceCrc32c } from "./test-fixtures";

describe("crc32c", () => {
  it("matches the CRC-32C check value for '123456789'", () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
  });

  it("matches RFC 3720 (iSCSI) test vectors", () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it("agrees with the bitwise reference on random data, including views at odd offsets", () => {
    const data = Buffer.alloc(4099);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    expect(crc32c(data)).toBe(referenceCrc32c(data));
    const view = new Uint8Array(data.buffer, data.byteOffset + 3, 1001);
    expect(crc32c(view)).toBe(referenceCrc32c(view));
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
});
