import type { Db } from "./client";

/**
 * Per-group lag alerts: a group is "over" when its latest sampled total lag exceeds maxLag or its
 * time lag exceeds maxTimeLagMs (either may be unset, not both). Judged from the lag history's
 * newest sample, so the lists and the overview highlight groups without asking the cluster.
 */
export interface LagAlert {
  groupId: string;
  maxLag: number | null;
  maxTimeLagMs: number | null;
  updatedAt: Date;
}

export interface LagAlertStatus extends LagAlert {
  /** The newest sample of the group (null when none is recent). */
  sampledAtMs: number | null;
  lag: number | null;
  timeLagMs: number | null;
  over: boolean;
}

export async function listLagAlerts(db: Db, clusterId: string): Promise<LagAlert[]> {
  const rows = await db.lagAlert.findMany({ where: { clusterId }, orderBy: { groupId: "asc" } });
  return rows.map(({ groupId, maxLag, maxTimeLagMs, updatedAt }) => ({ groupId, maxLag, maxTimeLagMs, updatedAt }));
}

export async function getLagAlert(db: Db, clusterId: string, groupId: string): Promise<LagAlert | undefined> {
  const row = await db.lagAlert.findUnique({ where: { clusterId_groupId: { clusterId, groupId } } });
  return row ? { groupId, maxLag: row.maxLag, maxTimeLagMs: row.maxTimeLagMs, updatedAt: row.updatedAt } : undefined;
}

export async function setLagAlert(
  db: Db,
  clusterId: string,
  groupId: string,
  thresholds: { maxLag: number | null; maxTimeLagMs: number | null },
): Promise<LagAlert> {
  const data = { ...thresholds, updatedAt: new Date() };
  const row = await db.lagAlert.upsert({
    where: { clusterId_groupId: { clusterId, groupId } },
    create: { clusterId, groupId, ...data },
    update: data,
  });
  return { groupId, maxLag: row.maxLag, maxTimeLagMs: row.maxTimeLagMs, updatedAt: row.updatedAt };
}

/** true when an alert was deleted. */
export async function deleteLagAlert(db: Db, clusterId: string, groupId: string): Promise<boolean> {
  const { count } = await db.lagAlert.deleteMany({ where: { clusterId, groupId } });
  return count > 0;
}

/** Every alert of a cluster with the group's newest sample no older than `freshMs`, and whether it is over. */
export async function lagAlertStatuses(
  db: Db,
  clusterId: string,
  nowMs: number,
  freshMs: number,
): Promise<LagAlertStatus[]> {
  const alerts = await listLagAlerts(db, clusterId);
  return Promise.all(
    alerts.map(async (alert) => {
      const newest = await db.lagPoint.findFirst({
        where: {
          clusterId,
          groupId: alert.groupId,
          topic: "",
          partition: -1,
          resolutionS: 0,
          bucketMs: { gte: BigInt(nowMs - freshMs) },
        },
        orderBy: { bucketMs: "desc" },
      });
      const lag = newest?.lagLast ?? null;
      const timeLagMs = newest?.timeLagLast ?? null;
      const over =
        (alert.maxLag !== null && lag !== null && lag > alert.maxLag) ||
        (alert.maxTimeLagMs !== null && timeLagMs !== null && timeLagMs > alert.maxTimeLagMs);
      return { ...alert, sampledAtMs: newest ? Number(newest.bucketMs) : null, lag, timeLagMs, over };
    }),
  );
}
