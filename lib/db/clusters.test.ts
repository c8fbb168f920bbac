import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/env";
import { openDb, type Db } from "./client";
import { createCluster, deleteCluster, getCluster, listClusters, syncConfiguredClusters } from "./clusters";
import { listLagAlerts, setLagAlert } from "./lag-alerts";
import { recordFailedRound } from "./lag-history";
import { listMigrations, migrate } from "./migrate";

describe("the console database", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pier-db-"));
  let db: Db;

  beforeAll(async () => {
    db = await openDb(dir);
  });
  afterAll(async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies every migration once and records it the way Prisma does", async () => {
    const url = `file:${path.join(dir, "console.db")}`;
    const again = await migrate(url);
    expect(again.applied).toEqual([]);
    expect(again.total).toBe(listMigrations().length);
    const rows = await db.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
      `SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(listMigrations());
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  });

  it("registers the embedded cluster as local and PIER_CLUSTERS by name", async () => {
    const config = loadConfig({ PIER_DATA_DIR: dir, PIER_CLUSTERS: "prod=k1:9092,k2:9092", PIER_BROKERS: "2" });
    await syncConfiguredClusters(db, config);
    await syncConfiguredClusters(db, config);
    const clusters = await listClusters(db);
    expect(clusters.map((c) => [c.id, c.kind, c.bootstrapServers])).toEqual([
      ["local", "embedded", ["127.0.0.1:9092", "127.0.0.1:9093"]],
      ["prod", "external", ["k1:9092", "k2:9092"]],
    ]);
    expect((await getCluster(db, "prod"))?.name).toBe("prod");
    expect(await getCluster(db, "nope")).toBeUndefined();
  });

  it("drops the embedded cluster when PIER_EMBEDDED=0", async () => {
    await syncConfiguredClusters(db, loadConfig({ PIER_DATA_DIR: dir, PIER_EMBEDDED: "0" }));
    expect((await listClusters(db)).map((c) => c.id)).toEqual(["prod"]);
  });

  it("removes a cluster's lag history and alerts with it, so a new cluster of that name starts clean", async () => {
    const rounds = () =>
      db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*) AS n FROM "SampleRound" WHERE "clusterId" = 'extra'`);
    await createCluster(db, { name: "extra", bootstrapServers: ["h:1"], securityProtocol: "PLAINTEXT" });
    await recordFailedRound(db, "extra", Date.now(), 5, "no broker answered");
    await setLagAlert(db, "extra", "billing", { maxLag: 10, maxTimeLagMs: null });
    await setLagAlert(db, "prod", "billing", { maxLag: 10, maxTimeLagMs: null });
    expect(Number((await rounds())[0]!.n)).toBe(1);
    await deleteCluster(db, "extra");
    expect(await getCluster(db, "extra")).toBeUndefined();
    expect(Number((await rounds())[0]!.n)).toBe(0);
    expect(await listLagAlerts(db, "extra")).toEqual([]);
    expect(await listLagAlerts(db, "prod")).toHaveLength(1); // another cluster's alert stays
  });
});
