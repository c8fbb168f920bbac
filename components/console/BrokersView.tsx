"use client";

import Link from "next/link";
import type { BrokerList, BrokerRow, Timed } from "@/lib/admin/index";
import DataTable, { type Column } from "../ui/DataTable";
import Freshness from "../ui/Freshness";
import Num from "../ui/Num";
import { Empty, ErrorPanel, Loading } from "../ui/States";
import { clusterHref } from "./links";
import { apiPath, useApi } from "./use-api";
import BrokerLeaders from "../history/BrokerLeaders";
import BrokerControls from "../actions/brokers/BrokerControls";

function Skew({ value }: { value: number | null }) {
  if (value === null) return <Num value={null} />;
  const tone = Math.abs(value) >= 20 ? "text-amber-700 dark:text-amber-300" : "";
  return (
    <span className={`tabular-nums ${tone}`} title={`${value} % from an even share`} data-value={value}>
      {value > 0 ? "+" : ""}
      {value.toFixed(1)} %
    </span>
  );
}

/** Every broker: where it listens, what it hosts and leads, how skewed, how much disk. */
export default function BrokersView({ clusterId }: { clusterId: string }) {
  const { data, error, isPending } = useApi<Timed<BrokerList>>(apiPath(clusterId, "brokers"));
  if (isPending) return <Loading what="brokers" />;
  if (error) return <ErrorPanel title="The brokers could not be read" code={error.code} message={error.message} />;
  const list = data.value;
  const columns: Column<BrokerRow>[] = [
    {
      key: "id",
      header: "ID",
      cell: (b) => (
        <Link
          href={clusterHref(clusterId, "brokers", b.id)}
          className="font-medium text-teal-700 hover:underline dark:text-teal-300"
          tabIndex={-1}
        >
          {b.id}
        </Link>
      ),
    },
    { key: "host", header: "Host", cell: (b) => <span className="font-mono text-xs">{b.host}</span> },
    { key: "port", header: "Port", cell: (b) => b.port, align: "right" },
    { key: "rack", header: "Rack", cell: (b) => b.rack ?? <span className="text-slate-400">—</span> },
    {
      key: "controller",
      header: "Controller",
      cell: (b) =>
        b.isController ? (
          <span className="rounded bg-teal-100 px-1.5 text-xs font-medium text-teal-800 dark:bg-teal-900 dark:text-teal-200">
            controller
          </span>
        ) : null,
    },
    { key: "partitions", header: "Partitions", align: "right", cell: (b) => <Num value={b.partitions} /> },
    {
      key: "partitionsPct",
      header: "% of replicas",
      align: "right",
      cell: (b) => <Num value={b.partitionsPct} kind="pct" />,
    },
    {
      key: "partitionSkew",
      header: "Partition skew",
      align: "right",
      cell: (b) => <Skew value={b.partitionSkewPct} />,
    },
    { key: "leaders", header: "Leaders", align: "right", cell: (b) => <Num value={b.leaders} /> },
    { key: "leadersPct", header: "% leaders", align: "right", cell: (b) => <Num value={b.leadersPct} kind="pct" /> },
    { key: "leaderSkew", header: "Leader skew", align: "right", cell: (b) => <Skew value={b.leaderSkewPct} /> },
    { key: "oos", header: "Out of sync", align: "right", cell: (b) => <Num value={b.outOfSyncReplicas} /> },
    {
      key: "disk",
      header: "Disk",
      align: "right",
      cell: (b) => <Num value={b.diskBytes} kind="bytes" unknown={list.diskUnavailableReason ?? "unknown"} />,
    },
  ];
  return (
    <div className="space-y-3">
      <Freshness {...data} />
      {list.diskUnavailableReason ? (
        <p className="text-sm text-amber-700 dark:text-amber-300" role="note">
          Disk usage unavailable: {list.diskUnavailableReason}
        </p>
      ) : null}
      {list.brokers.length === 0 ? (
        <Empty title="No brokers in the metadata">The cluster answered Metadata without any broker.</Empty>
      ) : (
        <DataTable
          label="Brokers"
          columns={columns}
          rows={list.brokers}
          rowKey={(b) => String(b.id)}
          rowHref={(b) => clusterHref(clusterId, "brokers", b.id)}
        />
      )}
      <BrokerControls clusterId={clusterId} />
      <BrokerLeaders clusterId={clusterId} />
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Skew compares each broker with an even share: +50 % means half again as many as an even spread would give it.
      </p>
    </div>
  );
}
