"use client";

import type { ReactNode } from "react";
import { ApiError } from "../../console/use-api";

/**
 * Small pieces the topic action dialogs share: the error panel that shows the API's code and message
 * (the broker's error name and message, and what to do), and the form's buttons.
 */
export function errorText(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: "error", message: error instanceof Error ? error.message : String(error) };
}

export function ActionError({ error }: { error: { code: string; message: string } | null }) {
  if (!error) return null;
  return (
    <div
      role="alert"
      data-testid="action-error"
      data-error-code={error.code}
      className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
    >
      <span className="font-mono text-xs">{error.code}</span>: {error.message}
    </div>
  );
}

export const inputClass =
  "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 disabled:opacity-60";

export function Buttons({ children }: { children: ReactNode }) {
  return <div className="mt-4 flex flex-wrap items-center justify-end gap-2">{children}</div>;
}

export function PrimaryButton({
  children,
  disabled,
  danger = false,
  testId,
}: {
  children: ReactNode;
  disabled?: boolean;
  danger?: boolean;
  testId?: string;
}) {
  return (
    <button
      type="submit"
      disabled={disabled}
      data-testid={testId}
      className={`rounded px-3 py-1 text-sm font-medium text-white disabled:cursor-not-allowed disabled:opacity-50 ${
        danger ? "bg-red-700 hover:bg-red-800" : "bg-teal-700 hover:bg-teal-800"
      }`}
    >
      {children}
    </button>
  );
}

export function SecondaryButton({ children, onClick }: { children: ReactNode; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      {children}
    </button>
  );
}
