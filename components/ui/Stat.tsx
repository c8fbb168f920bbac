import type { ReactNode } from "react";

/** One figure on a dashboard: label above, value below, a tone for figures that signal trouble. */
export default function Stat({
  label,
  children,
  tone = "neutral",
  testId,
}: {
  label: string;
  children: ReactNode;
  tone?: "neutral" | "good" | "warning" | "critical";
  testId?: string;
}) {
  const tones = {
    neutral: "",
    good: "text-emerald-700 dark:text-emerald-300",
    warning: "text-amber-700 dark:text-amber-300",
    critical: "text-red-700 dark:text-red-300",
  };
  return (
    <div
      className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      data-testid={testId}
    >
      <dt className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className={`mt-1 text-xl font-semibold ${tones[tone]}`}>{children}</dd>
    </div>
  );
}
