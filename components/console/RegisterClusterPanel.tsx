"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import ClusterForm from "./ClusterForm";

/**
 * The home page's way to register an external cluster: collapsed behind a button when clusters
 * exist, open when there are none (registering is then the only thing to do).
 */
export default function RegisterClusterPanel({ startOpen }: { startOpen: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(startOpen);
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-teal-500 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Register a cluster
      </button>
    );
  }
  return (
    <section className="space-y-2" aria-label="Register a cluster">
      <h2 className="text-lg font-semibold">Register a cluster</h2>
      <ClusterForm onSaved={(c) => router.push(`/clusters/${encodeURIComponent(c.id)}`)} />
    </section>
  );
}
