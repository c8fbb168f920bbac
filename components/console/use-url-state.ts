"use client";

import { useCallback, useEffect, useState } from "react";

/**
 * List state (search, sort, page) mirrored in the address bar with history.replaceState, so a
 * reload or a shared link shows the same page without a server round trip per keystroke.
 */
export function useUrlState<T extends Record<string, string>>(initial: T): [T, (patch: Partial<T>) => void] {
  const [state, setState] = useState<T>(initial);
  const update = useCallback((patch: Partial<T>) => {
    setState((previous) => {
      const next = { ...previous, ...patch } as T;
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(next)) if (v !== "") params.set(k, v);
      const query = params.toString();
      window.history.replaceState(window.history.state, "", query ? `?${query}` : window.location.pathname);
      return next;
    });
  }, []);
  return [state, update];
}

/** `value`, once it has stopped changing for `delayMs` (search boxes ask the server once per pause). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
