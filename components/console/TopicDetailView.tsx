"use client";

import Link from "next/link";
import type {
  ConfigEntry,
  Feature,
  PartitionRow,
  Timed,
  TopicConsumer,
  TopicDetailView as TopicDetailData,
} from "@/lib/admin/index";
import DataTable, { type Column } from "../ui/DataTable";
import Freshness from "../ui/Freshness";
import Num from "../ui/Num";
import Stat from "../ui/Stat";
import { Empty, ErrorPanel, FeatureNotice, Loading } from "../ui/States";
import ConfigTable from "./ConfigTable";
import { clusterHref } from "./links";
import { apiPath, useApi } from "./use-api";
import TopicThroughput from "../history/TopicThroughput";
import TopicActionsBar from "../actions/topics/TopicActionsBar";
import RecentChanges from "../audit/RecentChanges";

function Brokers({ ids, highlight }: { ids: number[]; highlight?: number }) {
  return (
    <span className="font-mono text-xs">
      {ids.length === 0
        ? "—"
        : ids.map((id, i) => (
            <span key={id}>
              {i > 0 ? ", " : ""}
              <span className={id === highlight ? "font-bold" : ""}>{id}</span>
            </span>
          ))}
    </span>
  );
}

function partitionColumns(): Column<PartitionRow>[] {
  return [
    { key: "p", header: "Partition", align: "right", cell: (p) => p.partition },
    {
      key: "leader",
      header: "Leader",
      align: "right",
      cell: (p) =>
        p.leader < 0 ? <span className="font-semibold text-red-700 dark:text-red-300">none (offline)</span> : p.leader,
    },
    { key: "replicas", header: "Replicas", cell: (p) => <Brokers ids={p.replicas} highlight={p.replicas[0]} /> },
    { key: "isr", header: "ISR", cell: (p) => <Brokers ids={p.isr} /> },
    {
      key: "offline",
      header: "Offline replicas",
      cell: (p) =>
        p.offlineReplicas.length > 0 ? (
          <span className="text-red-700 dark:text-red-300">
            <Brokers ids={p.offlineReplicas} />
          </span>
        ) : (
          ""
        ),
    },
    {
      key: "pref",
      header: "Preferred leader",
      cell: (p) => (p.preferredLeader ? "yes" : <span className="text-amber-700 dark:text-amber-300">no</span>),
    },
    {
      key: "urp",
      header: "Under-replicated",
      cell: (p) => (p.underReplicated ? <span className="text-amber-700 dark:text-amber-300">yes</span> : "no"),
    },
    { key: "first", header: "First offset", align: "right", cell: (p) => <Num value={p.logStartOffset} /> },
    {
      key: "last",
      header: "Last offset",
      title: "Log end offset (next offset to be written)",
      align: "right",
      cell: (p) => <Num value={p.logEndOffset} />,
    },
    { key: "messages", header: "Messages", align: "right", cell: (p) => <Num value={p.messages} /> },
    { key: "size", header: "Size", align: "right", cell: (p) => <Num value={p.sizeBytes} kind="bytes" /> },
  ];
}

function Consumers({ clusterId, consumers }: { clusterId: string; consumers: Feature<TopicConsumer[]> }) {
  if (consumers.status !== "ok") return <FeatureNotice feature={consumers} what="Consumer groups" />;
  if (consumers.value.length === 0) {
    return <Empty title="No consumer group has committed offsets on this topic" />;
  }
  const columns: Column<TopicConsumer>[] = [
    {
      key: "group",
      header: "Group",
      cell: (g) => (
        <Link
          href={clusterHref(clusterId, "consumer-groups", g.groupId)}
          tabIndex={-1}
          className="font-medium text-teal-700 hover:underline dark:text-teal-300"
        >
          {g.groupId}
        </Link>
      ),
    },
    { key: "state", header: "State", cell: (g) => g.state },
    { key: "members", header: "Members", align: "right", cell: (g) => <Num value={g.members} /> },
    { key: "partitions", header: "Partitions committed", align: "right", cell: (g) => <Num value={g.partitions} /> },
    { key: "lag", header: "Lag", align: "right", cell: (g) => <Num value={g.lag} /> },
    {
      key: "flags",
      header: "Notes",
      cell: (g) =>
        [
          g.flags.noCommit > 0 ? `${g.flags.noCommit} partition(s) without a commit` : "",
          g.flags.belowLogStart > 0 ? `${g.flags.belowLogStart} below log start` : "",
          g.flags.negative > 0 ? `${g.flags.negative} negative` : "",
        ]
          .filter(Boolean)
          .join(" · "),
    },
  ];
  return (
    <DataTable
      label="Consumer groups of this topic"
      columns={columns}
      rows={consumers.value}
      rowKey={(g) => g.groupId}
      rowHref={(g) => clusterHref(clusterId, "consumer-groups", g.groupId)}
    />
  );
}

/** A topic: CMAK's summary, the partition table, the groups reading it, and its configs. */
export default function TopicDetailView({ clusterId, topic }: { clusterId: string; topic: string }) {
  const { data, error, isPending } = useApi<Timed<TopicDetailData>>(apiPath(clusterId, "topics", topic));
  const configs = useApi<{ configs: Feature<ConfigEntry[]> }>(apiPath(clusterId, "topics", topic, "configs"), false);
  if (isPending) return <Loading what={`topic ${topic}`} />;
  if (error)
    return <ErrorPanel title={`Topic "${topic}" could not be read`} code={error.code} message={error.message} />;
  const d = data.value;
  return (
    <div className="space-y-6">
      <Freshness {...data} />
      <TopicActionsBar clusterId={clusterId} topic={d} configs={configs.data?.configs} />
      <Link
        href={clusterHref(clusterId, "topics", topic, "messages")}
        className="text-teal-700 underline dark:text-teal-300"
      >
        Browse messages
      </Link>{" "}
      <Link
        href={`${clusterHref(clusterId, "reassignments")}?topics=${encodeURIComponent(topic)}`}
        className="ml-4 text-teal-700 underline dark:text-teal-300"
      >
        Reassign, change replication factor, elect leaders
      </Link>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Topic summary">
        <Stat label="Partitions" testId="stat-topic-partitions">
          <Num value={d.row.partitions} />
        </Stat>
        <Stat label="Replication factor" testId="stat-topic-rf">
          <Num value={d.row.replicationFactor} />
        </Stat>
        <Stat label="Messages" testId="stat-topic-messages">
          <Num value={d.row.messages} />
        </Stat>
        <Stat label="Size" testId="stat-topic-size">
          <Num value={d.row.sizeBytes} kind="bytes" />
        </Stat>
        <Stat label="Preferred leaders" testId="stat-topic-preferred">
          <Num value={d.row.preferredPct} kind="pct" />
        </Stat>
        <Stat label="Under-replicated" testId="stat-topic-urp" tone={d.row.underReplicated > 0 ? "warning" : "good"}>
          <Num value={d.row.underReplicated} />
        </Stat>
        <Stat label="Brokers spread" testId="stat-topic-spread">
          <Num value={d.summary.brokersSpreadPct} kind="pct" />
        </Stat>
        <Stat label="Brokers skew (leaders)" testId="stat-topic-skew">
          <Num value={d.summary.brokersSkewPct} kind="pct" /> (<Num value={d.summary.brokersLeaderSkewPct} kind="pct" />
          )
        </Stat>
      </dl>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Partitions</h2>
        <DataTable
          label="Partitions"
          columns={partitionColumns()}
          rows={d.partitions}
          rowKey={(p) => String(p.partition)}
        />
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          The preferred leader (first replica) is in bold. Message counts are log end − log start: an upper bound on
          compacted topics.
        </p>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Partitions by broker</h2>
        <ul className="flex flex-wrap gap-2 text-sm">
          {d.summary.brokers.map((b) => (
            <li
              key={b.id}
              className={`rounded border px-2 py-1 ${b.skewed || b.leaderSkewed ? "border-amber-400" : "border-slate-200 dark:border-slate-800"}`}
            >
              broker {b.id}: {b.replicas} replicas, {b.leaders} leaders{b.skewed || b.leaderSkewed ? " (skewed)" : ""}
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Consumer groups</h2>
        <Consumers clusterId={clusterId} consumers={d.consumers} />
        {d.consumersSource?.kind === "offset_fetch" ? (
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{d.consumersSource.reason}</p>
        ) : null}
      </section>
      <TopicThroughput clusterId={clusterId} topic={topic} />
      <RecentChanges clusterId={clusterId} target={`topic:${topic}`} />
      <section>
        <h2 className="mb-2 text-lg font-semibold">Configs</h2>
        {configs.isPending ? (
          <Loading what="configs" />
        ) : configs.error ? (
          <ErrorPanel title="Configs could not be read" code={configs.error.code} message={configs.error.message} />
        ) : configs.data.configs.status === "ok" ? (
          <ConfigTable label="Topic configs" configs={configs.data.configs.value} />
        ) : (
          <FeatureNotice feature={configs.data.configs} what="Topic configs" />
        )}
      </section>
    </div>
  );
}
