/**
 * Merging per-partition runs of records into one page ordered by timestamp. Within a partition
 * records stay in offset order (timestamps there need not be monotonic), so the page always takes
 * a prefix (forward) or a suffix (backward) of each partition's run, and a cursor of one offset
 * per partition continues exactly where the page stopped: nothing skipped, nothing repeated.
 * Ties are broken by partition, then offset.
 */
export interface Positioned {
  partition: number;
  offset: number;
  timestamp: number;
}

export interface MergedPage<R> {
  records: R[];
  /** Per partition: the first offset not taken (forward), or the first offset taken (backward). */
  positions: Map<number, number>;
}

function before(a: Positioned, b: Positioned): boolean {
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  if (a.partition !== b.partition) return a.partition < b.partition;
  return a.offset < b.offset;
}

/**
 * The first `limit` records by timestamp, taking from the heads of `runs` (each in offset order).
 * `starts` are the offsets the runs were read from; a partition nothing was taken from keeps its.
 */
export function mergeForward<R extends Positioned>(
  runs: Map<number, R[]>,
  starts: Map<number, number>,
  limit: number,
): MergedPage<R> {
  const heads = new Map<number, number>([...runs.keys()].map((p) => [p, 0]));
  const positions = new Map(starts);
  const records: R[] = [];
  while (records.length < limit) {
    let best: R | undefined;
    for (const [partition, index] of heads) {
      const candidate = runs.get(partition)![index];
      if (candidate && (!best || before(candidate, best))) best = candidate;
    }
    if (!best) break;
    records.push(best);
    heads.set(best.partition, heads.get(best.partition)! + 1);
    positions.set(best.partition, best.offset + 1);
  }
  return { records, positions };
}

/**
 * The last `limit` records by timestamp, taking from the tails of `runs`; returned oldest first.
 * `ends` are the exclusive ends the runs were read up to.
 */
export function mergeBackward<R extends Positioned>(
  runs: Map<number, R[]>,
  ends: Map<number, number>,
  limit: number,
): MergedPage<R> {
  const tails = new Map<number, number>([...runs].map(([p, run]) => [p, run.length - 1]));
  const positions = new Map(ends);
  const records: R[] = [];
  while (records.length < limit) {
    let best: R | undefined;
    for (const [partition, index] of tails) {
      const candidate = index >= 0 ? runs.get(partition)![index] : undefined;
      if (candidate && (!best || before(best, candidate))) best = candidate;
    }
    if (!best) break;
    records.push(best);
    tails.set(best.partition, tails.get(best.partition)! - 1);
    positions.set(best.partition, best.offset);
  }
  return { records: records.reverse(), positions };
}
