import type { Metadata } from "next";
import AuditView from "@/components/audit/AuditView";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/** /clusters/{id}/audit: every change made through the console on this cluster. */
export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
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
          action: one(s.action),
          target: one(s.target),
          exactTarget: one(s.exactTarget),
          actor: one(s.actor),
          outcome: one(s.outcome),
          since: one(s.since),
          until: one(s.until),
        }}
      />
    </section>
  );
}
