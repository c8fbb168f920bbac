"use client";

import type { EncodedBytes } from "@/lib/admin/index";
import { formatBytes } from "../ui/format";
import { asHex, asInteger, asText, bytesOf, resolveFormat, VIEW_FORMATS, type ViewFormat } from "./bytes-format";
import JsonTree from "./JsonTree";

/** One key, value or header value in the chosen format, with its size and a note when cut for display. */
export default function BytesView({
  label,
  encoded,
  format,
  onFormat,
}: {
  label: string;
  encoded: EncodedBytes | null;
  format: ViewFormat;
  onFormat: (format: ViewFormat) => void;
}) {
  if (encoded === null) {
    return (
      <div>
        <h3 className="text-sm font-semibold">{label}</h3>
        <p className="font-mono text-sm text-slate-500">null{label === "Value" ? " (tombstone)" : ""}</p>
      </div>
    );
  }
  const shown = resolveFormat(encoded, format);
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold">{label}</h3>
        <span className="text-xs text-slate-500" title={`${encoded.size} bytes`}>
          {formatBytes(encoded.size)} · detected {encoded.format}
        </span>
        <label className="ml-auto text-xs">
          <span className="sr-only">{label} format</span>
          <select
            value={format}
            onChange={(e) => onFormat(e.target.value as ViewFormat)}
            className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-700 dark:bg-slate-900"
          >
            {VIEW_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div
        data-testid={`${label.toLowerCase()}-view`}
        className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-900"
      >
        <Rendered encoded={encoded} format={shown} />
      </div>
      {encoded.truncated ? (
        <p className="mt-1 text-xs text-amber-700 dark:text-amber-300">
          Showing the first {formatBytes(atob(encoded.base64).length)} of {formatBytes(encoded.size)}.
        </p>
      ) : null}
    </div>
  );
}

function Rendered({ encoded, format }: { encoded: EncodedBytes; format: Exclude<ViewFormat, "auto"> }) {
  const bytes = bytesOf(encoded);
  switch (format) {
    case "json":
      try {
        return <JsonTree value={JSON.parse(asText(bytes))} />;
      } catch {
        return (
          <span className="text-amber-700 dark:text-amber-300">
            Not valid JSON{encoded.truncated ? " (the preview is cut)" : ""}.
          </span>
        );
      }
    case "text":
      return <>{asText(bytes)}</>;
    case "hex":
      return <>{asHex(bytes)}</>;
    case "base64":
      return <>{encoded.base64}</>;
    case "int":
      return <>{asInteger(bytes) ?? `Not a 1, 2, 4 or 8-byte number (${bytes.length} bytes).`}</>;
  }
}
