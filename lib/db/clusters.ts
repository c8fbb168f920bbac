import { EMBEDDED_CLUSTER_ID, embeddedBootstrapServers, type PierConfig } from "../config/env";
import type { Db } from "./client";

/** A registered cluster as the console shows it. */
export interface ClusterRecord {
  id: string;
  name: string;
  bootstrapServers: string[];
  kind: "embedded" | "external";
  createdAt: Date;
}

interface ClusterRow {
  id: string;
  name: string;
  bootstrapServers: string;
  kind: string;
  createdAt: Date;
}

function toRecord(row: ClusterRow): ClusterRecord {
  return {
    id: row.id,
    name: row.name,
    bootstrapServers: row.bootstrapServers.split(",").filter((s) => s !== ""),
    kind: row.kind === "embedded" ? "embedded" : "external",
    createdAt: row.createdAt,
  };
}

/**
 * Makes the registry match the configuration at start-up: the embedded cluster is registered as
 * `local` while PIER_EMBEDDED=1 (and removed otherwise, since nothing would answer there), and
 * every PIER_CLUSTERS entry is registered under its name as id (bootstrap servers updated if they
 * changed). Clusters registered through the UI are left alone.
 */
export async function syncConfiguredClusters(db: Db, config: PierConfig): Promise<void> {
  if (config.embedded) {
    const servers = embeddedBootstrapServers(config).join(",");
    await db.cluster.upsert({
      where: { id: EMBEDDED_CLUSTER_ID },
      create: { id: EMBEDDED_CLUSTER_ID, name: EMBEDDED_CLUSTER_ID, bootstrapServers: servers, kind: "embedded" },
      update: { bootstrapServers: servers },
    });
  } else {
    await db.cluster.deleteMany({ where: { id: EMBEDDED_CLUSTER_ID } });
  }
  for (const cluster of config.clusters) {
    const servers = cluster.bootstrapServers.join(",");
    await db.cluster.upsert({
      where: { id: cluster.name },
      create: { id: cluster.name, name: cluster.name, bootstrapServers: servers, kind: "external" },
      update: { bootstrapServers: servers },
    });
  }
}

/** Every registered cluster, the embedded one first, then by name. */
export async function listClusters(db: Db): Promise<ClusterRecord[]> {
  const rows = await db.cluster.findMany({ orderBy: { name: "asc" } });
  const records = rows.map(toRecord);
  return [...records.filter((c) => c.kind === "embedded"), ...records.filter((c) => c.kind !== "embedded")];
}

export async function getCluster(db: Db, id: string): Promise<ClusterRecord | undefined> {
  const row = await db.cluster.findUnique({ where: { id } });
  return row ? toRecord(row) : undefined;
}
