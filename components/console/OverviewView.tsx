"use client";

import type { ClusterOverview, ClusterProblem, Timed } from "@/lib/admin/index";
import Freshness from "../ui/Freshness";
import Num from "../ui/Num";
import Stat from "../ui/Stat";
import { ErrorPanel, Loading } from "../ui/States";
import { apiPath, useApi } from "./use-api";
import LagAlertsPanel from "../history/LagAlertsPanel";

const SEVERITY_STYLE: Record<ClusterProblem["severity"], string> = {
  critical: "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40",
  warning: "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/40",
  info: "border-sky-300 bg-sky-50 dark:border-sky-800 dark:bg-sky-950/40",
};

/** The overview's live figures and its problems, each explained with the action that fixes it. */
export default function OverviewView({ clusterId }: { clusterId: string }) {
  const { data, error, isPending } = useApi<Timed<ClusterOverview>>(apiPath(clusterId, "overview"));
  if (isPending) return <Loading what="the cluster overview" />;
  if (error) return <ErrorPanel title="The cluster could not be read" code={error.code} message={error.message} />;
  const o = data.value;
  const p = o.partitions;
  return (
    <div className="space-y-6">
      <Freshness {...data} />
      <LagAlertsPanel clusterId={clusterId} />
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Cluster figures">
        <Stat label="Brokers online" testId="stat-brokers-online" tone={o.brokers.offline > 0 ? "critical" : "good"}>
          <Num value={o.brokers.online} />
          {o.brokers.offline > 0 ? <span className="ml-2 text-sm">({o.brokers.offline} offline)</span> : null}
        </Stat>
        <Stat label="Controller" testId="stat-controller">
          {o.controllerId === null ? (
            <span className="text-amber-700 dark:text-amber-300">none</span>
          ) : (
            `broker ${o.controllerId}`
          )}
        </Stat>
        <Stat label="Topics" testId="stat-topics">
          <Num value={o.topics.total} />
          <span className="ml-2 text-sm font-normal text-slate-500">({o.topics.internal} internal)</span>
        </Stat>
        <Stat label="Partitions" testId="stat-partitions">
          <Num value={p.total} />
        </Stat>
        <Stat
          label="Preferred leaders"
          testId="stat-preferred"
          tone={p.preferredLeaderPct !== null && p.preferredLeaderPct < 100 ? "warning" : "neutral"}
        >
          <Num value={p.preferredLeaderPct} kind="pct" unknown="no partitions" />
        </Stat>
        <Stat label="Under-replicated" testId="stat-under-replicated" tone={p.underReplicated > 0 ? "warning" : "good"}>
          <Num value={p.underReplicated} />
        </Stat>
        <Stat label="Offline partitions" testId="stat-offline" tone={p.offline > 0 ? "critical" : "good"}>
          <Num value={p.offline} />
        </Stat>
        <Stat label="Total size" testId="stat-size">
          <Num value={o.totalSizeBytes} kind="bytes" unknown={o.sizeUnavailableReason ?? "unknown"} />
        </Stat>
        <Stat label="Messages" testId="stat-messages">
          <Num value={o.messages} />
        </Stat>
        <Stat label="Cluster id" testId="stat-cluster-id">
          <span className="break-all font-mono text-xs">{o.clusterId ?? "—"}</span>
        </Stat>
      </dl>
      <section aria-labelledby="problems-heading">
        <h2 id="problems-heading" className="mb-2 text-lg font-semibold">
          Problems
        </h2>
        {o.problems.length === 0 ? (
          <p className="text-sm text-emerald-700 dark:text-emerald-300" data-testid="no-problems">
            No problems: every partition has a leader and a full in-sync replica set, and leaders sit on their preferred
            brokers.
          </p>
        ) : (
          <ul className="space-y-2">
            {o.problems.map((problem) => (
              <li
                key={problem.id}
                className={`rounded-lg border p-3 text-sm ${SEVERITY_STYLE[problem.severity]}`}
                data-problem={problem.id}
              >
                <h3 className="font-semibold">
                  <span className="mr-2 rounded bg-white/60 px-1.5 py-0.5 text-xs uppercase dark:bg-black/30">
                    {problem.severity}
                  </span>
                  {problem.title}
                </h3>
                <p className="mt-1">{problem.detail}</p>
                <p className="mt-1">
                  <strong>Fix:</strong> {problem.action}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
