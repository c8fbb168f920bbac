"use client";

import { apiPath } from "@/components/console/use-api";

/** The path of a group action in the console's REST API (app/api/clusters/[id]/consumer-groups/[group]/**). */
export function groupPath(clusterId: string, groupId: string, ...rest: string[]): string {
  return apiPath(clusterId, "consumer-groups", groupId, ...rest);
}
