/** Previous / next for server-side pages, with where we are. */
export default function Pager({
  page,
  pages,
  total,
  noun,
  onPage,
}: {
  page: number;
  pages: number;
  total: number;
  noun: string;
  onPage: (page: number) => void;
}) {
  const button =
    "rounded border border-slate-300 px-2 py-1 disabled:opacity-40 dark:border-slate-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-500";
  return (
    <nav aria-label="Pages" className="flex items-center gap-2 text-sm">
      <button type="button" className={button} disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span data-testid="pager-status">
        Page {page} of {pages} · {total.toLocaleString("en-US")} {noun}
      </span>
      <button type="button" className={button} disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
