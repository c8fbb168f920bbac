-- Lag and throughput history (lib/db/lag-history.ts) and per-group lag alerts (lib/db/lag-alerts.ts).
-- History tables are WITHOUT ROWID: the primary key is the only copy of the key columns, which keeps
-- the database about a third smaller at 1,000 groups (README, "Lag history").
CREATE TABLE "SampleRound" (
    "clusterId" TEXT NOT NULL,
    "atMs" BIGINT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "groups" INTEGER NOT NULL,
    "partitions" INTEGER NOT NULL,
    "error" TEXT,
    PRIMARY KEY ("clusterId", "atMs")
) WITHOUT ROWID;

CREATE TABLE "LagPoint" (
    "clusterId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "resolutionS" INTEGER NOT NULL,
    "bucketMs" BIGINT NOT NULL,
    "samples" INTEGER NOT NULL,
    "lagMin" REAL NOT NULL,
    "lagMax" REAL NOT NULL,
    "lagSum" REAL NOT NULL,
    "lagLast" REAL NOT NULL,
    "committedLast" REAL NOT NULL,
    "timeLagMin" REAL,
    "timeLagMax" REAL,
    "timeLagSum" REAL,
    "timeLagSamples" INTEGER NOT NULL DEFAULT 0,
    "timeLagLast" REAL,
    PRIMARY KEY ("clusterId", "groupId", "topic", "partition", "resolutionS", "bucketMs")
) WITHOUT ROWID;
CREATE INDEX "LagPoint_clusterId_resolutionS_bucketMs_idx" ON "LagPoint"("clusterId", "resolutionS", "bucketMs");

CREATE TABLE "OffsetPoint" (
    "clusterId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "resolutionS" INTEGER NOT NULL,
    "bucketMs" BIGINT NOT NULL,
    "samples" INTEGER NOT NULL,
    "endOffsetLast" REAL NOT NULL,
    PRIMARY KEY ("clusterId", "topic", "partition", "resolutionS", "bucketMs")
) WITHOUT ROWID;
CREATE INDEX "OffsetPoint_clusterId_resolutionS_bucketMs_idx" ON "OffsetPoint"("clusterId", "resolutionS", "bucketMs");

CREATE TABLE "BrokerPoint" (
    "clusterId" TEXT NOT NULL,
    "brokerId" INTEGER NOT NULL,
    "resolutionS" INTEGER NOT NULL,
    "bucketMs" BIGINT NOT NULL,
    "samples" INTEGER NOT NULL,
    "leadersMin" INTEGER NOT NULL,
    "leadersMax" INTEGER NOT NULL,
    "leadersSum" INTEGER NOT NULL,
    "leadersLast" INTEGER NOT NULL,
    PRIMARY KEY ("clusterId", "brokerId", "resolutionS", "bucketMs")
) WITHOUT ROWID;
CREATE INDEX "BrokerPoint_clusterId_resolutionS_bucketMs_idx" ON "BrokerPoint"("clusterId", "resolutionS", "bucketMs");

CREATE TABLE "LagAlert" (
    "clusterId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "maxLag" REAL,
    "maxTimeLagMs" REAL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("clusterId", "groupId")
);
