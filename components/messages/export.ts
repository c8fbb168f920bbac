import type { MessageRecord } from "@/lib/admin/index";
import { exportField } from "./bytes-format";

/**
 * Export of the records on screen (what was loaded, never more) as JSON, NDJSON or CSV. Text
 * values are written as text; binary ones as base64; a value cut for display says so
 * (`truncated`), since export never silently passes a preview off as the whole value.
 */
export const EXPORT_FORMATS = ["json", "ndjson", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function plain(r: MessageRecord) {
  return {
    partition: r.partition,
    offset: r.offset,
    timestamp: new Date(r.timestamp).toISOString(),
    timestampType: r.timestampType,
    key: exportField(r.key),
    value: exportField(r.value),
    headers: r.headers.map((h) => ({ key: h.key, value: exportField(h.value) })),
    sizeBytes: r.sizeBytes,
    compression: r.compression,
  };
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function fieldText(field: ReturnType<typeof exportField>): string {
  if (field === null) return "";
  return field.text ?? `base64:${field.base64}`;
}

export function exportRecords(records: MessageRecord[], format: ExportFormat): string {
  const rows = records.map(plain);
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === "ndjson") return rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
  const header = ["partition", "offset", "timestamp", "key", "value", "headers", "sizeBytes", "compression"];
  const lines = rows.map((r) =>
    [
      String(r.partition),
      String(r.offset),
      r.timestamp,
      fieldText(r.key),
      fieldText(r.value),
      JSON.stringify(r.headers.map((h) => [h.key, fieldText(h.value)])),
      String(r.sizeBytes),
      r.compression,
    ]
      .map(csvCell)
      .join(","),
  );
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

export function downloadRecords(records: MessageRecord[], format: ExportFormat, baseName: string): void {
  const type = format === "csv" ? "text/csv" : format === "json" ? "application/json" : "application/x-ndjson";
  const url = URL.createObjectURL(new Blob([exportRecords(records, format)], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${baseName}.${format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
