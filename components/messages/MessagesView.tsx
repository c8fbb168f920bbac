"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { MessagePage, MessageRecord, SearchEvent, SearchProgress, TailEvent } from "@/lib/admin/index";
import { ApiError, apiPath, fetchJson } from "../console/use-api";
import { exact, formatCount } from "../ui/format";
import { ErrorPanel } from "../ui/States";
import { bytesOf, asText, recordId } from "./bytes-format";
import { downloadRecords, EXPORT_FORMATS, type ExportFormat } from "./export";
import FilterHelp from "./FilterHelp";
import ProducePanel, { EMPTY_DRAFT, type ProduceDraft } from "./ProducePanel";
import RecordDetail from "./RecordDetail";
import RecordList from "./RecordList";
import { openStream, parseSse, readPieces } from "./streams";

/**
 * The Messages view of a topic: browse pages (oldest, newest, offset, timestamp; forward and
 * back), search (streamed, with a visible budget, cancel and resume), live tail (pausable) and
 * produce. Only what is on screen is ever loaded; export writes exactly that.
 */
type Mode = "browse" | "search" | "tail";
type Start = "oldest" | "newest" | "offset" | "timestamp";
const SEARCH_BUDGET_DEFAULT = 1_000_000;
/** The tail keeps the newest records only, so a busy topic cannot grow the page without end. */
const TAIL_KEEP_RECORDS = 2_000;

interface SearchState {
  running: boolean;
  progress: SearchProgress | null;
  reason: string | null;
  cursor: string | null;
}

export default function MessagesView({
  clusterId,
  topic,
  readOnly,
  initialPartition,
  initialOffset,
}: {
  clusterId: string;
  topic: string;
  readOnly: boolean;
  initialPartition?: string;
  initialOffset?: string;
}) {
  const base = apiPath(clusterId, "topics", topic, "messages");
  const [mode, setMode] = useState<Mode>("browse");
  const [partitions, setPartitions] = useState(initialPartition ?? "");
  const [start, setStart] = useState<Start>(initialOffset !== undefined ? "offset" : "newest");
  const [offset, setOffset] = useState(initialOffset ?? "0");
  const [timestamp, setTimestamp] = useState("");
  const [limit, setLimit] = useState("50");
  const [page, setPage] = useState<MessagePage | null>(null);
  const [records, setRecords] = useState<MessageRecord[]>([]);
  const [selected, setSelected] = useState<MessageRecord | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadingFull, setLoadingFull] = useState(false);
  const [filter, setFilter] = useState("");
  const [filterKind, setFilterKind] = useState<"text" | "expression">("text");
  const [budget, setBudget] = useState(String(SEARCH_BUDGET_DEFAULT));
  const [search, setSearch] = useState<SearchState>({ running: false, progress: null, reason: null, cursor: null });
  const [tail, setTail] = useState<{
    running: boolean;
    /** The server has fixed where the tail starts (its first position event): records produced from now on show. */
    listening: boolean;
    cursor: string | null;
    scanned: number;
  }>({
    running: false,
    listening: false,
    cursor: null,
    scanned: 0,
  });
  const [producing, setProducing] = useState<ProduceDraft | null>(null);
  const [exportFormat, setExportFormat] = useState<ExportFormat>("json");
  const abort = useRef<AbortController | null>(null);

  /** Ends whatever request is running (browse, search or tail); the caller starts the next one. */
  const stop = () => {
    abort.current?.abort();
    abort.current = null;
    setLoading(false);
  };
  useEffect(() => stop, []);

  const filterParams = (params: URLSearchParams) => {
    if (filter.trim() !== "") params.set(filterKind === "text" ? "q" : "filter", filter);
  };
  const partitionParam = (params: URLSearchParams) => {
    if (partitions.trim() !== "") params.set("partition", partitions.replace(/\s/g, ""));
  };

  const browse = useCallback(
    async (cursor?: string, select?: { partition: number; offset: number }) => {
      stop();
      // A browse still in flight when the user starts a search or a tail must not land on top of it.
      const controller = new AbortController();
      abort.current = controller;
      setMode("browse");
      setLoading(true);
      setError(null);
      const params = new URLSearchParams({ limit });
      if (cursor) params.set("cursor", cursor);
      else {
        partitionParam(params);
        if (start === "offset") params.set("offset", offset);
        else if (start === "timestamp") params.set("timestamp", timestamp ? new Date(timestamp).toISOString() : "");
        else params.set("from", start);
      }
      try {
        const answer = await fetchJson<MessagePage>(`${base}?${params}`, { signal: controller.signal });
        if (controller.signal.aborted) return;
        setPage(answer);
        setRecords(answer.records);
        const keep = select ? recordId(select) : null;
        setSelected(
          (current) => answer.records.find((r) => recordId(r) === (keep ?? (current && recordId(current)))) ?? null,
        );
      } catch (e) {
        if (!controller.signal.aborted) setError(e as ApiError);
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    },
    [base, limit, start, offset, timestamp, partitions],
  );

  // A permalink (?partition=P&offset=O) opens that record.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current) return;
    opened.current = true;
    const select =
      initialPartition !== undefined && initialOffset !== undefined
        ? { partition: Number(initialPartition), offset: Number(initialOffset) }
        : undefined;
    void browse(undefined, select);
  }, [browse, initialOffset, initialPartition]);

  async function runSearch(cursor?: string) {
    stop();
    const controller = new AbortController();
    abort.current = controller;
    setMode("search");
    setError(null);
    setPage(null);
    if (!cursor) setRecords([]);
    setSearch({ running: true, progress: null, reason: null, cursor: null });
    const params = new URLSearchParams({ budget, limit: "1000" });
    if (cursor) params.set("cursor", cursor);
    else {
      partitionParam(params);
      if (start === "offset") params.set("offset", offset);
      else if (start === "timestamp" && timestamp) params.set("timestamp", new Date(timestamp).toISOString());
    }
    filterParams(params);
    try {
      const reader = await openStream(`${base}/search?${params}`, controller.signal);
      const found: MessageRecord[] = cursor ? [...records] : [];
      let flushed = found.length;
      await readPieces(reader, "\n", (line) => {
        const event = JSON.parse(line) as SearchEvent | { type: "error"; code: string; message: string };
        if (event.type === "match") found.push(event.record);
        else if (event.type === "error") setError(new ApiError(502, event.code, event.message));
        else {
          const { type, ...progress } = event;
          setSearch((s) => ({
            ...s,
            progress,
            ...(type === "end" ? { running: false, reason: event.reason, cursor: event.cursor } : {}),
          }));
        }
        if (found.length > flushed) {
          flushed = found.length;
          setRecords([...found]);
        }
      });
    } catch (e) {
      if (!controller.signal.aborted) setError(e instanceof ApiError ? e : new ApiError(0, "network", String(e)));
    } finally {
      setSearch((s) => ({
        ...s,
        running: false,
        reason: s.reason ?? (controller.signal.aborted ? "cancelled" : null),
      }));
    }
  }

  async function runTail(resume: boolean) {
    stop();
    const controller = new AbortController();
    abort.current = controller;
    setMode("tail");
    setError(null);
    setPage(null);
    if (!resume) setRecords([]);
    setTail((t) => ({ ...t, running: true, listening: false }));
    const params = new URLSearchParams();
    if (resume && tail.cursor) params.set("cursor", tail.cursor);
    else partitionParam(params);
    filterParams(params);
    try {
      const reader = await openStream(`${base}/tail?${params}`, controller.signal);
      await readPieces(reader, "\n\n", (piece) => {
        const { event, data } = parseSse(piece);
        if (event === "record") {
          const record = (data as Extract<TailEvent, { type: "record" }>).record;
          setRecords((list) => [...list, record].slice(-TAIL_KEEP_RECORDS));
        } else if (event === "position") {
          const position = data as Extract<TailEvent, { type: "position" }>;
          setTail((t) => ({ ...t, listening: true, cursor: position.cursor, scanned: position.scanned }));
        } else if (event === "error") {
          const failure = data as { code: string; message: string };
          setError(new ApiError(502, failure.code, failure.message));
        }
      });
    } catch (e) {
      if (!controller.signal.aborted) setError(e instanceof ApiError ? e : new ApiError(0, "network", String(e)));
    } finally {
      setTail((t) => ({ ...t, running: false, listening: false }));
    }
  }

  async function loadFull() {
    if (!selected) return;
    setLoadingFull(true);
    try {
      const answer = await fetchJson<MessagePage>(
        `${base}?partition=${selected.partition}&offset=${selected.offset}&limit=1&full=true`,
      );
      const full = answer.records[0];
      if (full) {
        setSelected(full);
        setRecords((list) => list.map((r) => (recordId(r) === recordId(full) ? full : r)));
      }
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setLoadingFull(false);
    }
  }

  function reproduce(record: MessageRecord) {
    const binary = [record.key, record.value, ...record.headers.map((h) => h.value)].some(
      (b) => b?.format === "binary",
    );
    const field = (b: MessageRecord["value"]) => (b === null ? "" : binary ? b.base64 : asText(bytesOf(b)));
    setProducing({
      key: field(record.key),
      value: field(record.value),
      headers: record.headers.map((h) => `${h.key}: ${field(h.value)}`).join("\n"),
      partition: String(record.partition),
      encoding: binary ? "base64" : "utf8",
      tombstone: record.value === null,
    });
  }

  const permalink = (r: MessageRecord) =>
    `/clusters/${encodeURIComponent(clusterId)}/topics/${encodeURIComponent(topic)}/messages?partition=${r.partition}&offset=${r.offset}`;
  const control = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
  const button =
    "rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";

  return (
    <div className="space-y-4">
      <form
        aria-label="Position"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void browse();
        }}
      >
        <label className="text-sm">
          Partitions
          <input
            aria-label="Partitions"
            value={partitions}
            onChange={(e) => setPartitions(e.target.value)}
            placeholder="all"
            className={`${control} block w-28`}
          />
        </label>
        <label className="text-sm">
          Start
          <select
            aria-label="Start"
            value={start}
            onChange={(e) => setStart(e.target.value as Start)}
            className={`${control} block`}
          >
            <option value="newest">newest</option>
            <option value="oldest">oldest</option>
            <option value="offset">offset</option>
            <option value="timestamp">timestamp</option>
          </select>
        </label>
        {start === "offset" ? (
          <label className="text-sm">
            Offset
            <input
              aria-label="Offset"
              value={offset}
              onChange={(e) => setOffset(e.target.value)}
              inputMode="numeric"
              className={`${control} block w-32`}
            />
          </label>
        ) : null}
        {start === "timestamp" ? (
          <label className="text-sm">
            Timestamp (local time)
            <input
              aria-label="Timestamp (local time)"
              type="datetime-local"
              step="1"
              value={timestamp}
              onChange={(e) => setTimestamp(e.target.value)}
              className={`${control} block`}
            />
          </label>
        ) : null}
        <label className="text-sm">
          Per page
          <select
            aria-label="Per page"
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
            className={`${control} block`}
          >
            {["20", "50", "100", "500"].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <button type="submit" className={button} disabled={loading}>
          {loading ? "Loading…" : "Browse"}
        </button>
        <button type="button" className={button} onClick={() => setProducing(producing ? null : EMPTY_DRAFT)}>
          {producing ? "Close producer" : "Produce…"}
        </button>
      </form>

      <form
        aria-label="Search"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          void runSearch();
        }}
      >
        <label className="text-sm">
          Filter
          <select
            aria-label="Filter kind"
            value={filterKind}
            onChange={(e) => setFilterKind(e.target.value as typeof filterKind)}
            className={`${control} block`}
          >
            <option value="text">key or value contains</option>
            <option value="expression">expression</option>
          </select>
        </label>
        <label className="min-w-72 flex-1 text-sm">
          <input
            aria-label="Filter text"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={filterKind === "text" ? "text" : 'value contains "error" and partition = 3'}
            className={`${control} block w-full font-mono`}
          />
        </label>
        <label className="text-sm">
          Scan budget (records)
          <input
            aria-label="Scan budget (records)"
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            inputMode="numeric"
            className={`${control} block w-32`}
          />
        </label>
        {search.running ? (
          <button type="button" className={button} onClick={stop}>
            Cancel
          </button>
        ) : (
          <button type="submit" className={button}>
            Search
          </button>
        )}
        {tail.running ? (
          <button type="button" className={button} onClick={stop}>
            Pause tail
          </button>
        ) : (
          <button
            type="button"
            className={button}
            onClick={() => void runTail(mode === "tail" && tail.cursor !== null)}
          >
            {mode === "tail" && tail.cursor ? "Resume tail" : "Live tail"}
          </button>
        )}
      </form>
      <FilterHelp />

      {producing ? (
        <ProducePanel
          key={JSON.stringify(producing)}
          produceUrl={base}
          initial={producing}
          readOnly={readOnly}
          onProduced={() => undefined}
        />
      ) : null}

      {error ? <ErrorPanel title="The messages could not be read" code={error.code} message={error.message} /> : null}

      <Status mode={mode} page={page} search={search} tail={tail} count={records.length} />

      <div className="flex flex-wrap items-center gap-2">
        {mode === "browse" && page ? (
          <>
            <button
              type="button"
              className={button}
              disabled={!page.prevCursor || loading}
              onClick={() => void browse(page.prevCursor!)}
            >
              ← Older
            </button>
            <button type="button" className={button} disabled={loading} onClick={() => void browse(page.nextCursor)}>
              Newer →
            </button>
          </>
        ) : null}
        {mode === "search" && !search.running && search.cursor ? (
          <button type="button" className={button} onClick={() => void runSearch(search.cursor!)}>
            Continue scanning
          </button>
        ) : null}
        <span className="ml-auto flex items-center gap-2 text-sm">
          <label>
            <span className="sr-only">Export format</span>
            <select
              value={exportFormat}
              onChange={(e) => setExportFormat(e.target.value as ExportFormat)}
              className={control}
            >
              {EXPORT_FORMATS.map((f) => (
                <option key={f}>{f}</option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className={button}
            disabled={records.length === 0}
            onClick={() => downloadRecords(records, exportFormat, `${topic}-messages`)}
          >
            Export {records.length}
          </button>
        </span>
      </div>

      <div className="grid gap-4 xl:grid-cols-[3fr_2fr]">
        {records.length === 0 && !loading ? (
          <p className="rounded border border-dashed border-slate-300 p-6 text-sm text-slate-500 dark:border-slate-700">
            {mode === "tail"
              ? tail.listening
                ? "Waiting for new records…"
                : "Connecting to the cluster…"
              : mode === "search"
                ? search.running
                  ? "Scanning…"
                  : "No record matched in what was scanned."
                : "No records here: the topic (or these partitions) holds none at this position."}
          </p>
        ) : (
          <RecordList records={records} selected={selected ? recordId(selected) : null} onSelect={setSelected} />
        )}
        {selected ? (
          <RecordDetail
            key={recordId(selected)}
            record={selected}
            permalink={permalink(selected)}
            loadingFull={loadingFull}
            onLoadFull={() => void loadFull()}
            onReproduce={() => reproduce(selected)}
          />
        ) : (
          <p className="text-sm text-slate-500">Select a record to see it whole.</p>
        )}
      </div>
    </div>
  );
}

function Status({
  mode,
  page,
  search,
  tail,
  count,
}: {
  mode: Mode;
  page: MessagePage | null;
  search: SearchState;
  tail: { running: boolean; listening: boolean; scanned: number };
  count: number;
}) {
  if (mode === "browse" && page) {
    const total = page.partitions.reduce((sum, p) => sum + p.highWatermark - p.logStartOffset, 0);
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
        {count} records shown of <span title={exact(total)}>{formatCount(total)}</span> in {page.partitions.length}{" "}
        partition
        {page.partitions.length === 1 ? "" : "s"}
        {page.atEnd ? " · at the end" : ""}
        {page.notes.map((n) => ` · ${n}`)}
      </p>
    );
  }
  if (mode === "search") {
    const p = search.progress;
    return (
      <p role="status" data-testid="search-status" className="text-sm text-slate-600 dark:text-slate-300">
        {p ? (
          <>
            scanned <span title={exact(p.scanned)}>{formatCount(p.scanned)}</span> of{" "}
            <span title={exact(p.total)}>{formatCount(p.total)}</span> records, {p.matches} matches,{" "}
            {(p.elapsedMs / 1000).toFixed(1)} s
          </>
        ) : (
          "Starting…"
        )}
        {search.running ? " · scanning" : search.reason ? ` · stopped: ${REASONS[search.reason] ?? search.reason}` : ""}
      </p>
    );
  }
  if (mode === "tail") {
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
        {tail.running ? (tail.listening ? "Live" : "Connecting") : "Paused"} · {count} matching records shown ·{" "}
        {formatCount(tail.scanned)} new records seen
      </p>
    );
  }
  return null;
}

const REASONS: Record<string, string> = {
  end: "reached the end of the data",
  budget: "scan budget used up (continue to scan further)",
  limit: "match limit reached (continue for more)",
  aborted: "cancelled",
  cancelled: "cancelled",
};
