"use client";

import { useEffect, useRef } from "react";

/**
 * Keeps a native <dialog> in step with `open`: showModal() when it opens (the rest of the page turns
 * inert, so focus stays inside, and Escape cancels it), close() when it closes. With `restoreFocus`,
 * focus goes back to whatever had it before opening.
 */
export function useModal(open: boolean, restoreFocus = false) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = restoreFocus ? (document.activeElement as HTMLElement | null) : null;
      dialog.showModal();
      if (opener) return () => opener.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, restoreFocus]);
  return ref;
}
