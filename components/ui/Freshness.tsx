import { formatDuration } from "./format";

/** How old the figures are (the server's snapshot age), and whether the last refresh failed. */
export default function Freshness({
  fetchedAt,
  ageMs,
  refreshError,
}: {
  fetchedAt: string;
  ageMs: number;
  refreshError: string | null;
}) {
  return (
    <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="freshness">
      <time dateTime={fetchedAt} title={new Date(fetchedAt).toLocaleString("en-GB")}>
        Figures {ageMs < 1000 ? "just read" : `${formatDuration(ageMs)} old`}
      </time>
      {refreshError ? (
        <span className="ml-2 text-amber-700 dark:text-amber-300">· last refresh failed: {refreshError}</span>
      ) : null}
    </p>
  );
}
