import type { Metadata } from "next";
import AuditView from "@/components/audit/AuditView";
import { type SearchParams, searchParam } from "@/components/console/links";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

/** /clusters/{id}/audit: every change made through the console on this cluster. */
export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const s = await searchParams;
  return (
    <section>
      <h1 className="mb-1 text-2xl font-semibold">Audit log</h1>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        Every change made through this console — applied or refused by the cluster — with who, when, the parameters and
        the state before and after. Previews and dry runs change nothing and are not recorded.
      </p>
      <AuditView
        clusterId={id}
        initial={{
          action: searchParam(s.action),
          target: searchParam(s.target),
          exactTarget: searchParam(s.exactTarget),
          actor: searchParam(s.actor),
          outcome: searchParam(s.outcome),
          since: searchParam(s.since),
          until: searchParam(s.until),
        }}
      />
    </section>
  );
}
