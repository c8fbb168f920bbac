import type { Metadata } from "next";
import { notFound } from "next/navigation";
import ClusterSettingsView from "@/components/console/ClusterSettingsView";
import ReadOnlySwitch from "@/components/shell/ReadOnlySwitch";
import { getConsoleContext } from "@/lib/console/context";
import { getCluster } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connection" };

export default async function SettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db, config } = await getConsoleContext();
  const cluster = await getCluster(db, id);
  if (!cluster) notFound();
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Connection</h1>
      <ReadOnlySwitch clusterId={cluster.id} readOnly={cluster.readOnly} environmentReadOnly={config.readOnly} />
      <ClusterSettingsView cluster={cluster} readOnly={config.readOnly} />
    </section>
  );
}
