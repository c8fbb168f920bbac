import { describe, expect, it } from "vitest";
import type { MessageRecord } from "@/lib/admin/index";
import { encodeBytes } from "@/lib/admin/messages/record-view";
import { exportRecords } from "./export";

const MAX_BYTES = 32;

function record(partition: number, offset: number, key: string | null, value: Buffer | null): MessageRecord {
  return {
    partition,
    offset,
    timestamp: Date.UTC(2026, 10, 21, 12, 0, offset),
    timestampType: "CreateTime",
    key: encodeBytes(key === null ? null : Buffer.from(key), MAX_BYTES),
    value: encodeBytes(value, MAX_BYTES),
    headers: [{ key: "trace", value: encodeBytes(Buffer.from("a,b"), MAX_BYTES) }],
    sizeBytes: (key?.length ?? 0) + (value?.length ?? 0) + 8,
    compression: "none",
    producerId: -1,
    transactional: false,
  };
}

const RECORDS = [
  record(0, 1, "k1", Buffer.from('say "hi", then\nleave')),
  record(2, 7, null, Buffer.from([0xff, 0x00, 0xfe])),
  record(1, 3, "k3", null),
  record(1, 4, "long", Buffer.from("x".repeat(40))),
];

describe("exportRecords", () => {
  it("writes JSON with text as text, binary as base64 and cut values marked", () => {
    const rows = JSON.parse(exportRecords(RECORDS, "json")) as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      partition: 0,
      offset: 1,
      timestamp: "2026-11-21T12:00:01.000Z",
      key: { text: "k1" },
      value: { text: 'say "hi", then\nleave' },
      headers: [{ key: "trace", value: { text: "a,b" } }],
    });
    expect(rows[1]).toMatchObject({ key: null, value: { base64: Buffer.from([0xff, 0x00, 0xfe]).toString("base64") } });
    expect(rows[2]).toMatchObject({ value: null });
    expect(rows[3]).toMatchObject({ value: { text: "x".repeat(MAX_BYTES), truncated: true } });
  });

  it("writes one JSON object per line as NDJSON", () => {
    const lines = exportRecords(RECORDS, "ndjson").split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe("");
    expect(lines.slice(0, 4).map((l) => (JSON.parse(l) as { offset: number }).offset)).toEqual([1, 7, 3, 4]);
    expect(exportRecords([], "ndjson")).toBe("");
  });

  it("writes CSV with RFC 4180 quoting", () => {
    const lines = exportRecords(RECORDS, "csv").split("\r\n");
    expect(lines[0]).toBe("partition,offset,timestamp,key,value,headers,sizeBytes,compression");
    expect(lines[1]).toBe('0,1,2026-11-21T12:00:01.000Z,k1,"say ""hi"", then\nleave","[[""trace"",""a,b""]]",30,none');
    expect(lines[2]).toContain(`,,base64:${Buffer.from([0xff, 0x00, 0xfe]).toString("base64")},`);
    expect(lines[5]).toBe("");
  });
});
