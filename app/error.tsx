"use client";

/** Shown when a page fails on the server: the message, and a retry. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl px-6 py-16">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {error.message || "The server could not render this page."}
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded bg-teal-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-teal-700 focus-visible:ring-2 focus-visible:ring-teal-400"
      >
        Try again
      </button>
    </div>
  );
}
