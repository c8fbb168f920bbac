"use client";

import type { LagAlertStatus } from "@/lib/db/lag-alerts";
import { apiPath, useApi } from "../console/use-api";

/** The cluster's lag alerts (polled); `over` is the set of group ids above a threshold. */
export function useLagAlerts(clusterId: string) {
  const { data } = useApi<{ alerts: LagAlertStatus[] }>(apiPath(clusterId, "lag-alerts"));
  const alerts = data?.alerts ?? [];
  return { alerts, over: new Set(alerts.filter((a) => a.over).map((a) => a.groupId)) };
}
