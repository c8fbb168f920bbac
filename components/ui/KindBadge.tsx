/** The kind of a registered cluster, as a small label. */
export default function KindBadge({ kind }: { kind: "embedded" | "external" }) {
  const style =
    kind === "embedded"
      ? "bg-teal-100 text-teal-800 dark:bg-teal-900/60 dark:text-teal-200"
      : "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300";
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${style}`}>{kind}</span>;
}
