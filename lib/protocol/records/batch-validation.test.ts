import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ProtocolError } from "../protocol-error";
import { BATCH_HEADER_SIZE, CompressionType, TimestampType } from "./batch-header";
import {
  InvalidBatchError,
  validateBatchForAppend,
  validateRecordsForAppend,
  type BatchErrorName,
} from "./batch-validation";
import { encodeEndTransactionMarkerBatch } from "./control-batch";
import { ControlRecordType } from "./control-record";
import { crc32c } from "./crc32c";
import { encodeRecordBatch, type RecordInput } from "./record-batch";
import { hexLines } from "./test-fixtures";

const TS = 1_700_000_000_000n;
const records: RecordInput[] = [
  { key: Buffer.from("a"), value: Buffer.from("1"), timestamp: TS + 2n },
  { key: null, value: Buffer.from("2"), timestamp: TS + 9n, headers: [{ key: "h", value: null }] },
  { key: Buffer.from("c"), value: null, timestamp: TS },
];

function resign(batch: Buffer): Buffer {
  batch.writeUInt32BE(crc32c(batch.subarray(21)), 17);
  return batch;
}

/** A batch whose record section is `recordBytes` verbatim, with a valid CRC. */
function batchWithRecordBytes(
  recordBytes: Buffer,
  recordCount: number,
  compression: number = CompressionType.None,
): Buffer {
  const header = encodeRecordBatch({ records: [{ value: Buffer.from("x") }], baseTimestamp: TS }).subarray(
    0,
    BATCH_HEADER_SIZE,
  );
  const batch = Buffer.concat([header, recordBytes]);
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeInt16BE(compression, 21);
  batch.writeInt32BE(recordCount - 1, 23);
  batch.writeInt32BE(recordCount, 57);
  return resign(batch);
}

function expectRefused(batch: Uint8Array, errorName: BatchErrorName, message: RegExp): void {
  try {
    validateBatchForAppend(batch);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidBatchError);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as InvalidBatchError).errorName).toBe(errorName);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error("batch was accepted");
}

describe("validateBatchForAppend accepts", () => {
  it.each([
    CompressionType.None,
    CompressionType.Gzip,
    CompressionType.Snappy,
    CompressionType.Lz4,
    CompressionType.Zstd,
  ])("a well-formed batch with compression %i and reports what the broker needs", (compression) => {
    const batch = encodeRecordBatch({ records, compression, isTransactional: true, producerId: 5n, producerEpoch: 0 });
    const result = validateBatchForAppend(batch);
    expect(result).toMatchObject({
      sizeInBytes: batch.length,
      compression,
      timestampType: TimestampType.CreateTime,
      isTransactional: true,
      isControl: false,
      hasNullKey: true,
      maxRecordTimestamp: TS + 9n,
    });
    expect(result.header.recordCount).toBe(3);
  });

  it("flags control batches instead of refusing them", () => {
    const marker = encodeEndTransactionMarkerBatch({
      type: ControlRecordType.COMMIT,
      coordinatorEpoch: 3,
      producerId: 1n,
      producerEpoch: 0,
      timestamp: TS,
    });
    expect(validateBatchForAppend(marker)).toMatchObject({ isControl: true, isTransactional: true, hasNullKey: false });
  });

  it("validates a batch in the middle of a buffer", () => {
    const batch = encodeRecordBatch({ records });
    const buf = Buffer.concat([Buffer.alloc(5), batch, Buffer.alloc(3)]);
    expect(validateBatchForAppend(buf, 5).sizeInBytes).toBe(batch.length);
  });
});

describe("validateBatchForAppend refuses with CORRUPT_MESSAGE", () => {
  it("fewer bytes than a header", () => {
    expectRefused(encodeRecordBatch({ records }).subarray(0, 40), "CORRUPT_MESSAGE", /fewer than its 61-byte header/);
  });

  it("a length that does not fit the bytes", () => {
    const batch = encodeRecordBatch({ records });
    expectRefused(batch.subarray(0, batch.length - 1), "CORRUPT_MESSAGE", /length/);
    const short = Buffer.from(batch);
    short.writeInt32BE(20, 8);
    expectRefused(short, "CORRUPT_MESSAGE", /length/);
  });

  it("a CRC mismatch", () => {
    const batch = encodeRecordBatch({ records });
    batch[batch.length - 2]! ^= 0x40;
    expectRefused(batch, "CORRUPT_MESSAGE", /CRC mismatch/);
  });

  it("an unknown codec", () => {
    const batch = encodeRecordBatch({ records });
    batch.writeInt16BE(7, 21);
    expectRefused(resign(batch), "CORRUPT_MESSAGE", /compression type 7/);
  });

  it("compressed records that cannot be read", () => {
    expectRefused(
      batchWithRecordBytes(Buffer.from("not gzip at all"), 1, CompressionType.Gzip),
      "CORRUPT_MESSAGE",
      /gzip/,
    );
  });

  it("a decompression bomb: 1 KiB of gzip claiming 3 records, inflating past the limit", () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    const batch = batchWithRecordBytes(bomb, 3, CompressionType.Gzip);
    expect(() => validateBatchForAppend(batch, 0, { maxDecompressedBytes: 1024 * 1024 })).toThrow(/over the limit/);
  });
});

describe("validateBatchForAppend refuses with INVALID_RECORD", () => {
  it("magic 0 or 1", () => {
    const batch = encodeRecordBatch({ records });
    batch[16] = 1;
    expectRefused(batch, "INVALID_RECORD", /magic 1/);
  });

  it("a record count that is not positive or not lastOffsetDelta + 1", () => {
    const empty = encodeRecordBatch({ records: [], baseTimestamp: TS });
    expectRefused(empty, "INVALID_RECORD", /invalid record count 0/);
    const batch = encodeRecordBatch({ records });
    batch.writeInt32BE(4, 57);
    expectRefused(resign(batch), "INVALID_RECORD", /does not match lastOffsetDelta 2/);
  });

  it("more or fewer records than counted", () => {
    const batch = encodeRecordBatch({ records });
    batch.writeInt32BE(1, 23);
    batch.writeInt32BE(2, 57);
    expectRefused(resign(batch), "INVALID_RECORD", /bytes left after 2 records/);
    const more = encodeRecordBatch({ records });
    more.writeInt32BE(3, 23);
    more.writeInt32BE(4, 57);
    expectRefused(resign(more), "INVALID_RECORD", /record 3/);
  });

  it("a record length that overruns the batch", () => {
    const overrun = hexLines(`
      7e                // length 63, but only 7 bytes follow
      00 00 00 01 02 00 // attributes, timestampDelta, offsetDelta, null key, value "", 0 headers
      00
    `);
    expectRefused(batchWithRecordBytes(overrun, 1), "INVALID_RECORD", /record length 63 does not fit/);
  });

  it("fields that overrun the record or leave bytes in it", () => {
    const keyOverrun = hexLines(`
      0e                // length 7
      00 00 00          // attributes, timestampDelta 0, offsetDelta 0
      14                // key length 10: past the record's end
      00 00 00
    `);
    expectRefused(batchWithRecordBytes(keyOverrun, 1), "INVALID_RECORD", /key length 10 overruns/);
    const slack = hexLines(`
      10                // length 8, one more than the fields use
      00 00 00 01 02 61 00 ff
    `);
    expectRefused(batchWithRecordBytes(slack, 1), "INVALID_RECORD", /declares 8 bytes but its fields use 7/);
  });

  it("offsetDeltas out of order or with gaps", () => {
    const gapped = encodeRecordBatch({ records: [{ offsetDelta: 0 }, { offsetDelta: 2 }], baseTimestamp: TS });
    gapped.writeInt32BE(1, 23);
    expectRefused(resign(gapped), "INVALID_RECORD", /record 1 has offsetDelta 2/);
  });

  it("a null header key", () => {
    const nullHeaderKey = hexLines(`
      10                // length 8
      00 00 00          // attributes, timestampDelta 0, offsetDelta 0
      01 01             // null key, null value
      02                // 1 header
      01 01             // header key length -1 (null), header value null
    `);
    expectRefused(batchWithRecordBytes(nullHeaderKey, 1), "INVALID_RECORD", /null header key/);
  });

  it("names the rule broken, for callers with codes of their own", () => {
    const defectOf = (batch: Uint8Array) => {
      try {
        validateBatchForAppend(batch);
      } catch (error) {
        return (error as InvalidBatchError).defect;
      }
      return undefined;
    };
    const badCrc = encodeRecordBatch({ records });
    badCrc[badCrc.length - 1]! ^= 1;
    const gapped = encodeRecordBatch({ records: [{ offsetDelta: 0 }, { offsetDelta: 2 }], baseTimestamp: TS });
    gapped.writeInt32BE(1, 23);
    const miscounted = encodeRecordBatch({ records });
    miscounted.writeInt32BE(4, 57);
    expect(defectOf(badCrc)).toBe("crc");
    expect(defectOf(resign(gapped))).toBe("offsetDelta");
    expect(defectOf(resign(miscounted))).toBe("recordCount");
    expect(defectOf(batchWithRecordBytes(hexLines("7e 00 00 00 01 02 00 00"), 1))).toBe("recordFormat");
    expect(defectOf(encodeRecordBatch({ records }).subarray(0, 40))).toBe("length");
  });

  it("bytes after the one batch of a produce request", () => {
    const batch = encodeRecordBatch({ records });
    expect(validateRecordsForAppend(batch).sizeInBytes).toBe(batch.length);
    expect(() => validateRecordsForAppend(Buffer.concat([batch, batch]))).toThrow(/exactly one batch/);
  });
});
