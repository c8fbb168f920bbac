import {
  compressionOf,
  CompressionType,
  TIMESTAMP_TYPE_MASK,
  TRANSACTIONAL_MASK,
  type BatchHeader,
  type KafkaRecord,
} from "../../protocol";
import type { ScannedRecord } from "./filter/evaluate";

/**
 * What the browser receives for one record. Bytes travel as base64 of at most `maxBytes` (the
 * rest is left on the server: `truncated` says so and the full value is one request away), with
 * the format detected on the full prefix so the UI can pick a sensible default view.
 */
export const VALUE_PREVIEW_BYTES_DEFAULT = 16 * 1024;
/** The most a single record's field may carry to the browser, even when asked for in full. */
export const VALUE_FULL_BYTES_MAX = 8 * 1024 * 1024;

export type BytesFormat = "json" | "text" | "binary";
export const COMPRESSION_NAMES = ["none", "gzip", "snappy", "lz4", "zstd"] as const;
export type CompressionName = (typeof COMPRESSION_NAMES)[number];

export interface EncodedBytes {
  /** Full size on the broker. */
  size: number;
  /** base64 of the first min(size, maxBytes) bytes. */
  base64: string;
  truncated: boolean;
  format: BytesFormat;
}

export interface MessageRecord {
  partition: number;
  offset: number;
  /** Epoch ms. */
  timestamp: number;
  timestampType: "CreateTime" | "LogAppendTime";
  key: EncodedBytes | null;
  value: EncodedBytes | null;
  headers: { key: string; value: EncodedBytes | null }[];
  /** Key + value + header bytes (the record's payload, before batch compression). */
  sizeBytes: number;
  compression: CompressionName;
  /** The batch's producer id, -1 when not idempotent. */
  producerId: number;
  transactional: boolean;
}

/** A decoded record with its batch context: what the scan loop filters and the page keeps. */
export interface ReadRecord extends ScannedRecord {
  timestampType: "CreateTime" | "LogAppendTime";
  compression: CompressionName;
  producerId: number;
  transactional: boolean;
}

export function readRecordOf(partition: number, batch: BatchHeader, record: KafkaRecord): ReadRecord {
  const logAppend = (batch.attributes & TIMESTAMP_TYPE_MASK) !== 0;
  let sizeBytes = (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const h of record.headers) sizeBytes += h.key.length + (h.value?.length ?? 0);
  return {
    partition,
    offset: Number(batch.baseOffset) + record.offsetDelta,
    timestamp: Number(logAppend ? batch.maxTimestamp : batch.baseTimestamp + record.timestampDelta),
    timestampType: logAppend ? "LogAppendTime" : "CreateTime",
    key: record.key,
    value: record.value,
    headers: record.headers,
    sizeBytes,
    compression: COMPRESSION_NAMES[compressionOf(batch.attributes)] ?? "none",
    producerId: Number(batch.producerId),
    transactional: (batch.attributes & TRANSACTIONAL_MASK) !== 0,
  };
}

export function toMessageRecord(r: ReadRecord, maxBytes = VALUE_PREVIEW_BYTES_DEFAULT): MessageRecord {
  return {
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    timestampType: r.timestampType,
    key: encodeBytes(r.key, maxBytes),
    value: encodeBytes(r.value, maxBytes),
    headers: r.headers.map((h) => ({ key: h.key, value: encodeBytes(h.value, maxBytes) })),
    sizeBytes: r.sizeBytes,
    compression: r.compression,
    producerId: r.producerId,
    transactional: r.transactional,
  };
}

export function encodeBytes(bytes: Buffer | null, maxBytes: number): EncodedBytes | null {
  if (bytes === null) return null;
  const shown = bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
  return {
    size: bytes.length,
    base64: shown.toString("base64"),
    truncated: shown.length < bytes.length,
    format: detectFormat(shown, shown.length < bytes.length),
  };
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
/** C0 controls other than tab, newline and carriage return (and DEL) mark bytes as binary. */
function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/**
 * json when the bytes parse as a JSON object or array, text when they are UTF-8 without control
 * characters, else binary. A truncated prefix may end inside a character or a JSON document: the
 * broken tail is forgiven (text), never claimed to be JSON.
 */
export function detectFormat(bytes: Buffer, truncated: boolean): BytesFormat {
  let text: string;
  try {
    text = UTF8.decode(truncated ? trimPartialChar(bytes) : bytes);
  } catch {
    return "binary";
  }
  if (hasControlChar(text)) return "binary";
  const first = text.trimStart()[0];
  if (!truncated && (first === "{" || first === "[")) {
    try {
      JSON.parse(text);
      return "json";
    } catch {
      return "text";
    }
  }
  return "text";
}

/** Drops an incomplete UTF-8 sequence at the end of a cut buffer. */
function trimPartialChar(bytes: Buffer): Buffer {
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > back) end -= back;
    break;
  }
  return bytes.subarray(0, end);
}

export const COMPRESSION_TYPES: Record<CompressionName, CompressionType> = {
  none: CompressionType.None,
  gzip: CompressionType.Gzip,
  snappy: CompressionType.Snappy,
  lz4: CompressionType.Lz4,
  zstd: CompressionType.Zstd,
};
