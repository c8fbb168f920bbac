import { EMBEDDED_CLUSTER_ID, embeddedBootstrapServers, type PierConfig } from "../config/env";
import type { Db } from "./client";
import { deleteClusterHistory } from "./lag-history";

export type SecurityProtocol = "PLAINTEXT" | "SSL" | "SASL_PLAINTEXT" | "SASL_SSL";
export type SaslMechanism = "PLAIN" | "SCRAM-SHA-256" | "SCRAM-SHA-512";

/** How the console connects to a cluster; the password is never part of a ClusterRecord. */
export interface ClusterSecurity {
  securityProtocol: SecurityProtocol;
  saslMechanism: SaslMechanism | null;
  saslUsername: string | null;
  /** Whether a SASL password is stored (its value never leaves the server). */
  hasSaslPassword: boolean;
  tlsCa: string | null;
  tlsRejectUnauthorized: boolean;
}

/** A registered cluster as the console shows it. */
export interface ClusterRecord {
  id: string;
  name: string;
  bootstrapServers: string[];
  kind: "embedded" | "external";
  /** "config": the embedded cluster or a PIER_CLUSTERS entry (edit the environment); "ui": registered in the console. */
  managedBy: "config" | "ui";
  security: ClusterSecurity;
  /** Mutating actions are off for this cluster (PIER_READ_ONLY=1 turns them off for every cluster). */
  readOnly: boolean;
  createdAt: Date;
}

interface ClusterRow {
  id: string;
  name: string;
  bootstrapServers: string;
  kind: string;
  managedBy: string;
  securityProtocol: string;
  saslMechanism: string | null;
  saslUsername: string | null;
  saslPassword: string | null;
  tlsCa: string | null;
  tlsRejectUnauthorized: boolean;
  readOnly: boolean;
  createdAt: Date;
}

const SECURITY_PROTOCOLS: readonly string[] = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"];
const SASL_MECHANISMS: readonly string[] = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"];

function toRecord(row: ClusterRow): ClusterRecord {
  return {
    id: row.id,
    name: row.name,
    bootstrapServers: row.bootstrapServers.split(",").filter((s) => s !== ""),
    kind: row.kind === "embedded" ? "embedded" : "external",
    managedBy: row.managedBy === "ui" ? "ui" : "config",
    security: {
      securityProtocol: (SECURITY_PROTOCOLS.includes(row.securityProtocol)
        ? row.securityProtocol
        : "PLAINTEXT") as SecurityProtocol,
      saslMechanism:
        row.saslMechanism && SASL_MECHANISMS.includes(row.saslMechanism) ? (row.saslMechanism as SaslMechanism) : null,
      saslUsername: row.saslUsername,
      hasSaslPassword: row.saslPassword !== null && row.saslPassword !== "",
      tlsCa: row.tlsCa,
      tlsRejectUnauthorized: row.tlsRejectUnauthorized,
    },
    readOnly: row.readOnly,
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
      update: { bootstrapServers: servers, managedBy: "config" },
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

/** What the console needs to connect: the record plus the stored SASL password. */
export async function getClusterWithSecret(
  db: Db,
  id: string,
): Promise<{ record: ClusterRecord; saslPassword: string | null } | undefined> {
  const row = await db.cluster.findUnique({ where: { id } });
  return row ? { record: toRecord(row), saslPassword: row.saslPassword } : undefined;
}

/** A cluster registered (or edited) in the console. */
export interface ClusterInput {
  name: string;
  bootstrapServers: string[];
  securityProtocol: SecurityProtocol;
  saslMechanism?: SaslMechanism | null;
  saslUsername?: string | null;
  /** undefined keeps the stored password (edits); null or "" clears it. */
  saslPassword?: string | null;
  tlsCa?: string | null;
  tlsRejectUnauthorized?: boolean;
  /** undefined keeps the stored flag (edits); a new cluster defaults to false. */
  readOnly?: boolean;
}

export class ClusterConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClusterConflictError";
  }
}

function securityColumns(input: ClusterInput) {
  const sasl = input.securityProtocol === "SASL_PLAINTEXT" || input.securityProtocol === "SASL_SSL";
  const tls = input.securityProtocol === "SSL" || input.securityProtocol === "SASL_SSL";
  return {
    securityProtocol: input.securityProtocol,
    saslMechanism: sasl ? (input.saslMechanism ?? "PLAIN") : null,
    saslUsername: sasl ? (input.saslUsername ?? null) : null,
    ...(input.saslPassword !== undefined || !sasl ? { saslPassword: sasl ? input.saslPassword || null : null } : {}),
    tlsCa: tls ? input.tlsCa || null : null,
    tlsRejectUnauthorized: tls ? (input.tlsRejectUnauthorized ?? true) : true,
  };
}

/** Registers a cluster under its name as id; a taken name or id is a ClusterConflictError. */
export async function createCluster(db: Db, input: ClusterInput): Promise<ClusterRecord> {
  const taken = await db.cluster.findFirst({ where: { OR: [{ id: input.name }, { name: input.name }] } });
  if (taken) throw new ClusterConflictError(`A cluster named "${input.name}" is already registered.`);
  const row = await db.cluster.create({
    data: {
      id: input.name,
      name: input.name,
      bootstrapServers: input.bootstrapServers.join(","),
      kind: "external",
      managedBy: "ui",
      readOnly: input.readOnly ?? false,
      ...securityColumns(input),
    },
  });
  return toRecord(row);
}

/** Edits a console-registered cluster (its id stays; its name may change). */
export async function updateCluster(db: Db, id: string, input: ClusterInput): Promise<ClusterRecord> {
  const clash = await db.cluster.findFirst({ where: { name: input.name, NOT: { id } } });
  if (clash) throw new ClusterConflictError(`A cluster named "${input.name}" is already registered.`);
  const row = await db.cluster.update({
    where: { id },
    data: {
      name: input.name,
      bootstrapServers: input.bootstrapServers.join(","),
      ...(input.readOnly !== undefined ? { readOnly: input.readOnly } : {}),
      ...securityColumns(input),
    },
  });
  return toRecord(row);
}

/**
 * Turns a cluster's mutating actions off or on. Any registered cluster, the embedded one and
 * PIER_CLUSTERS entries included: the flag is the console's own setting, not the connection's.
 */
export async function setClusterReadOnly(db: Db, id: string, readOnly: boolean): Promise<ClusterRecord> {
  return toRecord(await db.cluster.update({ where: { id }, data: { readOnly } }));
}

/**
 * Removes a cluster and the console's own records of it (lag history, lag alerts): a cluster
 * registered later under the same id must not inherit another cluster's history.
 */
export async function deleteCluster(db: Db, id: string): Promise<void> {
  await db.cluster.delete({ where: { id } });
  await db.lagAlert.deleteMany({ where: { clusterId: id } });
  await deleteClusterHistory(db, id);
}
