"use client";

import { TIME_RANGES } from "./time-range";

/** A row of toggle buttons (a radio group for screen readers; Tab reaches each, Enter/Space picks). */
export default function TimeRangePicker({ value, onChange }: { value: string; onChange: (key: string) => void }) {
  return (
    <div role="radiogroup" aria-label="Time range" className="inline-flex flex-wrap gap-1" data-testid="time-range">
      {TIME_RANGES.map((r) => (
        <button
          key={r.key}
          type="button"
          role="radio"
          aria-checked={value === r.key}
          onClick={() => onChange(r.key)}
          className={`rounded-md border px-2 py-1 text-xs focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-500 ${
            value === r.key
              ? "border-teal-600 bg-teal-600 text-white dark:border-teal-400 dark:bg-teal-500 dark:text-slate-950"
              : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"
          }`}
        >
          {r.label}
        </button>
      ))}
    </div>
  );
}
