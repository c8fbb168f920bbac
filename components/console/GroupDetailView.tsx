"use client";

import Link from "next/link";
import type { GroupDetail, GroupMember, GroupPartitionOffsets, Timed } from "@/lib/admin/index";
import { LAG_FLAG_EXPLANATIONS } from "@/lib/admin/groups/lag";
import DataTable, { type Column } from "../ui/DataTable";
import Freshness from "../ui/Freshness";
import Num from "../ui/Num";
import Stat from "../ui/Stat";
import { Empty, ErrorPanel, FeatureNotice, Loading } from "../ui/States";
import { clusterHref } from "./links";
import { apiPath, useApi } from "./use-api";
import GroupLagHistory from "../history/GroupLagHistory";
import GroupActions from "../actions/groups/GroupActions";

const FLAG_LABELS = {
  no_commit: "no commit",
  below_log_start: "below log start",
  negative: "negative lag",
  unknown_log_end: "log end unknown",
} as const;

function offsetColumns(clusterId: string): Column<GroupPartitionOffsets>[] {
  return [
    {
      key: "topic",
      header: "Topic",
      cell: (r) => (
        <Link
          href={clusterHref(clusterId, "topics", r.topic)}
          tabIndex={-1}
          className="text-teal-700 hover:underline dark:text-teal-300"
        >
          {r.topic}
        </Link>
      ),
    },
    { key: "partition", header: "Partition", align: "right", cell: (r) => r.partition },
    {
      key: "committed",
      header: "Committed offset",
      align: "right",
      cell: (r) => <Num value={r.committedOffset} unknown="no committed offset" />,
    },
    { key: "start", header: "Log start", align: "right", cell: (r) => <Num value={r.logStartOffset} /> },
    { key: "end", header: "Log end", align: "right", cell: (r) => <Num value={r.logEndOffset} /> },
    {
      key: "lag",
      header: "Lag",
      align: "right",
      cell: (r) => (
        <Num
          value={r.lag}
          className={r.lag !== null && r.lag < 0 ? "font-semibold text-red-700 dark:text-red-300" : ""}
        />
      ),
    },
    {
      key: "timeLag",
      header: "Time lag",
      align: "right",
      cell: (r) => <Num value={r.timeLagMs} kind="duration" unknown="no unconsumed record timestamp" />,
    },
    {
      key: "flag",
      header: "Note",
      cell: (r) =>
        r.flag ? (
          <span
            className="text-xs text-amber-800 dark:text-amber-200"
            title={LAG_FLAG_EXPLANATIONS[r.flag]}
            data-flag={r.flag}
          >
            {FLAG_LABELS[r.flag]}
          </span>
        ) : null,
    },
    { key: "member", header: "Member", cell: (r) => <span className="font-mono text-xs">{r.memberId ?? ""}</span> },
  ];
}

function Members({ members }: { members: GroupMember[] }) {
  if (members.length === 0)
    return <Empty title="No active members">The group has no consumer connected; its committed offsets remain.</Empty>;
  const columns: Column<GroupMember>[] = [
    { key: "id", header: "Member", cell: (m) => <span className="font-mono text-xs">{m.memberId}</span> },
    { key: "client", header: "Client id", cell: (m) => m.clientId },
    { key: "host", header: "Host", cell: (m) => <span className="font-mono text-xs">{m.clientHost}</span> },
    { key: "instance", header: "Instance id", cell: (m) => m.groupInstanceId ?? "" },
    {
      key: "assignment",
      header: "Assignment",
      cell: (m) => (
        <span className="text-xs">
          {m.assignment.map((a) => `${a.topic}: ${a.partitions.join(", ")}`).join(" · ") || "none"}
        </span>
      ),
    },
  ];
  return <DataTable label="Members" columns={columns} rows={members} rowKey={(m) => m.memberId} />;
}

/** One group: state, members and assignments, and per partition its offsets, lag and time lag. */
export default function GroupDetailView({ clusterId, groupId }: { clusterId: string; groupId: string }) {
  const { data, error, isPending } = useApi<Timed<GroupDetail>>(apiPath(clusterId, "consumer-groups", groupId));
  if (isPending) return <Loading what={`group ${groupId}`} />;
  if (error)
    return <ErrorPanel title={`Group "${groupId}" could not be read`} code={error.code} message={error.message} />;
  const { summary, members, offsets } = data.value;
  const flags = [...new Set(offsets.map((o) => o.flag).filter((f) => f !== null))];
  return (
    <div className="space-y-6">
      <Freshness {...data} />
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Group summary">
        <Stat label="State" testId="stat-group-state">
          {summary.state}
          {members.status !== "ok" ? (
            <span className="ml-2 text-sm font-normal text-slate-500" title={members.message}>
              (not described by this cluster)
            </span>
          ) : null}
        </Stat>
        <Stat label="Members" testId="stat-group-members">
          <Num value={summary.members} />
        </Stat>
        <Stat label="Total lag" testId="stat-group-lag">
          <Num value={summary.totalLag} unknown="no committed offsets" />
        </Stat>
        <Stat label="Time lag" testId="stat-group-time-lag">
          <Num value={summary.maxTimeLagMs} kind="duration" unknown="nothing waiting" />
        </Stat>
        <Stat label="Coordinator">{summary.coordinator === null ? "—" : `broker ${summary.coordinator}`}</Stat>
        <Stat label="Protocol">{[summary.protocolType, summary.protocol].filter(Boolean).join(" / ") || "—"}</Stat>
        <Stat label="Topics">
          <Num value={summary.topics.length} />
        </Stat>
        <Stat label="Partitions">
          <Num value={summary.partitions} />
        </Stat>
      </dl>
      <GroupActions clusterId={clusterId} groupId={groupId} detail={data.value} />
      <GroupLagHistory clusterId={clusterId} groupId={groupId} />
      <section>
        <h2 className="mb-2 text-lg font-semibold">Offsets and lag</h2>
        {offsets.length === 0 ? (
          <Empty title="No committed offsets and no assigned partitions" />
        ) : (
          <DataTable
            label="Offsets"
            columns={offsetColumns(clusterId)}
            rows={offsets}
            rowKey={(r) => `${r.topic}/${r.partition}`}
          />
        )}
        {flags.length > 0 ? (
          <ul className="mt-2 space-y-1 text-sm text-amber-900 dark:text-amber-100" aria-label="Lag notes">
            {flags.map((f) => (
              <li key={f} data-flag-explanation={f}>
                <strong>{FLAG_LABELS[f]}:</strong> {LAG_FLAG_EXPLANATIONS[f]}
              </li>
            ))}
          </ul>
        ) : null}
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Time lag is now minus the timestamp of the first record the group has not consumed yet.
        </p>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Members</h2>
        {members.status === "ok" ? (
          <Members members={members.value} />
        ) : (
          <FeatureNotice feature={members} what="Members and assignments" />
        )}
      </section>
    </div>
  );
}
