"use client";

import type { ReactNode } from "react";
import { useReadOnly } from "../../shell/read-only";

/**
 * The button that opens a mutating action: disabled, with the reason on hover and for screen
 * readers, when the console or the cluster is read-only, or when `blocked` says why not.
 */
export default function ActionButton({
  children,
  onClick,
  blocked,
  danger = false,
  testId,
}: {
  children: ReactNode;
  onClick: () => void;
  /** Why this action is not possible here (e.g. an internal topic); null/undefined = allowed. */
  blocked?: string | null;
  danger?: boolean;
  testId?: string;
}) {
  const { reason } = useReadOnly();
  const why = reason ?? blocked ?? null;
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={why !== null}
      title={why ?? undefined}
      aria-description={why ?? undefined}
      data-testid={testId}
      className={`rounded border px-3 py-1 text-sm disabled:cursor-not-allowed disabled:opacity-50 ${
        danger
          ? "border-red-400 text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950/40"
          : "border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      }`}
    >
      {children}
    </button>
  );
}
