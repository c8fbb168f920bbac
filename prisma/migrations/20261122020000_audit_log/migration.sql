-- The audit log: every change made through the console (and its failures), and a per-cluster
-- read-only flag.
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "atMs" BIGINT NOT NULL,
    "actor" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "parameters" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "outcome" TEXT NOT NULL,
    "error" TEXT
);
CREATE INDEX "AuditEntry_clusterId_atMs_idx" ON "AuditEntry"("clusterId", "atMs");
ALTER TABLE "Cluster" ADD COLUMN "readOnly" BOOLEAN NOT NULL DEFAULT false;
