"use client";

import Link from "next/link";
import type { GroupSummary, GroupsView as GroupsData, Timed } from "@/lib/admin/index";
import DataTable, { nextOrder, type Column } from "../ui/DataTable";
import Freshness from "../ui/Freshness";
import Num from "../ui/Num";
import Pager from "../ui/Pager";
import { Empty, ErrorPanel, FeatureNotice, Loading } from "../ui/States";
import { clusterHref } from "./links";
import { apiPath, useApi } from "./use-api";
import LagAlertBadge from "../history/LagAlertBadge";
import { useLagAlerts } from "../history/use-lag-alerts";
import { useDebounced, useUrlState } from "./use-url-state";

export interface GroupsUrlState extends Record<string, string> {
  q: string;
  state: string;
  sort: string;
  order: string;
  page: string;
}

// Up to the API's maximum: the table virtualizes long pages, so one page can hold many rows.
const PAGE_SIZE = 500;

export function LagNotes({ flags }: { flags: GroupSummary["flags"] }) {
  const notes = [
    flags.noCommit > 0 ? `${flags.noCommit} without commit` : "",
    flags.belowLogStart > 0 ? `${flags.belowLogStart} below log start` : "",
    flags.negative > 0 ? `${flags.negative} negative` : "",
  ].filter(Boolean);
  return notes.length === 0 ? null : (
    <span className="text-xs text-amber-700 dark:text-amber-300">{notes.join(" · ")}</span>
  );
}

/** Consumer groups with state, members, topics, lag and time lag; searched and sorted on the server. */
export default function GroupsView({ clusterId, initial }: { clusterId: string; initial: GroupsUrlState }) {
  const [state, update] = useUrlState(initial);
  const q = useDebounced(state.q, 250);
  const params = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  for (const [k, v] of Object.entries({
    q,
    state: state.state,
    sort: state.sort,
    order: state.order,
    page: state.page,
  }))
    if (v) params.set(k, v);
  const { data, error, isPending } = useApi<Timed<GroupsData>>(`${apiPath(clusterId, "consumer-groups")}?${params}`);
  const sort = { key: state.sort || "groupId", order: (state.order || "asc") as "asc" | "desc" };
  const alerts = useLagAlerts(clusterId);
  const columns: Column<GroupSummary>[] = [
    {
      key: "id",
      header: "Group",
      sortKey: "groupId",
      cell: (g) => (
        <Link
          href={clusterHref(clusterId, "consumer-groups", g.groupId)}
          tabIndex={-1}
          className="font-medium text-teal-700 hover:underline dark:text-teal-300"
        >
          {g.groupId}
          <LagAlertBadge over={alerts.over.has(g.groupId)} />
        </Link>
      ),
    },
    { key: "state", header: "State", sortKey: "state", cell: (g) => g.state },
    { key: "members", header: "Members", sortKey: "members", align: "right", cell: (g) => <Num value={g.members} /> },
    {
      key: "topics",
      header: "Topics",
      sortKey: "topics",
      cell: (g) => <span className="text-xs">{g.topics.join(", ")}</span>,
    },
    {
      key: "lag",
      header: "Lag",
      sortKey: "totalLag",
      align: "right",
      cell: (g) => <Num value={g.totalLag} unknown="no committed offsets" />,
    },
    {
      key: "timeLag",
      header: "Time lag",
      title: "Age of the oldest record the group has not consumed",
      sortKey: "maxTimeLagMs",
      align: "right",
      cell: (g) => (
        <Num
          value={g.maxTimeLagMs}
          kind="duration"
          unknown={g.timeLagPending > 0 ? "being read; refreshes shortly" : "nothing waiting"}
        />
      ),
    },
    { key: "notes", header: "Notes", cell: (g) => <LagNotes flags={g.flags} /> },
  ];
  const listing = data?.value.listing;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-4">
        <input
          type="search"
          aria-label="Search consumer groups"
          placeholder="Search groups or topics"
          value={state.q}
          onChange={(e) => update({ q: e.target.value, page: "" })}
          className="w-72 rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        {data && Object.keys(data.value.states).length > 0 ? (
          <select
            aria-label="State"
            value={state.state}
            onChange={(e) => update({ state: e.target.value, page: "" })}
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="">All states</option>
            {Object.entries(data.value.states).map(([s, n]) => (
              <option key={s} value={s}>
                {s} ({n})
              </option>
            ))}
          </select>
        ) : null}
        {data ? <Freshness {...data} /> : null}
      </div>
      {isPending ? (
        <Loading what="consumer groups" />
      ) : error ? (
        <ErrorPanel title="The consumer groups could not be read" code={error.code} message={error.message} />
      ) : listing && listing.status !== "ok" ? (
        <FeatureNotice feature={listing} what="The consumer group list" />
      ) : data.value.total === 0 ? (
        <Empty title={q || state.state ? "No group matches" : "No consumer groups"}>
          {q || state.state
            ? "Try another search or state."
            : "Groups appear once a consumer with a group.id joins or commits offsets."}
        </Empty>
      ) : (
        <>
          <DataTable
            label="Consumer groups"
            columns={columns}
            rows={data.value.rows}
            rowKey={(g) => g.groupId}
            rowHref={(g) => clusterHref(clusterId, "consumer-groups", g.groupId)}
            sort={sort}
            onSort={(key) => update({ sort: key, order: nextOrder(sort, key, "groupId"), page: "" })}
          />
          <Pager
            page={data.value.page}
            pages={data.value.pages}
            total={data.value.total}
            noun="groups"
            onPage={(page) => update({ page: String(page) })}
          />
        </>
      )}
      {data?.value.source.kind === "offset_fetch" && listing?.status === "ok" ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">{data.value.source.reason}</p>
      ) : null}
    </div>
  );
}
