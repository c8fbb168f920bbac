"use client";

import type { ReactNode } from "react";
import { useModal } from "@/components/ui/use-modal";

/**
 * A modal confirmation for a cluster action: the native <dialog> shown with showModal(), so focus
 * is trapped inside, the page behind is inert and Escape closes it. The confirm button names the
 * action; `error` shows why the last attempt failed without closing.
 */
export default function ConfirmDialog({
  open,
  title,
  confirmLabel,
  destructive = false,
  busy = false,
  error,
  onConfirm,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  destructive?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useModal(open);
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-dialog-title"
      onClose={onClose}
      onCancel={(e) => {
        if (busy) e.preventDefault();
      }}
      className="m-auto w-[min(42rem,92vw)] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <form
        method="dialog"
        className="space-y-3 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) onConfirm();
        }}
      >
        <h2 id="confirm-dialog-title" className="text-lg font-semibold">
          {title}
        </h2>
        <div className="max-h-[60vh] overflow-auto text-sm">{children}</div>
        {error ? (
          <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950/60 dark:text-red-200">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button
            type="button"
            onClick={onClose}
            disabled={busy}
            className="rounded border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-600"
          >
            Cancel
          </button>
          <button
            type="submit"
            autoFocus
            disabled={busy}
            className={`rounded px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 ${
              destructive ? "bg-red-700 hover:bg-red-800" : "bg-teal-700 hover:bg-teal-800"
            }`}
          >
            {busy ? "Working…" : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
