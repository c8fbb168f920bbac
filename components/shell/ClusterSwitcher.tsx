"use client";

import { useRouter } from "next/navigation";

export interface ClusterOption {
  id: string;
  name: string;
}

/** Header control to jump to another registered cluster (a native select: keyboard-friendly). */
export default function ClusterSwitcher({ clusters, currentId }: { clusters: ClusterOption[]; currentId: string }) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-500 dark:text-slate-400">Cluster</span>
      <select
        aria-label="Cluster"
        value={currentId}
        onChange={(event) => router.push(`/clusters/${encodeURIComponent(event.target.value)}`)}
        className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
      >
        {clusters.map((cluster) => (
          <option key={cluster.id} value={cluster.id}>
            {cluster.name}
          </option>
        ))}
      </select>
    </label>
  );
}
