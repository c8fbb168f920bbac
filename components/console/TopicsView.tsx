"use client";

import Link from "next/link";
import type { Timed, TopicPage, TopicRow } from "@/lib/admin/index";
import DataTable, { nextOrder, type Column } from "../ui/DataTable";
import Freshness from "../ui/Freshness";
import Num from "../ui/Num";
import Pager from "../ui/Pager";
import CreateTopicButton from "../actions/topics/CreateTopicButton";
import { Empty, ErrorPanel, Loading } from "../ui/States";
import { clusterHref } from "./links";
import { apiPath, useApi } from "./use-api";
import { useDebounced, useUrlState } from "./use-url-state";

export interface TopicsUrlState extends Record<string, string> {
  q: string;
  sort: string;
  order: string;
  page: string;
  internal: string;
}

const SEARCH_DEBOUNCE_MS = 250;
// Up to the API's maximum: the table virtualizes long pages, so one page can hold many rows.
const PAGE_SIZE = 500;

/** The topic list: search, sort and paging run on the server against its cached snapshot. */
export default function TopicsView({ clusterId, initial }: { clusterId: string; initial: TopicsUrlState }) {
  const [state, update] = useUrlState(initial);
  const q = useDebounced(state.q, SEARCH_DEBOUNCE_MS);
  const params = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  if (q) params.set("q", q);
  if (state.sort) params.set("sort", state.sort);
  if (state.order) params.set("order", state.order);
  if (state.page) params.set("page", state.page);
  if (state.internal === "true") params.set("internal", "true");
  const { data, error, isPending } = useApi<Timed<TopicPage>>(`${apiPath(clusterId, "topics")}?${params}`);
  const sort = { key: state.sort || "name", order: (state.order || "asc") as "asc" | "desc" };
  const onSort = (key: string) => update({ sort: key, order: nextOrder(sort, key, "name"), page: "" });

  const columns: Column<TopicRow>[] = [
    {
      key: "name",
      header: "Name",
      sortKey: "name",
      cell: (t) => (
        <Link
          href={clusterHref(clusterId, "topics", t.name)}
          tabIndex={-1}
          className="font-medium text-teal-700 hover:underline dark:text-teal-300"
        >
          {t.name}
          {t.internal ? (
            <span className="ml-2 rounded bg-slate-200 px-1 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
              internal
            </span>
          ) : null}
        </Link>
      ),
    },
    {
      key: "partitions",
      header: "Partitions",
      sortKey: "partitions",
      align: "right",
      cell: (t) => <Num value={t.partitions} />,
    },
    {
      key: "rf",
      header: "RF",
      title: "Replication factor",
      sortKey: "replicationFactor",
      align: "right",
      cell: (t) => <Num value={t.replicationFactor} />,
    },
    {
      key: "preferred",
      header: "Preferred",
      title: "Partitions led by their preferred replica",
      sortKey: "preferredPct",
      align: "right",
      cell: (t) => <Num value={t.preferredPct} kind="pct" />,
    },
    {
      key: "urp",
      header: "Under-repl.",
      title: "Under-replicated partitions",
      sortKey: "underReplicated",
      align: "right",
      cell: (t) => (
        <Num value={t.underReplicated} className={t.underReplicated > 0 ? "text-amber-700 dark:text-amber-300" : ""} />
      ),
    },
    {
      key: "size",
      header: "Size",
      sortKey: "sizeBytes",
      align: "right",
      cell: (t) => <Num value={t.sizeBytes} kind="bytes" unknown="size unavailable (no DescribeLogDirs)" />,
    },
    {
      key: "messages",
      header: "Messages",
      sortKey: "messages",
      align: "right",
      cell: (t) => <Num value={t.messages} />,
    },
    {
      key: "groups",
      header: "Groups",
      title: "Consumer groups with committed offsets",
      sortKey: "consumerGroups",
      align: "right",
      cell: (t) => <Num value={t.consumerGroups} unknown="not read yet, or this cluster cannot list consumer groups" />,
    },
  ];

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-4">
        <input
          type="search"
          aria-label="Search topics"
          placeholder="Search topics"
          value={state.q}
          onChange={(e) => update({ q: e.target.value, page: "" })}
          className="w-72 rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
        <label className="flex items-center gap-1.5 text-sm">
          <input
            type="checkbox"
            checked={state.internal === "true"}
            onChange={(e) => update({ internal: e.target.checked ? "true" : "", page: "" })}
          />
          Show internal topics
        </label>
        {data ? <Freshness {...data} /> : null}
        <span className="ml-auto">
          <CreateTopicButton clusterId={clusterId} />
        </span>
      </div>
      {isPending ? (
        <Loading what="topics" />
      ) : error ? (
        <ErrorPanel title="The topics could not be read" code={error.code} message={error.message} />
      ) : data.value.total === 0 ? (
        <Empty title={q ? `No topic matches "${q}"` : "No topics"}>
          {q
            ? "Try another search, or show internal topics."
            : "Create one with the button above, or with your Kafka tools (kafka-topics.sh --create)."}
        </Empty>
      ) : (
        <>
          <DataTable
            label="Topics"
            columns={columns}
            rows={data.value.rows}
            rowKey={(t) => t.name}
            rowHref={(t) => clusterHref(clusterId, "topics", t.name)}
            sort={sort}
            onSort={onSort}
          />
          <Pager
            page={data.value.page}
            pages={data.value.pages}
            total={data.value.total}
            noun="topics"
            onPage={(page) => update({ page: String(page) })}
          />
        </>
      )}
    </div>
  );
}
