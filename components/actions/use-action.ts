"use client";

import { useState } from "react";
import { failureText } from "./action-api";

/**
 * One action button's state: `busy` while run()'s work is under way (the button is disabled), and
 * `failure`, the message of the last run that threw, cleared when the next one starts.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (e) {
      setFailure(failureText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, run };
}
