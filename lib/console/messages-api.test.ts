import kafkajs from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmbeddedCluster, type TestCluster } from "../admin/testing/test-clusters";
import { listAudit } from "../db/audit-log";
import { getConsoleContext } from "./context";
import {
  BASE,
  callRoute,
  reloadConsoleConfig,
  startTestConsole,
  type Handler,
  type JsonBody,
} from "./testing/route-harness";

/**
 * The messages API's route handlers, called as Next calls them, against an embedded cluster
 * seeded through kafkajs: browsing from every start position, paging, search streaming, tail and
 * produce, and the 4xx answers for requests that cannot be served.
 */
const TOPIC = "msgs";
const PARAMS = { id: "emb", topic: TOPIC };
const T0 = Date.parse("2026-03-01T00:00:00Z");

const call = (handler: Handler, query: string, init?: RequestInit) =>
  callRoute(handler, `/api/clusters/emb/topics/${TOPIC}/messages${query}`, PARAMS, init);

const text = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

describe("messages API", () => {
  let cluster: TestCluster;
  let testConsole: ReturnType<typeof startTestConsole>;
  let routes: Record<string, Record<string, Handler>>;
  let kafka: kafkajs.Kafka;

  beforeAll(async () => {
    cluster = await startTestEmbeddedCluster(2);
    kafka = new kafkajs.Kafka({ brokers: cluster.bootstrapServers, logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    // Partition 0: offsets 0..9 at T0 + 0, 20, 40…; partition 1: offsets 0..9 at T0 + 10, 30, 50…
    for (const partition of [0, 1]) {
      await producer.send({
        topic: TOPIC,
        messages: Array.from({ length: 10 }, (_, i) => ({
          partition,
          key: `k${partition}-${i}`,
          value: i === 7 ? `{"level":"error","n":${i}}` : `p${partition} message ${i}`,
          timestamp: String(T0 + i * 20 + partition * 10),
          headers: i % 2 === 0 ? { trace: `t${i}` } : {},
        })),
      });
    }
    await producer.disconnect();
    testConsole = startTestConsole("emb", cluster.bootstrapServers, "pier-messages-test-");
    routes = {
      messages: await import("@/app/api/clusters/[id]/topics/[topic]/messages/route"),
      search: await import("@/app/api/clusters/[id]/topics/[topic]/messages/search/route"),
      tail: await import("@/app/api/clusters/[id]/topics/[topic]/messages/tail/route"),
      openapi: await import("@/app/api/openapi.json/route"),
    } as unknown as Record<string, Record<string, Handler>>;
  });

  afterAll(async () => {
    await testConsole?.close();
    await cluster?.stop();
  });

  const ids = (body: JsonBody) => body.records.map((r: JsonBody) => `${r.partition}:${r.offset}`);

  it("browses from the oldest records, merged by timestamp, and pages forward and back", async () => {
    const first = await call(routes.messages!.GET!, "?from=oldest&limit=3");
    expect(first.status).toBe(200);
    expect(ids(first.body!)).toEqual(["0:0", "1:0", "0:1"]);
    const r = first.body!.records[0];
    expect(r).toMatchObject({ timestamp: T0, timestampType: "CreateTime", compression: "none" });
    expect(text(r.key.base64)).toBe("k0-0");
    expect(r.headers).toEqual([
      { key: "trace", value: expect.objectContaining({ base64: Buffer.from("t0").toString("base64") }) },
    ]);
    expect(first.body!.prevCursor).toBeNull();
    const second = await call(routes.messages!.GET!, `?cursor=${first.body!.nextCursor}&limit=3`);
    expect(ids(second.body!)).toEqual(["1:1", "0:2", "1:2"]);
    const back = await call(routes.messages!.GET!, `?cursor=${second.body!.prevCursor}&limit=3`);
    expect(ids(back.body!)).toEqual(["0:0", "1:0", "0:1"]);
    expect(first.body!.partitions).toEqual([
      { partition: 0, logStartOffset: 0, highWatermark: 10 },
      { partition: 1, logStartOffset: 0, highWatermark: 10 },
    ]);
  });

  it("starts at the newest records, an offset or a timestamp, on chosen partitions", async () => {
    const newest = await call(routes.messages!.GET!, "?from=newest&limit=3");
    expect(ids(newest.body!)).toEqual(["1:8", "0:9", "1:9"]);
    expect(newest.body!.atEnd).toBe(true);
    const older = await call(routes.messages!.GET!, `?cursor=${newest.body!.prevCursor}&limit=2`);
    expect(ids(older.body!)).toEqual(["1:7", "0:8"]);
    const atOffset = await call(routes.messages!.GET!, "?partition=1&offset=5&limit=2");
    expect(ids(atOffset.body!)).toEqual(["1:5", "1:6"]);
    const atTime = await call(routes.messages!.GET!, `?timestamp=${new Date(T0 + 95).toISOString()}&limit=2`);
    expect(ids(atTime.body!)).toEqual(["0:5", "1:5"]);
    const json = await call(routes.messages!.GET!, "?partition=0&offset=7&limit=1");
    expect(json.body!.records[0].value.format).toBe("json");
  });

  it("answers bad input with a 4xx that says what is wrong", async () => {
    const cases: [string, number, string, RegExp][] = [
      ["?offset=-1", 400, "invalid_input", /never negative/],
      ["?partition=0&offset=11", 400, "offset_out_of_range", /past the end of msgs-0.*0 to 9/],
      ["?partition=7", 404, "unknown_partition", /no partition 7/],
      ["?partition=x", 400, "invalid_input", /partition/],
      ["?from=oldest&offset=3", 400, "invalid_input", /one of offset, timestamp or from/],
      ["?cursor=bogus", 400, "invalid_cursor", /cursor/],
      ["?timestamp=yesterday", 400, "invalid_input", /ISO-8601/],
      ["?limit=2&full=true", 400, "invalid_input", /limit=1/],
    ];
    for (const [query, status, code, message] of cases) {
      const answer = await call(routes.messages!.GET!, query);
      expect(answer.status, query).toBe(status);
      expect(answer.body!.error.code, query).toBe(code);
      expect(answer.body!.error.message, query).toMatch(message);
    }
    const filter = await call(routes.search!.GET!, `/search?filter=${encodeURIComponent('value contain "x"')}`);
    expect(filter).toMatchObject({ status: 400, body: { error: { code: "invalid_filter" } } });
    expect(filter.body!.error.message).toMatch(/column 7/);
    const tail = await call(routes.tail!.GET!, `/tail?filter=${encodeURIComponent("partition >")}`);
    expect(tail.status).toBe(400);
  });

  async function search(query: string): Promise<JsonBody[]> {
    const response = await routes.search!.GET!(new Request(`${BASE}/x/search${query}`), {
      params: Promise.resolve(PARAMS),
    });
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    return (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as JsonBody);
  }

  it("streams search matches with progress and resumes from the cursor after a budget", async () => {
    const filter = encodeURIComponent('headers["trace"] exists and partition = 1 and offset >= 4');
    const events = await search(`?filter=${filter}`);
    expect(events[0]).toMatchObject({ type: "start", total: 20 });
    const matches = events.filter((e) => e.type === "match").map((e) => `${e.record.partition}:${e.record.offset}`);
    expect(matches).toEqual(["1:4", "1:6", "1:8"]);
    expect(events.at(-1)).toMatchObject({ type: "end", reason: "end", scanned: 20, matches: 3, cursor: null });
    const budgeted = await search(`?q=${encodeURIComponent("message")}&budget=12`);
    const end = budgeted.at(-1)!;
    expect(end).toMatchObject({ type: "end", reason: "budget", scanned: 12, matches: 11 });
    const rest = await search(`?q=message&cursor=${end.cursor}`);
    // Partition 1 offset 7 holds JSON without the word: 11 + 7 = the 18 records that match.
    expect(rest.at(-1)).toMatchObject({ reason: "end", scanned: 8, matches: 7 });
    const limited = await search("?q=message&limit=2");
    expect(limited.at(-1)).toMatchObject({ reason: "limit", matches: 2 });
  });

  it("produces text, binary and tombstone records, refusing cross-origin and read-only callers", async () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      call(routes.messages!.POST!, "", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const produced = await post(
      {
        records: [
          { key: "a", value: "hello", headers: [{ key: "h", value: "v" }], partition: 1 },
          { key: null, value: null, partition: 1 },
        ],
        compression: "gzip",
      },
      { origin: BASE, "sec-fetch-site": "same-origin" },
    );
    expect(produced).toMatchObject({ status: 201, body: { batches: [{ partition: 1, baseOffset: 10, count: 2 }] } });
    const binary = await post({
      records: [{ value: Buffer.from([0, 255, 1]).toString("base64"), partition: 0 }],
      encoding: "base64",
    });
    expect(binary.status).toBe(201);
    const back = await call(routes.messages!.GET!, "?partition=1&offset=10");
    expect(back.body!.records).toHaveLength(2);
    expect(back.body!.records[0]).toMatchObject({
      compression: "gzip",
      value: { base64: Buffer.from("hello").toString("base64") },
    });
    expect(back.body!.records[1].value).toBeNull();
    const bin = await call(routes.messages!.GET!, "?partition=0&offset=10");
    expect(bin.body!.records[0].value).toMatchObject({ format: "binary", size: 3 });

    const cross = await post(
      { records: [{ value: "x" }] },
      { "sec-fetch-site": "cross-site", origin: "https://evil.example" },
    );
    expect(cross).toMatchObject({ status: 403, body: { error: { code: "cross_origin" } } });
    const otherOrigin = await post({ records: [{ value: "x" }] }, { origin: "https://evil.example" });
    expect(otherOrigin.body!.error.message).toMatch(/evil\.example/);
    expect((await post({ records: [] })).status).toBe(400);
    const huge = await post({ records: [{ value: "x" }] }, { "content-length": String(64 * 1024 * 1024) });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: "too_large" } } });
    expect((await post({ records: [{ value: "x", partition: 9 }] })).status).toBe(404);
    // Applied and refused produces are on the record, without the records' contents.
    const { db } = await getConsoleContext();
    const { entries } = await listAudit(db, { clusterId: "emb", action: "message.produce", limit: 10 });
    expect(entries.map((e) => e.outcome)).toEqual(["error", "ok", "ok"]);
    expect(entries[2]).toMatchObject({ target: `topic:${TOPIC}`, parameters: { records: 2, compression: "gzip" } });
    expect(JSON.stringify(entries)).not.toContain("hello");
    expect((await post({ records: [{ value: "***" }], encoding: "base64" })).status).toBe(400);
    process.env.PIER_READ_ONLY = "1";
    reloadConsoleConfig();
    try {
      expect((await post({ records: [{ value: "x" }] })).body!.error.code).toBe("read_only");
    } finally {
      process.env.PIER_READ_ONLY = "0";
      reloadConsoleConfig();
    }
  });

  it("tails records produced after it started, filtered, over Server-Sent Events", async () => {
    const filter = encodeURIComponent('value contains "live"');
    const response = await routes.tail!.GET!(new Request(`${BASE}/x/tail?filter=${filter}`), {
      params: Promise.resolve(PARAMS),
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = "";
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: TOPIC, messages: [{ value: "not this one" }, { value: "live one", partition: 0 }] });
      while (!received.includes("event: record")) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
    } finally {
      await reader.cancel();
      await producer.disconnect();
    }
    const record = received.split("\n\n").find((e) => e.startsWith("event: record"))!;
    const data = JSON.parse(record.split("data: ")[1]!) as JsonBody;
    expect(text(data.record.value.base64)).toBe("live one");
    expect(received).toMatch(/event: position/);
  });

  it("documents the messages routes in /api/openapi.json", async () => {
    const response = await routes.openapi!.GET!(new Request(`${BASE}/api/openapi.json`), {
      params: Promise.resolve({}),
    });
    const paths = ((await response.json()) as JsonBody).paths as JsonBody;
    const base = "/api/clusters/{id}/topics/{topic}/messages";
    expect(Object.keys(paths[base])).toEqual(["get", "post"]);
    expect(paths[`${base}/search`].get.parameters.map((p: JsonBody) => p.name)).toContain("budget");
    expect(paths[`${base}/tail`].get.summary).toMatch(/Server-Sent Events/);
  });
});
