import type { ReactNode } from "react";
import EmptyState from "./EmptyState";

/** What a view shows while loading, when its request failed, and when a cluster lacks a feature. */
export function Loading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite" className="animate-pulse py-8 text-sm text-slate-500 dark:text-slate-400">
      Loading {what}…
    </p>
  );
}

const HINTS: Record<string, string> = {
  unreachable:
    "Check that the bootstrap servers are right and that the brokers are running and reachable from the console's host.",
  auth_failed: "Check the cluster's security settings (SASL mechanism, user name, password, TLS certificate).",
  timeout: "The brokers accepted the connection but answered too slowly; they may be overloaded.",
  unsupported: "This cluster does not implement the Kafka API this view needs.",
  not_found: "It may have been deleted, or the address has a typo.",
};

export function ErrorPanel({ title, code, message }: { title: string; code?: string; message: string }) {
  return (
    <div
      role="alert"
      data-error-code={code}
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
    >
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1">{message}</p>
      {code && HINTS[code] ? <p className="mt-1 text-red-800/80 dark:text-red-200/80">{HINTS[code]}</p> : null}
    </div>
  );
}

/** A Feature that is not "ok": says which API is missing or what failed, instead of showing nothing. */
export function FeatureNotice({
  feature,
  what,
}: {
  feature: { status: "unsupported"; api: string; message: string } | { status: "error"; code: string; message: string };
  what: string;
}) {
  return (
    <div
      role="note"
      data-feature-status={feature.status}
      className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <strong>{what} unavailable.</strong> {feature.message}
      {feature.status === "unsupported" ? " Pier shows everything else it can read." : null}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return <EmptyState title={title}>{children}</EmptyState>;
}
