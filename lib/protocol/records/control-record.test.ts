import { describe, expect, it } from "vitest";
import { ProtocolError } from "../protocol-error";
import { encodeEndTransactionMarkerBatch } from "./control-batch";
import {
  ControlRecordType,
  decodeControlRecordKey,
  decodeEndTransactionMarker,
  encodeControlRecordKey,
  encodeEndTransactionMarker,
} from "./control-record";
import { decodeRecordBatch } from "./record-batch";

describe("control records", () => {
  it("encodes the key and marker byte for byte", () => {
    expect(encodeControlRecordKey(ControlRecordType.COMMIT).toString("hex")).toBe("00000001");
    expect(encodeControlRecordKey(ControlRecordType.ABORT).toString("hex")).toBe("00000000");
    expect(encodeEndTransactionMarker(0x01020304).toString("hex")).toBe("000001020304");
  });

  it("decodes keys and markers, tolerating trailing fields of newer versions", () => {
    expect(decodeControlRecordKey(Buffer.from("00000001", "hex"))).toEqual({ version: 0, type: 1 });
    expect(decodeControlRecordKey(Buffer.from("0001000600ff", "hex"))).toEqual({ version: 1, type: 6 });
    expect(decodeEndTransactionMarker(Buffer.from("0000ffffffff", "hex"))).toEqual({
      version: 0,
      coordinatorEpoch: -1,
    });
  });

  it("refuses short, null or negative-version keys and markers", () => {
    for (const bad of [null, Buffer.from("0000", "hex"), Buffer.from("ffff0001", "hex")]) {
      expect(() => decodeControlRecordKey(bad)).toThrow(ProtocolError);
    }
    for (const bad of [null, Buffer.from("00000001", "hex"), Buffer.from("ffff00000001", "hex")]) {
      expect(() => decodeEndTransactionMarker(bad)).toThrow(ProtocolError);
    }
  });

  it.each([ControlRecordType.ABORT, ControlRecordType.COMMIT])(
    "builds a transaction marker batch of type %i",
    (type) => {
      const batch = decodeRecordBatch(
        encodeEndTransactionMarkerBatch({
          type,
          coordinatorEpoch: 12,
          producerId: 3000n,
          producerEpoch: 4,
          timestamp: 1_700_000_000_000n,
          baseOffset: 77n,
        }),
      );
      expect(batch).toMatchObject({
        baseOffset: 77n,
        producerId: 3000n,
        producerEpoch: 4,
        baseSequence: -1,
        recordCount: 1,
      });
      expect(batch.attributes).toBe(0x30); // transactional | control, uncompressed, CreateTime
      const record = batch.records[0]!;
      expect(decodeControlRecordKey(record.key)).toEqual({ version: 0, type });
      expect(decodeEndTransactionMarker(record.value)).toEqual({ version: 0, coordinatorEpoch: 12 });
    },
  );
});
