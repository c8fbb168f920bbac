"use client";

import { useId, type ReactNode } from "react";
import { useModal } from "@/components/ui/use-modal";

/**
 * A modal for one group action: the native <dialog> opened with showModal(), so focus stays inside
 * (the page behind is inert) and Escape closes it, except while a change is in flight. The body is
 * the caller's form; `onClose` runs however it closes.
 */
export default function ActionDialog({
  open,
  title,
  busy = false,
  onClose,
  children,
  testId,
}: {
  open: boolean;
  title: string;
  busy?: boolean;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useModal(open);
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      onCancel={(e) => {
        if (busy) e.preventDefault();
      }}
      className="m-auto max-h-[92vh] w-[min(56rem,94vw)] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      {open ? (
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

/** The failure of the last attempt, inside a dialog. */
export function DialogError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      data-testid="action-error"
      className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100"
    >
      {message}
    </p>
  );
}
