import type { OffsetsSample } from "../admin";
import type { Db } from "./client";

/**
 * The lag-history store: what the sampler writes each round, and the maintenance that downsamples
 * and expires it so the database stays bounded (README, "Lag history").
 *
 * Levels (resolutionS):
 * - 0, raw: one row per sample; totals AND per-partition group lag; kept RAW_RETENTION_MS (6 h).
 * - 300: 5-minute buckets of the totals (group, group × topic, topic, broker); kept 7 days.
 * - 3600: hourly buckets of the totals, made from the 5-minute ones; kept 90 days.
 * Each bucket keeps samples, min, max, sum (avg = sum / samples) and last; offsets keep last only,
 * which is what rates need. Per-partition detail therefore reaches back 6 h; totals 90 days.
 *
 * Invariant: a bucket is aggregated only once it is closed (its end ≤ now), from a finer level that
 * still holds all of it (the finer level's retention is longer than the coarser bucket), and with
 * INSERT OR REPLACE, so re-running maintenance after a crash yields the same rows.
 */
export const RESOLUTION_RAW_S = 0;
export const RESOLUTION_5MIN_S = 300;
export const RESOLUTION_HOUR_S = 3600;
export const RAW_RETENTION_MS = 6 * 3600_000;
export const FIVE_MINUTE_RETENTION_MS = 7 * 24 * 3600_000;
export const HOURLY_RETENTION_MS = 90 * 24 * 3600_000;
/** Round records (and their errors) are kept as long as the 5-minute level. */
export const ROUND_RETENTION_MS = FIVE_MINUTE_RETENTION_MS;
/** Rows per INSERT statement: each binds one JSON array of this many tuples (about 60 bytes each). */
const INSERT_CHUNK_ROWS = 2_000;
/**
 * How long a round's write transaction may take (Prisma's default is 5 s). About 1 s for 100,000
 * rows on an idle 2-core machine; the margin is for a machine that is busy with other work.
 */
const RECORD_TRANSACTION_TIMEOUT_MS = 60_000;

/** Levels made by downsampling: [target resolution, source resolution, retention of the target]. */
export const DOWNSAMPLE_LEVELS = [
  { resolutionS: RESOLUTION_5MIN_S, fromResolutionS: RESOLUTION_RAW_S },
  { resolutionS: RESOLUTION_HOUR_S, fromResolutionS: RESOLUTION_5MIN_S },
] as const;

export const RETENTION_MS_BY_RESOLUTION: Record<number, number> = {
  [RESOLUTION_RAW_S]: RAW_RETENTION_MS,
  [RESOLUTION_5MIN_S]: FIVE_MINUTE_RETENTION_MS,
  [RESOLUTION_HOUR_S]: HOURLY_RETENTION_MS,
};

/** One raw LagPoint: [groupId, topic, partition, lag, committed, timeLagMs | null]. */
type LagTuple = [string, string, number, number, number, number | null];

/**
 * Raw LagPoint tuples of one sample: per partition, per group × topic (partition -1), per group
 * (topic ""). Generated lazily, so a round at 100,000 rows never holds them all at once.
 */
export function* lagTuplesOf(sample: OffsetsSample): Generator<LagTuple> {
  for (const { groupId, offsets, maxTimeLagMs } of sample.groups) {
    // Totals count only partitions whose lag is known, so a leader that did not answer lowers no total to 0.
    const topics = new Map<string, { lag: number; committed: number }>();
    for (const o of offsets) {
      if (o.lag === null) continue;
      const t = topics.get(o.topic) ?? { lag: 0, committed: 0 };
      topics.set(o.topic, t);
      t.lag += o.lag;
      t.committed += o.committedOffset;
      yield [groupId, o.topic, o.partition, o.lag, o.committedOffset, null];
    }
    if (topics.size === 0) continue;
    let total = 0;
    let committed = 0;
    for (const [topic, t] of topics) {
      yield [groupId, topic, -1, t.lag, t.committed, null];
      total += t.lag;
      committed += t.committed;
    }
    yield [groupId, "", -1, total, committed, maxTimeLagMs];
  }
}

/**
 * Raw OffsetPoint tuples [topic, sum of log end offsets]: one per topic (partition -1), what
 * produce rates need. Per-partition log end offsets are not stored: at 10,000 partitions they would
 * be most of the database, and a group's per-partition rows already carry lag + committed.
 */
export function offsetTuplesOf(sample: OffsetsSample): [string, number][] {
  const sums = new Map<string, number>();
  for (const p of sample.partitions) {
    if (p.logEndOffset !== null) sums.set(p.topic, (sums.get(p.topic) ?? 0) + p.logEndOffset);
  }
  return [...sums];
}

/**
 * The raw-level INSERTs. ?1 = clusterId, ?2 = sample time, ?3 = a JSON array of tuples that
 * json_each unpacks; a raw row is one sample, so min = max = sum = last.
 *
 * Why JSON: the SQLite driver (libsql) frees a prepared statement's native memory only when V8
 * collects its small JS wrapper, which can take many rounds; a multi-row VALUES statement compiles
 * to a program about as large as its rows (~1 KB a row), so 100,000 rows a round piled up hundreds
 * of MB outside the heap. This statement's program is a few dozen instructions whatever it inserts,
 * and its argument is about 60 bytes a row (Prisma keeps the arguments of its last 100 queries,
 * @prisma/debug's history even with DEBUG off: at most about 12 MB of these strings).
 */
const INSERT_RAW_LAG_SQL = `INSERT INTO "LagPoint"
  ("clusterId","groupId","topic","partition","resolutionS","bucketMs","samples","lagMin","lagMax","lagSum","lagLast",
   "committedLast","timeLagMin","timeLagMax","timeLagSum","timeLagSamples","timeLagLast")
SELECT ?1, value->>0, value->>1, value->>2, ${RESOLUTION_RAW_S}, ?2, 1, value->>3, value->>3, value->>3, value->>3,
  value->>4, value->>5, value->>5, value->>5, (value->>5) IS NOT NULL, value->>5
FROM json_each(?3)`;

const INSERT_RAW_OFFSET_SQL = `INSERT INTO "OffsetPoint"
  ("clusterId","topic","partition","resolutionS","bucketMs","samples","endOffsetLast")
SELECT ?1, value->>0, -1, ${RESOLUTION_RAW_S}, ?2, 1, value->>1 FROM json_each(?3)`;

const INSERT_RAW_BROKER_SQL = `INSERT INTO "BrokerPoint"
  ("clusterId","brokerId","resolutionS","bucketMs","samples","leadersMin","leadersMax","leadersSum","leadersLast")
SELECT ?1, value->>0, ${RESOLUTION_RAW_S}, ?2, 1, value->>1, value->>1, value->>1, value->>1 FROM json_each(?3)`;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** A number headed for the database; JSON would silently turn NaN or Infinity into null. */
function finite(value: number): number {
  if (!Number.isFinite(value)) throw new Error(`lag history: ${value} cannot be stored`);
  return value;
}

function assertStorable(tuple: readonly (string | number | null)[]): void {
  for (const v of tuple) if (typeof v === "number") finite(v);
}

/** Runs `sql` once per INSERT_CHUNK_ROWS tuples; returns how many tuples were inserted. */
async function insertTuples(
  tx: Tx,
  sql: string,
  clusterId: string,
  atMs: bigint,
  tuples: Iterable<readonly (string | number | null)[]>,
): Promise<number> {
  let chunk: (readonly (string | number | null)[])[] = [];
  let count = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    await tx.$executeRawUnsafe(sql, clusterId, atMs, JSON.stringify(chunk));
    count += chunk.length;
    chunk = [];
  };
  for (const tuple of tuples) {
    assertStorable(tuple);
    chunk.push(tuple);
    if (chunk.length >= INSERT_CHUNK_ROWS) await flush();
  }
  await flush();
  return count;
}

/** Stores one successful round (raw level) and its SampleRound record, in one transaction. */
export async function recordSample(db: Db, clusterId: string, sample: OffsetsSample, durationMs: number) {
  const at = BigInt(sample.atMs);
  const brokers = sample.brokerLeaders.map((b) => [b.brokerId, b.leaders]);
  return db.$transaction(
    async (tx) => {
      const lagRows = await insertTuples(tx, INSERT_RAW_LAG_SQL, clusterId, at, lagTuplesOf(sample));
      const offsetRows = await insertTuples(tx, INSERT_RAW_OFFSET_SQL, clusterId, at, offsetTuplesOf(sample));
      await insertTuples(tx, INSERT_RAW_BROKER_SQL, clusterId, at, brokers);
      await tx.sampleRound.create({
        data: {
          clusterId,
          atMs: at,
          durationMs,
          groups: sample.groups.length,
          partitions: sample.partitions.length,
          error: null,
        },
      });
      return { lagRows, offsetRows };
    },
    { timeout: RECORD_TRANSACTION_TIMEOUT_MS, maxWait: RECORD_TRANSACTION_TIMEOUT_MS },
  );
}

/** Records a round that failed (cluster unreachable...): no points, so the charts show a gap. */
export async function recordFailedRound(db: Db, clusterId: string, atMs: number, durationMs: number, error: string) {
  await db.sampleRound.create({
    data: { clusterId, atMs: BigInt(atMs), durationMs, groups: 0, partitions: 0, error },
  });
}

/**
 * Downsampling SQL. The window function picks each bucket's last value (the row with the latest
 * bucketMs); `bucketMs / step * step` is SQLite integer division (bucketMs is an INTEGER).
 * Parameters: resolution, step ms, clusterId, source resolution, start, end, step ms (window).
 */
const DOWNSAMPLE_LAG_SQL = `INSERT OR REPLACE INTO "LagPoint"
  ("clusterId","groupId","topic","partition","resolutionS","bucketMs","samples","lagMin","lagMax","lagSum","lagLast",
   "committedLast","timeLagMin","timeLagMax","timeLagSum","timeLagSamples","timeLagLast")
SELECT "clusterId","groupId","topic","partition",?1,bucket,SUM("samples"),MIN("lagMin"),MAX("lagMax"),SUM("lagSum"),
  MAX(lastLag),MAX(lastCommitted),MIN("timeLagMin"),MAX("timeLagMax"),SUM("timeLagSum"),SUM("timeLagSamples"),
  MAX(lastTimeLag)
FROM (SELECT *, ("bucketMs" / ?2) * ?2 AS bucket,
    FIRST_VALUE("lagLast") OVER w AS lastLag, FIRST_VALUE("committedLast") OVER w AS lastCommitted,
    FIRST_VALUE("timeLagLast") OVER w AS lastTimeLag
  FROM "LagPoint"
  WHERE "clusterId" = ?3 AND "resolutionS" = ?4 AND "bucketMs" >= ?5 AND "bucketMs" < ?6 AND "partition" = -1
  WINDOW w AS (PARTITION BY "groupId","topic","partition",("bucketMs" / ?2) ORDER BY "bucketMs" DESC))
GROUP BY "clusterId","groupId","topic","partition",bucket`;

const DOWNSAMPLE_OFFSET_SQL = `INSERT OR REPLACE INTO "OffsetPoint"
  ("clusterId","topic","partition","resolutionS","bucketMs","samples","endOffsetLast")
SELECT "clusterId","topic","partition",?1,bucket,SUM("samples"),MAX(lastEnd)
FROM (SELECT *, ("bucketMs" / ?2) * ?2 AS bucket, FIRST_VALUE("endOffsetLast") OVER w AS lastEnd
  FROM "OffsetPoint"
  WHERE "clusterId" = ?3 AND "resolutionS" = ?4 AND "bucketMs" >= ?5 AND "bucketMs" < ?6 AND "partition" = -1
  WINDOW w AS (PARTITION BY "topic","partition",("bucketMs" / ?2) ORDER BY "bucketMs" DESC))
GROUP BY "clusterId","topic","partition",bucket`;

const DOWNSAMPLE_BROKER_SQL = `INSERT OR REPLACE INTO "BrokerPoint"
  ("clusterId","brokerId","resolutionS","bucketMs","samples","leadersMin","leadersMax","leadersSum","leadersLast")
SELECT "clusterId","brokerId",?1,bucket,SUM("samples"),MIN("leadersMin"),MAX("leadersMax"),SUM("leadersSum"),
  MAX(lastLeaders)
FROM (SELECT *, ("bucketMs" / ?2) * ?2 AS bucket, FIRST_VALUE("leadersLast") OVER w AS lastLeaders
  FROM "BrokerPoint"
  WHERE "clusterId" = ?3 AND "resolutionS" = ?4 AND "bucketMs" >= ?5 AND "bucketMs" < ?6
  WINDOW w AS (PARTITION BY "brokerId",("bucketMs" / ?2) ORDER BY "bucketMs" DESC))
GROUP BY "clusterId","brokerId",bucket`;

const HISTORY_TABLES = ["LagPoint", "OffsetPoint", "BrokerPoint"] as const;

/** Start of the first bucket of `resolutionS` not yet made: one past the newest existing one. */
async function downsampledUntil(db: Db, clusterId: string, resolutionS: number): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<{ newest: bigint | number | null }[]>(
    `SELECT MAX(newest) AS newest FROM (${HISTORY_TABLES.map(
      (t) => `SELECT MAX("bucketMs") AS newest FROM "${t}" WHERE "clusterId" = ?1 AND "resolutionS" = ?2`,
    ).join(" UNION ALL ")})`,
    clusterId,
    resolutionS,
  );
  const newest = rows[0]?.newest;
  return newest === null || newest === undefined ? null : Number(newest) + resolutionS * 1000;
}

/**
 * Makes every closed bucket not made yet, then deletes what is past retention. Cheap when run
 * often: each call aggregates only the buckets closed since the previous one.
 */
export async function maintainHistory(db: Db, clusterId: string, nowMs: number): Promise<void> {
  for (const level of DOWNSAMPLE_LEVELS) {
    const stepMs = level.resolutionS * 1000;
    const end = Math.floor(nowMs / stepMs) * stepMs;
    const start = (await downsampledUntil(db, clusterId, level.resolutionS)) ?? end - RAW_RETENTION_MS - stepMs;
    if (start >= end) continue;
    // BigInt parameters bind as SQLite INTEGERs, so `/` is integer division (a JS number binds as REAL).
    const args = [level.resolutionS, BigInt(stepMs), clusterId, level.fromResolutionS, BigInt(start), BigInt(end)];
    await db.$executeRawUnsafe(DOWNSAMPLE_LAG_SQL, ...args);
    await db.$executeRawUnsafe(DOWNSAMPLE_OFFSET_SQL, ...args);
    await db.$executeRawUnsafe(DOWNSAMPLE_BROKER_SQL, ...args);
  }
  for (const [resolution, retentionMs] of Object.entries(RETENTION_MS_BY_RESOLUTION)) {
    for (const table of HISTORY_TABLES) {
      await db.$executeRawUnsafe(
        `DELETE FROM "${table}" WHERE "clusterId" = ?1 AND "resolutionS" = ?2 AND "bucketMs" < ?3`,
        clusterId,
        Number(resolution),
        BigInt(nowMs - retentionMs),
      );
    }
  }
  await db.sampleRound.deleteMany({ where: { clusterId, atMs: { lt: BigInt(nowMs - ROUND_RETENTION_MS) } } });
}

/** Drops every history row of a cluster (it was unregistered). */
export async function deleteClusterHistory(db: Db, clusterId: string): Promise<void> {
  for (const table of [...HISTORY_TABLES, "SampleRound"]) {
    await db.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "clusterId" = ?1`, clusterId);
  }
}
