import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import Brand from "@/components/shell/Brand";
import ClusterSwitcher from "@/components/shell/ClusterSwitcher";
import ReadOnlyBanner from "@/components/shell/ReadOnlyBanner";
import { ReadOnlyProvider } from "@/components/shell/read-only";
import Sidebar from "@/components/shell/Sidebar";
import { getConsoleContext } from "@/lib/console/context";
import { readOnlyState } from "@/lib/console/read-only";
import { listClusters } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

/** The console frame of one cluster: header with the cluster switcher, sidebar of sections. */
export default async function ClusterLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const { db, config } = await getConsoleContext();
  const clusters = await listClusters(db);
  const current = clusters.find((cluster) => cluster.id === id);
  if (!current) notFound();
  const readOnly = readOnlyState(config, current);
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-12 items-center justify-between border-b border-slate-200 px-4 dark:border-slate-800">
        <Brand />
        <ClusterSwitcher clusters={clusters.map(({ id: cid, name }) => ({ id: cid, name }))} currentId={id} />
      </header>
      <ReadOnlyBanner clusterId={id} state={readOnly} />
      <div className="flex flex-1">
        <aside className="w-52 shrink-0 border-r border-slate-200 dark:border-slate-800">
          <Sidebar clusterId={id} />
        </aside>
        <main className="min-w-0 flex-1 p-6">
          <ReadOnlyProvider value={readOnly}>{children}</ReadOnlyProvider>
        </main>
      </div>
    </div>
  );
}
