import { notFound } from "next/navigation";
import KindBadge from "@/components/ui/KindBadge";
import { getConsoleContext } from "@/lib/console/context";
import { getCluster } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

/** A cluster's overview. For now: how to reach it; live broker and topic figures come with the views. */
export default async function ClusterOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db } = await getConsoleContext();
  const cluster = await getCluster(db, id);
  if (!cluster) notFound();
  return (
    <section>
      <div className="mb-6 flex items-center gap-3">
        <h1 className="text-2xl font-semibold">{cluster.name}</h1>
        <KindBadge kind={cluster.kind} />
      </div>
      <dl className="grid max-w-2xl grid-cols-[10rem_1fr] gap-y-2 text-sm">
        <dt className="text-slate-500 dark:text-slate-400">Bootstrap servers</dt>
        <dd className="font-mono text-xs" data-testid="bootstrap-servers">
          {cluster.bootstrapServers.join(", ")}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Registered</dt>
        <dd>
          <time dateTime={cluster.createdAt.toISOString()}>{cluster.createdAt.toLocaleString("en-GB")}</time>
        </dd>
      </dl>
    </section>
  );
}
