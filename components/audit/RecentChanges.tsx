"use client";

import Link from "next/link";
import type { AuditEntry } from "@/lib/db/audit-log";
import { clusterHref } from "../console/links";
import { apiPath, useApi } from "../console/use-api";
import { ErrorPanel, Loading } from "../ui/States";
import AuditEntryRows from "./AuditEntryRows";

/** The latest audit entries of one target (e.g. "topic:orders"), shown next to its actions. */
export const RECENT_CHANGES_ENTRIES = 10;

export default function RecentChanges({ clusterId, target }: { clusterId: string; target: string }) {
  const query = new URLSearchParams({ exactTarget: target, limit: String(RECENT_CHANGES_ENTRIES) });
  const { data, error, isPending } = useApi<{ entries: AuditEntry[] }>(`${apiPath(clusterId, "audit")}?${query}`);
  return (
    <section aria-label="Recent changes">
      <h2 className="mb-2 text-lg font-semibold">Recent changes made in the console</h2>
      {isPending ? (
        <Loading what="recent changes" />
      ) : error ? (
        <ErrorPanel title="The audit log could not be read" code={error.code} message={error.message} />
      ) : data.entries.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          No change to it was made through this console. Changes made with other tools are not recorded here.
        </p>
      ) : (
        <AuditEntryRows entries={data.entries} label="Recent changes" />
      )}
      <Link
        href={`${clusterHref(clusterId, "audit")}?${new URLSearchParams({ exactTarget: target })}`}
        className="mt-1 inline-block text-sm text-teal-700 underline dark:text-teal-300"
      >
        Full audit log
      </Link>
    </section>
  );
}
