/** A marker next to a group that is over its lag alert. */
export default function LagAlertBadge({ over }: { over: boolean }) {
  if (!over) return null;
  return (
    <span
      className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900/60 dark:text-amber-100"
      title="Over its lag alert threshold"
      data-testid="lag-alert-badge"
    >
      over alert
    </span>
  );
}
