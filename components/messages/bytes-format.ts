import type { EncodedBytes, MessageRecord } from "@/lib/admin/index";

/**
 * How the browser shows a record's bytes. The server sends base64 (of at most a preview) and a
 * detected format; every view here is computed from the bytes, so a binary value can never break
 * the page: it is shown as hex or base64, never injected as text.
 */
export const VIEW_FORMATS = ["auto", "text", "json", "hex", "base64", "int"] as const;
export type ViewFormat = (typeof VIEW_FORMATS)[number];
/** Characters of a value shown in a list row. */
export const ROW_PREVIEW_CHARS = 160;

export function bytesOf(encoded: EncodedBytes): Uint8Array {
  const binary = atob(encoded.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const decoder = new TextDecoder("utf-8");

export function asText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function asHex(bytes: Uint8Array, max = Infinity): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length && i < max; i++) parts.push(bytes[i]!.toString(16).padStart(2, "0"));
  return parts.join(" ");
}

/** Big-endian integers for 1, 2, 4 and 8-byte values (Kafka's IntegerSerializer, LongSerializer…). */
export function asInteger(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (bytes.length) {
    case 1:
      return `int8 ${view.getInt8(0)}`;
    case 2:
      return `int16 ${view.getInt16(0)}`;
    case 4:
      return `int32 ${view.getInt32(0)} · float32 ${view.getFloat32(0)}`;
    case 8:
      return `int64 ${view.getBigInt64(0)} · float64 ${view.getFloat64(0)}`;
    default:
      return null;
  }
}

export function resolveFormat(encoded: EncodedBytes, chosen: ViewFormat): Exclude<ViewFormat, "auto"> {
  if (chosen !== "auto") return chosen;
  return encoded.format === "binary" ? "hex" : encoded.format;
}

/** A one-line preview for list rows. */
export function previewOf(encoded: EncodedBytes | null): string {
  if (encoded === null) return "null";
  const bytes = bytesOf(encoded);
  if (encoded.format === "binary") return `0x${asHex(bytes, 48).replaceAll(" ", "")}${bytes.length > 48 ? "…" : ""}`;
  const text = asText(bytes).replace(/\s+/g, " ");
  return text.length > ROW_PREVIEW_CHARS ? `${text.slice(0, ROW_PREVIEW_CHARS)}…` : text;
}

/** A field as export writes it: text when it is text, else base64. */
export function exportField(encoded: EncodedBytes | null): { text?: string; base64?: string; truncated?: true } | null {
  if (encoded === null) return null;
  const field = encoded.format === "binary" ? { base64: encoded.base64 } : { text: asText(bytesOf(encoded)) };
  return encoded.truncated ? { ...field, truncated: true } : field;
}

export function recordId(record: Pick<MessageRecord, "partition" | "offset">): string {
  return `${record.partition}:${record.offset}`;
}
