import { notFound } from "next/navigation";
import OverviewView from "@/components/console/OverviewView";
import KindBadge from "@/components/ui/KindBadge";
import { getConsoleContext } from "@/lib/console/context";
import { getCluster } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

/** A cluster's overview: how to reach it, then its live health figures and problems. */
export default async function ClusterOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db } = await getConsoleContext();
  const cluster = await getCluster(db, id);
  if (!cluster) notFound();
  return (
    <section>
      <div className="mb-2 flex items-center gap-3">
        <h1 className="text-2xl font-semibold">{cluster.name}</h1>
        <KindBadge kind={cluster.kind} />
      </div>
      <p className="mb-6 text-sm text-slate-500 dark:text-slate-400">
        Bootstrap servers{" "}
        <span className="font-mono text-xs text-slate-700 dark:text-slate-300" data-testid="bootstrap-servers">
          {cluster.bootstrapServers.join(", ")}
        </span>
      </p>
      <OverviewView clusterId={cluster.id} />
    </section>
  );
}
