"use client";

/**
 * Pretty, collapsible JSON: objects and arrays are <details> elements (open to depth 2), so they
 * fold with the keyboard and need no script of their own. Values are rendered as text, never HTML.
 */
const OPEN_DEPTH = 2;

export default function JsonTree({ value, depth = 0, name }: { value: unknown; depth?: number; name?: string }) {
  const label =
    name !== undefined ? <span className="text-sky-800 dark:text-sky-300">{JSON.stringify(name)}: </span> : null;
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    return (
      <details open={depth < OPEN_DEPTH} className="pl-3">
        <summary className="-ml-3 cursor-pointer">
          {label}
          {open}
          <span className="text-slate-400">
            {" "}
            {entries.length} {Array.isArray(value) ? "items" : "keys"}{" "}
          </span>
          {close}
        </summary>
        {entries.map(([k, v]) => (
          <JsonTree key={k} value={v} depth={depth + 1} name={Array.isArray(value) ? undefined : k} />
        ))}
      </details>
    );
  }
  const color =
    typeof value === "string"
      ? "text-emerald-800 dark:text-emerald-300"
      : typeof value === "number"
        ? "text-violet-800 dark:text-violet-300"
        : "text-amber-800 dark:text-amber-300";
  return (
    <div className="pl-3">
      {label}
      <span className={color}>{JSON.stringify(value)}</span>
    </div>
  );
}
