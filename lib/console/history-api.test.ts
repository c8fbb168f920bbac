import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OffsetsSample } from "../admin";
import { recordFailedRound, recordSample } from "../db/lag-history";
import { getConsoleContext } from "./context";

/**
 * The history and lag-alert routes, called as Next calls them, over a console database holding
 * synthetic rounds (history routes read the database only, never the cluster).
 */
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const store = globalThis as unknown as { pierConsole?: unknown; pierDb?: Promise<{ $disconnect(): Promise<void> }> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests walk arbitrary JSON answers
type JsonBody = Record<string, any>;

async function call(handler: Handler, url: string, params: Record<string, string>, init?: RequestInit) {
  const response = await handler(new Request(`http://console.test${url}`, init), { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as JsonBody) : undefined };
}
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

const INTERVAL_MS = 30_000;
const ROUNDS = 20;

/** Round i (oldest first, the last one 10 s ago): 40 records/round appended, 60 committed. */
function sample(i: number, nowMs: number): OffsetsSample {
  const end = 10_000 + i * 40;
  const committed = 8_000 + i * 60;
  return {
    atMs: nowMs - 10_000 - (ROUNDS - 1 - i) * INTERVAL_MS,
    partitions: [{ topic: "orders", partition: 0, logEndOffset: end }],
    groups: [
      {
        groupId: "billing",
        maxTimeLagMs: 5_000,
        offsets: [{ topic: "orders", partition: 0, committedOffset: committed, lag: end - committed }],
      },
    ],
    brokerLeaders: [{ brokerId: 1, leaders: 1 }],
  };
}

describe("history and lag-alert routes", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "pier-history-api-"));
  const saved = { ...process.env };
  let routes: Record<string, Record<string, Handler>>;
  const nowMs = Date.now();

  beforeAll(async () => {
    Object.assign(process.env, {
      PIER_DATA_DIR: dataDir,
      PIER_EMBEDDED: "0",
      PIER_READ_ONLY: "0",
      PIER_CLUSTERS: "hist=127.0.0.1:1",
      PIER_SAMPLE_INTERVAL_MS: String(INTERVAL_MS),
    });
    store.pierConsole = undefined;
    store.pierDb = undefined;
    const { db } = await getConsoleContext();
    for (let i = 0; i < ROUNDS; i++) await recordSample(db, "hist", sample(i, nowMs), 3);
    await recordFailedRound(db, "hist", nowMs - 5_000, 100, "connect ECONNREFUSED 127.0.0.1:1");
    routes = {
      lag: await import("@/app/api/clusters/[id]/consumer-groups/[group]/lag-history/route"),
      throughput: await import("@/app/api/clusters/[id]/topics/[topic]/throughput-history/route"),
      leaders: await import("@/app/api/clusters/[id]/brokers/leader-history/route"),
      alert: await import("@/app/api/clusters/[id]/consumer-groups/[group]/lag-alert/route"),
      alerts: await import("@/app/api/clusters/[id]/lag-alerts/route"),
      openapi: await import("@/app/api/openapi.json/route"),
    } as unknown as Record<string, Record<string, Handler>>;
  });

  afterAll(async () => {
    await (await store.pierDb)?.$disconnect();
    store.pierConsole = undefined;
    store.pierDb = undefined;
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves a group's lag history with rates, the catch-up estimate and failed rounds", async () => {
    const params = { id: "hist", group: "billing" };
    const { status, body } = await call(routes.lag!.GET!, "/x?from=" + (nowMs - 3_600_000), params);
    expect(status).toBe(200);
    expect(body!.resolutionS).toBe(0);
    const lags = body!.total.map((p: JsonBody) => p.lag.last);
    expect(lags).toEqual(Array.from({ length: ROUNDS }, (_, i) => 2_000 - i * 20));
    expect(body!.total[1].consumeRate).toBeCloseTo(2, 9);
    expect(body!.total[1].produceRate).toBeCloseTo(40 / 30, 9);
    // 1,620 records left, gaining 20 per 30 s.
    expect(body!.estimate.kind).toBe("catching_up");
    expect(body!.estimate.seconds).toBeCloseTo(1_620 / (20 / 30), 6);
    expect(body!.trend).toBe("shrinking");
    expect(body!.partitions).toHaveLength(1);
    expect(body!.failedRounds[0].error).toContain("ECONNREFUSED");
  });

  it("serves a topic's throughput and broker leaders", async () => {
    const t = await call(routes.throughput!.GET!, "/x", { id: "hist", topic: "orders" });
    expect(t.status).toBe(200);
    expect(t.body!.groups).toEqual(["billing"]);
    const rated = t.body!.points.filter((p: JsonBody) => p.produceRate !== null);
    expect(rated).toHaveLength(ROUNDS - 1);
    expect(rated[0].produceRate).toBeCloseTo(40 / 30, 9);
    expect(rated[0].consumeRates.billing).toBeCloseTo(2, 9);
    const l = await call(routes.leaders!.GET!, "/x", { id: "hist" });
    expect(l.body!.brokers).toEqual([1]);
    expect(l.body!.points.at(-1).leaders).toEqual({ "1": 1 });
  });

  it("refuses a bad window and an unknown cluster", async () => {
    const bad = await call(routes.lag!.GET!, "/x?from=yesterday", { id: "hist", group: "billing" });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_input" } } });
    const tooShort = await call(routes.lag!.GET!, `/x?from=${nowMs - 1000}&to=${nowMs}`, { id: "hist", group: "g" });
    expect(tooShort.status).toBe(400);
    const extra = await call(routes.lag!.GET!, "/x?range=1h", { id: "hist", group: "billing" });
    expect(extra.status).toBe(400);
    const missing = await call(routes.lag!.GET!, "/x", { id: "nope", group: "billing" });
    expect(missing.status).toBe(404);
  });

  it("stores lag alerts and says which groups are over", async () => {
    const params = { id: "hist", group: "billing" };
    expect((await call(routes.alert!.GET!, "/x", params)).body).toEqual({ alert: null });
    expect((await call(routes.alert!.PUT!, "/x", params, json("PUT", {}))).status).toBe(400);
    expect((await call(routes.alert!.PUT!, "/x", params, json("PUT", { maxLag: -1 }))).status).toBe(400);
    const put = await call(routes.alert!.PUT!, "/x", params, json("PUT", { maxLag: 1_000 }));
    expect(put.body!.alert).toMatchObject({ groupId: "billing", maxLag: 1_000, maxTimeLagMs: null });
    let alerts = (await call(routes.alerts!.GET!, "/x", { id: "hist" })).body!.alerts;
    expect(alerts).toMatchObject([{ groupId: "billing", lag: 1_620, over: true }]);
    await call(routes.alert!.PUT!, "/x", params, json("PUT", { maxLag: 5_000, maxTimeLagMs: 60_000 }));
    alerts = (await call(routes.alerts!.GET!, "/x", { id: "hist" })).body!.alerts;
    expect(alerts).toMatchObject([{ groupId: "billing", timeLagMs: 5_000, over: false }]);
    expect((await call(routes.alert!.DELETE!, "/x", params)).status).toBe(204);
    expect((await call(routes.alert!.DELETE!, "/x", params)).status).toBe(404);
  });

  it("documents the routes in /api/openapi.json", async () => {
    const { body } = await call(routes.openapi!.GET!, "/api/openapi.json", {});
    expect(Object.keys(body!.paths)).toEqual(
      expect.arrayContaining([
        "/api/clusters/{id}/consumer-groups/{group}/lag-history",
        "/api/clusters/{id}/topics/{topic}/throughput-history",
        "/api/clusters/{id}/brokers/leader-history",
        "/api/clusters/{id}/lag-alerts",
        "/api/clusters/{id}/consumer-groups/{group}/lag-alert",
      ]),
    );
  });
});
