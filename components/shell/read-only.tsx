"use client";

import { createContext, useContext, type ReactNode } from "react";

/**
 * The read-only state of the cluster being viewed, provided once by the cluster layout so that
 * every action button can be disabled with the reason (PIER_READ_ONLY=1, or the cluster's flag).
 * The API refuses the same calls; this only keeps the UI honest about it.
 */
export interface ReadOnlyInfo {
  readOnly: boolean;
  source: "environment" | "cluster" | null;
  reason: string | null;
}

const WRITABLE: ReadOnlyInfo = { readOnly: false, source: null, reason: null };
const ReadOnlyContext = createContext<ReadOnlyInfo>(WRITABLE);

export function ReadOnlyProvider({ value, children }: { value: ReadOnlyInfo; children: ReactNode }) {
  return <ReadOnlyContext.Provider value={value}>{children}</ReadOnlyContext.Provider>;
}

export function useReadOnly(): ReadOnlyInfo {
  return useContext(ReadOnlyContext);
}
