import Link from "next/link";
import type { ReadOnlyInfo } from "./read-only";
import { sectionHref } from "./sections";

/** Shown on every page of a read-only cluster: why changes are off, and where to turn them on. */
export default function ReadOnlyBanner({ clusterId, state }: { clusterId: string; state: ReadOnlyInfo }) {
  if (!state.readOnly) return null;
  return (
    <div
      role="status"
      data-testid="read-only-banner"
      data-read-only-source={state.source ?? ""}
      className="border-b border-amber-300 bg-amber-50 px-4 py-1.5 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      <strong className="mr-1 rounded bg-amber-200 px-1.5 text-xs uppercase tracking-wide dark:bg-amber-800">
        Read-only
      </strong>{" "}
      {state.reason}{" "}
      {state.source === "cluster" ? (
        <Link href={sectionHref(clusterId, "settings")} className="underline">
          Settings
        </Link>
      ) : null}
    </div>
  );
}
