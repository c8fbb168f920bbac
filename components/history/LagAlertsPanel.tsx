"use client";

import Link from "next/link";
import { clusterHref } from "../console/links";
import Num from "../ui/Num";
import { useLagAlerts } from "./use-lag-alerts";

/** The overview's list of groups over their lag alert (nothing when none is). */
export default function LagAlertsPanel({ clusterId }: { clusterId: string }) {
  const { alerts } = useLagAlerts(clusterId);
  const over = alerts.filter((a) => a.over);
  if (over.length === 0) return null;
  return (
    <section
      role="alert"
      aria-label="Groups over their lag alert"
      data-testid="lag-alerts-over"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <h2 className="font-semibold">
        {over.length} consumer group{over.length === 1 ? " is" : "s are"} over the lag alert
      </h2>
      <ul className="mt-1 space-y-0.5">
        {over.map((a) => (
          <li key={a.groupId}>
            <Link className="font-medium underline" href={clusterHref(clusterId, "consumer-groups", a.groupId)}>
              {a.groupId}
            </Link>{" "}
            — lag <Num value={a.lag} />
            {a.maxLag !== null ? (
              <>
                {" "}
                (alert above <Num value={a.maxLag} />)
              </>
            ) : null}
            {a.timeLagMs !== null && a.maxTimeLagMs !== null ? (
              <>
                , time lag <Num value={a.timeLagMs} kind="duration" /> (alert above{" "}
                <Num value={a.maxTimeLagMs} kind="duration" />)
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
