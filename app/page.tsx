import Link from "next/link";
import Brand from "@/components/shell/Brand";
import RegisterClusterPanel from "@/components/console/RegisterClusterPanel";
import EmptyState from "@/components/ui/EmptyState";
import KindBadge from "@/components/ui/KindBadge";
import { getConsoleContext } from "@/lib/console/context";
import { listClusters } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

/** Home: every registered cluster, the embedded one first. */
export default async function HomePage() {
  const { db, config } = await getConsoleContext();
  const clusters = await listClusters(db);
  return (
    <div className="mx-auto max-w-4xl px-6 py-8">
      <header className="mb-8 flex items-center justify-between">
        <Brand />
      </header>
      <h1 className="mb-4 text-2xl font-semibold">Clusters</h1>
      {config.readOnly ? (
        <p role="status" className="mb-4 text-sm text-amber-800 dark:text-amber-200">
          Read-only: the console runs with PIER_READ_ONLY=1, so every change is turned off.
        </p>
      ) : null}
      {clusters.length === 0 ? (
        <EmptyState title="No clusters registered">
          <p>
            Start Pier with <code>PIER_EMBEDDED=1</code> (the default) to get the built-in cluster, or list your own
            clusters in <code>PIER_CLUSTERS</code>, e.g. <code>PIER_CLUSTERS=prod=kafka1:9092,kafka2:9092</code>, or
            register one below.
          </p>
        </EmptyState>
      ) : (
        <table className="w-full border-collapse text-left text-sm" aria-label="Registered clusters">
          <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th className="py-2 pr-4 font-medium">Name</th>
              <th className="py-2 pr-4 font-medium">Kind</th>
              <th className="py-2 font-medium">Bootstrap servers</th>
            </tr>
          </thead>
          <tbody>
            {clusters.map((cluster) => (
              <tr key={cluster.id} className="border-b border-slate-100 dark:border-slate-900">
                <td className="py-2 pr-4">
                  <Link
                    href={`/clusters/${encodeURIComponent(cluster.id)}`}
                    className="font-medium text-teal-700 hover:underline dark:text-teal-300"
                  >
                    {cluster.name}
                  </Link>
                </td>
                <td className="py-2 pr-4">
                  <KindBadge kind={cluster.kind} />
                  {config.readOnly || cluster.readOnly ? (
                    <span
                      title={config.readOnly ? "PIER_READ_ONLY=1: changes are off" : "Marked read-only in its settings"}
                      className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900 dark:bg-amber-900/50 dark:text-amber-100"
                    >
                      read-only
                    </span>
                  ) : null}
                </td>
                <td className="py-2 font-mono text-xs">{cluster.bootstrapServers.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {config.readOnly ? null : (
        <div className="mt-8">
          <RegisterClusterPanel startOpen={clusters.length === 0} />
        </div>
      )}
    </div>
  );
}
