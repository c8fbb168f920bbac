/**
 * Test-only helpers and hand-made fixtures shared by the records tests (not used by production code).
 */

/** Bit-at-a-time CRC-32C (reflected polynomial 0x82F63B78): slow, obviously correct reference. */
export function referenceCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Bytes from lines of "hex bytes  // comment". */
export function hexLines(text: string): Buffer {
  const hexDigits = text
    .split("\n")
    .map((line) => line.split("//")[0]!)
    .join("")
    .replace(/\s+/g, "");
  return Buffer.from(hexDigits, "hex");
}

/**
 * A two-record batch written byte by byte from the v2 format description, CRC filled in by the
 * reference above:
 *
 *   record 0: key "k", value "v1", header h="x", timestampDelta 0, offsetDelta 0
 *   record 1: null key, value "v2", no headers, timestampDelta 5, offsetDelta 1
 */
export function handBuiltBatch(): Buffer {
  const batch = hexLines(`
    00 00 00 00 00 00 00 10     // baseOffset 16
    00 00 00 48                 // batchLength 72 (84 - 12)
    ff ff ff ff                 // partitionLeaderEpoch -1
    02                          // magic
    00 00 00 00                 // crc (filled in below)
    00 00                       // attributes: no compression, CreateTime
    00 00 00 01                 // lastOffsetDelta 1
    00 00 01 8b cf e5 68 00     // baseTimestamp 1700000000000
    00 00 01 8b cf e5 68 05     // maxTimestamp 1700000000005
    00 00 00 00 00 00 00 07     // producerId 7
    00 02                       // producerEpoch 2
    00 00 00 2a                 // baseSequence 42
    00 00 00 02                 // recordCount 2
    1a                          // record 0: length 13 (zig-zag 26)
    00                          //   attributes
    00                          //   timestampDelta 0
    00                          //   offsetDelta 0
    02 6b                       //   key length 1, "k"
    04 76 31                    //   value length 2, "v1"
    02                          //   1 header
    02 68                       //   header key length 1, "h"
    02 78                       //   header value length 1, "x"
    10                          // record 1: length 8
    00                          //   attributes
    0a                          //   timestampDelta 5
    02                          //   offsetDelta 1
    01                          //   key length -1 (null)
    04 76 32                    //   value length 2, "v2"
    00                          //   0 headers
  `);
  batch.writeUInt32BE(referenceCrc32c(batch.subarray(21)), 17);
  return batch;
}
