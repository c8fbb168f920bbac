"use client";

import type { BrokerDetail, Timed } from "@/lib/admin/index";
import Freshness from "../ui/Freshness";
import Num from "../ui/Num";
import Stat from "../ui/Stat";
import { ErrorPanel, FeatureNotice, Loading } from "../ui/States";
import ConfigTable from "./ConfigTable";
import { apiPath, useApi } from "./use-api";

/** One broker: its share of the cluster, its log directories and its configs. */
export default function BrokerDetailView({ clusterId, brokerId }: { clusterId: string; brokerId: string }) {
  const { data, error, isPending } = useApi<Timed<BrokerDetail>>(apiPath(clusterId, "brokers", brokerId));
  if (isPending) return <Loading what={`broker ${brokerId}`} />;
  if (error)
    return <ErrorPanel title={`Broker ${brokerId} could not be read`} code={error.code} message={error.message} />;
  const { broker, logDirs, configs } = data.value;
  return (
    <div className="space-y-6">
      <Freshness {...data} />
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Address">
          <span className="font-mono text-sm">
            {broker.host}:{broker.port}
          </span>
        </Stat>
        <Stat label="Rack">{broker.rack ?? "—"}</Stat>
        <Stat label="Role">{broker.isController ? "controller" : "broker"}</Stat>
        <Stat label="Partitions (leaders)" testId="stat-broker-partitions">
          <Num value={broker.partitions} /> (<Num value={broker.leaders} />)
        </Stat>
      </dl>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Log directories</h2>
        {logDirs.status !== "ok" ? (
          <FeatureNotice feature={logDirs} what="Disk usage" />
        ) : logDirs.value === null ? (
          <p className="text-sm text-slate-500">The broker reported no log directory.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {logDirs.value.logDirs.map((d) => (
              <li key={d.path} className="font-mono text-xs">
                {d.path}: <Num value={d.bytes} kind="bytes" /> of replicas
                {d.totalBytes !== null ? (
                  <>
                    {" "}
                    · volume <Num value={d.usableBytes} kind="bytes" /> free of{" "}
                    <Num value={d.totalBytes} kind="bytes" />
                  </>
                ) : null}
                {d.errorCode !== 0 ? <span className="ml-2 text-red-700">offline (error {d.errorCode})</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Configs</h2>
        {configs.status === "ok" ? (
          <ConfigTable label="Broker configs" configs={configs.value} />
        ) : (
          <FeatureNotice feature={configs} what="Broker configs" />
        )}
      </section>
    </div>
  );
}
