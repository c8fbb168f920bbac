import { ClusterActionError } from "./reassignment-errors";

/**
 * The reassignment planner: a pure function from the current assignment of some partitions, their
 * sizes (DescribeLogDirs) and the target brokers to a new assignment that
 *   1. puts every replica on a target broker, at the target replication factor;
 *   2. keeps replicas of a partition on different racks (when every target broker has a rack);
 *   3. balances replicas per broker by count (within one), then by bytes;
 *   4. balances preferred leaders (the first replica) per broker by count;
 * while moving as little data as it can: a replica that may stay where it is stays, so an already
 * balanced set of partitions yields an empty plan, and a replication-factor change adds or removes
 * exactly the difference. With `rebalance: false` only steps 1 and 2 move anything (the RF-change
 * and drain-a-broker case). The planner balances only the partitions it is given, as Kafka's
 * kafka-reassign-partitions --generate does.
 */

/** Bytes are balanced once the spread (max − min) is within this fraction of the mean per broker. */
export const BYTES_BALANCE_TOLERANCE = 0.1;
/** Swap partners examined on each side of the ideal size (more only matter when racks rule most out). */
const SWAP_NEIGHBOURS = 4;
/** Upper bound on improvement steps of each balancing pass (each step strictly improves, so it ends anyway). */
export const MAX_BALANCE_STEPS = 100_000;

export interface PlanBroker {
  id: number;
  rack: string | null;
}

export interface PlanPartition {
  topic: string;
  partition: number;
  /** Current replicas; the first is the preferred leader. */
  replicas: readonly number[];
  /** Size of the partition (its leader's replica), bytes. */
  sizeBytes: number;
}

export interface PlanInput {
  /** The brokers the replicas may be on (the others are drained). */
  brokers: readonly PlanBroker[];
  partitions: readonly PlanPartition[];
  /** Target replication factor by topic; a topic not listed keeps its current one. */
  replicationFactors?: Readonly<Record<string, number>>;
  /** Also move replicas and preferred leaders to balance brokers (default true). */
  rebalance?: boolean;
}

export interface PartitionMove {
  topic: string;
  partition: number;
  current: number[];
  proposed: number[];
  /** Replicas that will be copied (in proposed, not in current). */
  addingReplicas: number[];
  /** Replicas that will be deleted (in current, not in proposed). */
  removingReplicas: number[];
  /** Bytes to copy: size × adding replicas. */
  movedBytes: number;
}

export interface BrokerLoad {
  brokerId: number;
  replicas: number;
  /** Partitions whose preferred leader (first replica) is this broker. */
  preferredLeaders: number;
  bytes: number;
}

export interface ReassignmentPlan {
  /** Only the partitions whose replica list changes (set or order). */
  moves: PartitionMove[];
  before: BrokerLoad[];
  after: BrokerLoad[];
  movedBytes: number;
  movedReplicas: number;
  /** Partitions considered. */
  partitions: number;
}

export function planReassignment(input: PlanInput): ReassignmentPlan {
  const placement = new Placement(input);
  placement.keepWhatMayStay();
  placement.fillMissing();
  if (input.rebalance ?? true) {
    placement.balanceCounts();
    placement.balanceBytes();
  }
  const proposed = placement.orderLeaders(input.rebalance ?? true);
  return summarise(input, proposed);
}

function validateInput(input: PlanInput): void {
  if (input.brokers.length === 0) throw new ClusterActionError(400, "invalid_input", "Choose at least one broker.");
  const ids = input.brokers.map((b) => b.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) {
    throw new ClusterActionError(400, "invalid_input", `Broker ${duplicate} is listed twice.`);
  }
  for (const [topic, rf] of Object.entries(input.replicationFactors ?? {})) {
    if (!Number.isInteger(rf) || rf < 1 || rf > input.brokers.length) {
      throw new ClusterActionError(
        400,
        "invalid_input",
        `Replication factor ${rf} for topic "${topic}" is not possible on ${input.brokers.length} chosen broker(s): it must be between 1 and the number of brokers.`,
      );
    }
  }
  for (const p of input.partitions) {
    const rf = targetFactor(input, p);
    if (rf > input.brokers.length) {
      throw new ClusterActionError(
        400,
        "invalid_input",
        `${p.topic}-${p.partition} has ${rf} replicas but only ${input.brokers.length} broker(s) are chosen: choose more brokers or lower the replication factor.`,
      );
    }
  }
}

function targetFactor(input: PlanInput, p: PlanPartition): number {
  return input.replicationFactors?.[p.topic] ?? new Set(p.replicas).size;
}

/** The mutable state of one planning run: replica sets per partition and the load of each broker. */
class Placement {
  private readonly sets: number[][];
  private readonly factors: number[];
  private readonly count = new Map<number, number>();
  private readonly bytes = new Map<number, number>();
  /**
   * broker → indexes of the partitions with a replica on it, sorted by size then index, so a step
   * finds the replica of a wanted size by binary search instead of scanning every partition.
   */
  private readonly onBroker = new Map<number, number[]>();
  private readonly rackOf = new Map<number, string>();
  private readonly rackCount: number;
  private readonly targets: number[];

  constructor(private readonly input: PlanInput) {
    validateInput(input);
    this.targets = input.brokers.map((b) => b.id).sort((a, b) => a - b);
    for (const id of this.targets) {
      this.count.set(id, 0);
      this.bytes.set(id, 0);
      this.onBroker.set(id, []);
    }
    // Racks count only when every target broker has one (Kafka's rule for rack-aware placement).
    if (input.brokers.every((b) => b.rack !== null)) for (const b of input.brokers) this.rackOf.set(b.id, b.rack!);
    this.rackCount = new Set(this.rackOf.values()).size;
    this.factors = input.partitions.map((p) => targetFactor(input, p));
    this.sets = input.partitions.map(() => []);
  }

  private size(i: number): number {
    return sizeOf(this.input.partitions[i]!);
  }

  private add(i: number, broker: number): void {
    this.sets[i]!.push(broker);
    const sorted = this.onBroker.get(broker)!;
    sorted.splice(this.positionIn(sorted, i), 0, i);
    this.count.set(broker, this.count.get(broker)! + 1);
    this.bytes.set(broker, this.bytes.get(broker)! + this.size(i));
  }

  private remove(i: number, broker: number): void {
    const set = this.sets[i]!;
    set.splice(set.indexOf(broker), 1);
    const sorted = this.onBroker.get(broker)!;
    sorted.splice(this.positionIn(sorted, i), 1);
    this.count.set(broker, this.count.get(broker)! - 1);
    this.bytes.set(broker, this.bytes.get(broker)! - this.size(i));
  }

  /** Where partition i is (or would go) in a list sorted by (size, index). */
  private positionIn(sorted: readonly number[], i: number): number {
    const size = this.size(i);
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const m = sorted[mid]!;
      if (this.size(m) < size || (this.size(m) === size && m < i)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Whether `broker` may join partition i's replicas without two too many on one rack. */
  private fitsRack(i: number, broker: number, ignoring?: number): boolean {
    const rack = this.rackOf.get(broker);
    if (rack === undefined) return true;
    const perRack = Math.ceil(this.factors[i]! / this.rackCount);
    const same = this.sets[i]!.filter((b) => b !== ignoring && this.rackOf.get(b) === rack).length;
    return same < perRack;
  }

  /** Lighter broker first: by replica count, then bytes, then id (deterministic plans). */
  private lighter = (a: number, b: number): number =>
    this.count.get(a)! - this.count.get(b)! || this.bytes.get(a)! - this.bytes.get(b)! || a - b;

  /** Step 1: current replicas on target brokers stay, racks apart, trimmed to the target factor. */
  keepWhatMayStay(): void {
    const targets = new Set(this.targets);
    this.input.partitions.forEach((p, i) => {
      for (const b of p.replicas) {
        if (targets.has(b) && !this.sets[i]!.includes(b) && this.fitsRack(i, b)) this.add(i, b);
      }
    });
    // Fewer replicas (RF decrease): drop those on the busiest brokers, the preferred leader last.
    this.input.partitions.forEach((_, i) => {
      const set = this.sets[i]!;
      while (set.length > this.factors[i]!) {
        const candidates = set.length > 1 ? set.slice(1) : set;
        const busiest = [...candidates].sort((a, b) => this.lighter(b, a))[0]!;
        this.remove(i, busiest);
      }
    });
  }

  /** Step 2: missing replicas go to the lightest allowed brokers, largest partitions first. */
  fillMissing(): void {
    const order = this.input.partitions.map((_, i) => i).sort((a, b) => this.size(b) - this.size(a) || a - b);
    for (const i of order) {
      while (this.sets[i]!.length < this.factors[i]!) {
        const free = this.targets.filter((b) => !this.sets[i]!.includes(b)).sort(this.lighter);
        // Racks apart when possible; with fewer racks than replicas fitsRack allows the even share.
        const chosen = free.find((b) => this.fitsRack(i, b)) ?? free[0];
        if (chosen === undefined) break;
        this.add(i, chosen);
      }
    }
  }

  /** Whether partition i could move its replica from `from` to `to` (rack rule kept). */
  private canMove(i: number, from: number, to: number): boolean {
    return !this.sets[i]!.includes(to) && this.fitsRack(i, to, from);
  }

  /** Partitions that could move their replica from `from` to `to`, by size. */
  private movable(from: number, to: number): number[] {
    return this.onBroker.get(from)!.filter((i) => this.canMove(i, from, to));
  }

  /**
   * The movable replica on `from` whose size is closest to `wanted` (the smaller on ties): from
   * the binary-search position outwards, the first movable one on each side.
   */
  private closestMovable(from: number, to: number, wanted: number): number | undefined {
    const sorted = this.onBroker.get(from)!;
    const at = lowerBound(sorted, wanted, (i) => this.size(i));
    let below: number | undefined;
    for (let k = at - 1; k >= 0 && below === undefined; k--) if (this.canMove(sorted[k]!, from, to)) below = sorted[k];
    let above: number | undefined;
    for (let k = at; k < sorted.length && above === undefined; k++)
      if (this.canMove(sorted[k]!, from, to)) above = sorted[k];
    if (below === undefined || above === undefined) return below ?? above;
    return wanted - this.size(below) <= this.size(above) - wanted ? below : above;
  }

  private moveReplica(i: number, from: number, to: number): void {
    this.remove(i, from);
    this.add(i, to);
  }

  /** Step 3: while some broker has two more replicas than another, move one (the size that best evens bytes). */
  balanceCounts(): void {
    for (let step = 0; step < MAX_BALANCE_STEPS; step++) {
      const move = this.bestCountMove();
      if (!move) return;
      this.moveReplica(move.i, move.from, move.to);
    }
  }

  private bestCountMove(): { i: number; from: number; to: number } | undefined {
    const heavy = [...this.targets].sort((a, b) => this.lighter(b, a));
    const light = [...this.targets].sort(this.lighter);
    for (const from of heavy) {
      for (const to of light) {
        if (this.count.get(from)! - this.count.get(to)! <= 1) break;
        const half = (this.bytes.get(from)! - this.bytes.get(to)!) / 2;
        // The size closest to half the byte gap evens bytes too; the smaller on ties (less to copy).
        const best = this.closestMovable(from, to, half);
        if (best !== undefined) return { i: best, from, to };
      }
    }
    return undefined;
  }

  /**
   * Step 4: while the byte spread exceeds the tolerance, swap (or move, when counts allow) replicas
   * between the heaviest and the lightest broker. Each step narrows their gap, so the sum of
   * squared loads strictly falls and the pass ends.
   */
  balanceBytes(): void {
    for (let step = 0; step < MAX_BALANCE_STEPS; step++) {
      const byBytes = [...this.targets].sort((a, b) => this.bytes.get(a)! - this.bytes.get(b)! || a - b);
      const lo = byBytes[0]!;
      const hi = byBytes[byBytes.length - 1]!;
      const gap = this.bytes.get(hi)! - this.bytes.get(lo)!;
      const mean = [...this.bytes.values()].reduce((a, b) => a + b, 0) / this.targets.length;
      if (gap <= BYTES_BALANCE_TOLERANCE * mean || gap === 0) return;
      const exchange = this.bestExchange(hi, lo, gap);
      if (!exchange) return;
      this.moveReplica(exchange.out, hi, lo);
      if (exchange.back !== undefined) this.moveReplica(exchange.back, lo, hi);
    }
  }

  /**
   * The move or swap between `hi` and `lo` that leaves their byte gap smallest (less data copied on
   * ties), or undefined when none narrows it. A swap of `out` for `back` changes the gap by
   * 2 × (size(out) − size(back)), so the best `back` for each `out` is found by binary search over
   * the sizes: O(n log n) per step rather than every pair.
   */
  private bestExchange(hi: number, lo: number, gap: number): { out: number; back?: number } | undefined {
    let best: { out: number; back?: number; newGap: number; moved: number } | undefined;
    const consider = (out: number, back: number | undefined) => {
      const backSize = back === undefined ? 0 : this.size(back);
      const newGap = Math.abs(gap - 2 * (this.size(out) - backSize));
      const moved = this.size(out) + backSize;
      if (newGap >= gap) return;
      if (!best || newGap < best.newGap || (newGap === best.newGap && moved < best.moved)) {
        best = { out, back, newGap, moved };
      }
    };
    const canMoveAlone = this.count.get(hi)! > this.count.get(lo)!;
    const backs = this.movable(lo, hi);
    for (const out of this.movable(hi, lo)) {
      if (canMoveAlone) consider(out, undefined);
      // Ideal back: size(out) − gap/2. Look at the few nearest sizes that keep racks apart.
      const at = lowerBound(backs, this.size(out) - gap / 2, (i) => this.size(i));
      for (let k = Math.max(0, at - SWAP_NEIGHBOURS); k < Math.min(backs.length, at + SWAP_NEIGHBOURS); k++) {
        const back = backs[k]!;
        if (back !== out && this.fitsAfterSwap(out, back, hi, lo)) consider(out, back);
      }
    }
    return best;
  }

  /** A swap changes two partitions at once; both must still keep racks apart afterwards. */
  private fitsAfterSwap(out: number, back: number, hi: number, lo: number): boolean {
    return this.fitsRack(out, lo, hi) && this.fitsRack(back, hi, lo);
  }

  /**
   * Step 5: the order of each replica list. The current preferred leader stays first when it is
   * still a replica and (when rebalancing) its broker is not over the even share of leaders;
   * otherwise the replica whose broker leads least goes first. Kept replicas keep their order, new
   * ones follow, so an unchanged set keeps its exact list.
   */
  orderLeaders(rebalance: boolean): number[][] {
    const partitions = this.input.partitions;
    const leaders = new Map<number, number>(this.targets.map((b) => [b, 0]));
    const cap = Math.ceil(partitions.length / this.targets.length);
    const chosen: (number | undefined)[] = partitions.map((p, i) => {
      const first = p.replicas[0];
      if (first === undefined || !this.sets[i]!.includes(first)) return undefined;
      if (rebalance && leaders.get(first)! >= cap) return undefined;
      leaders.set(first, leaders.get(first)! + 1);
      return first;
    });
    chosen.forEach((leader, i) => {
      if (leader !== undefined) return;
      const pick = [...this.sets[i]!].sort((a, b) => leaders.get(a)! - leaders.get(b)! || a - b)[0]!;
      leaders.set(pick, leaders.get(pick)! + 1);
      chosen[i] = pick;
    });
    if (rebalance) {
      this.evenLeaders(chosen, leaders);
      this.evenLeaderBytes(chosen as number[], leaders);
    }
    return partitions.map((p, i) => {
      const set = this.sets[i]!;
      const leader = chosen[i]!;
      const kept = p.replicas.filter((b) => set.includes(b) && b !== leader);
      const added = set.filter((b) => !p.replicas.includes(b) && b !== leader);
      return [leader, ...kept, ...added];
    });
  }

  /**
   * Balances the bytes led (what a broker serves to consumers and copies to followers): while the
   * spread exceeds the tolerance, swaps leadership between the broker leading most bytes and the one
   * leading fewest (or moves one when that keeps leader counts within one), choosing the pair that
   * narrows their gap most. Only replica order changes: no data is copied.
   */
  private evenLeaderBytes(chosen: number[], leaders: Map<number, number>): void {
    const ledBytes = new Map<number, number>(this.targets.map((b) => [b, 0]));
    chosen.forEach((b, i) => ledBytes.set(b, ledBytes.get(b)! + this.size(i)));
    const mean = [...ledBytes.values()].reduce((a, b) => a + b, 0) / this.targets.length;
    for (let step = 0; step < MAX_BALANCE_STEPS; step++) {
      const byBytes = [...this.targets].sort((a, b) => ledBytes.get(a)! - ledBytes.get(b)! || a - b);
      const lo = byBytes[0]!;
      const hi = byBytes[byBytes.length - 1]!;
      const gap = ledBytes.get(hi)! - ledBytes.get(lo)!;
      if (gap === 0 || gap <= BYTES_BALANCE_TOLERANCE * mean) return;
      // Led by hi with a replica on lo (could hand over), and led by lo with a replica on hi (could take back).
      const outs = this.onBroker.get(lo)!.filter((i) => chosen[i] === hi);
      const backs = this.onBroker.get(hi)!.filter((i) => chosen[i] === lo);
      const canMoveAlone = leaders.get(hi)! > leaders.get(lo)!;
      let best: { out: number; back?: number; newGap: number } | undefined;
      for (const out of outs) {
        const options: (number | undefined)[] = canMoveAlone ? [undefined] : [];
        const at = lowerBound(backs, this.size(out) - gap / 2, (i) => this.size(i));
        for (let k = Math.max(0, at - 1); k < Math.min(backs.length, at + 1); k++) options.push(backs[k]);
        for (const back of options) {
          const newGap = Math.abs(gap - 2 * (this.size(out) - (back === undefined ? 0 : this.size(back))));
          if (newGap < gap && (!best || newGap < best.newGap)) best = { out, back, newGap };
        }
      }
      if (!best) return;
      const swap = (i: number, from: number, to: number) => {
        chosen[i] = to;
        ledBytes.set(from, ledBytes.get(from)! - this.size(i));
        ledBytes.set(to, ledBytes.get(to)! + this.size(i));
      };
      swap(best.out, hi, lo);
      if (best.back !== undefined) swap(best.back, lo, hi);
      else {
        leaders.set(hi, leaders.get(hi)! - 1);
        leaders.set(lo, leaders.get(lo)! + 1);
      }
    }
  }

  /** Moves preferred leadership from the broker leading most to one leading two fewer, while possible. */
  private evenLeaders(chosen: (number | undefined)[], leaders: Map<number, number>): void {
    for (let step = 0; step < MAX_BALANCE_STEPS; step++) {
      const byLeaders = [...this.targets].sort((a, b) => leaders.get(a)! - leaders.get(b)! || a - b);
      let moved = false;
      for (const hi of [...byLeaders].reverse()) {
        for (const lo of byLeaders) {
          if (leaders.get(hi)! - leaders.get(lo)! <= 1) break;
          // Partitions with a replica on `lo` that `hi` leads (never a scan of every partition).
          const i = this.onBroker.get(lo)!.find((j) => chosen[j] === hi);
          if (i === undefined) continue;
          chosen[i] = lo;
          leaders.set(hi, leaders.get(hi)! - 1);
          leaders.set(lo, leaders.get(lo)! + 1);
          moved = true;
          break;
        }
        if (moved) break;
      }
      if (!moved) return;
    }
  }
}

/** First index in `sorted` whose key is ≥ `value`. */
function lowerBound(sorted: readonly number[], value: number, key: (item: number) => number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (key(sorted[mid]!) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Unknown or negative sizes count as empty (the planner then balances by count alone). */
function sizeOf(p: PlanPartition): number {
  return Number.isFinite(p.sizeBytes) ? Math.max(0, p.sizeBytes) : 0;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Per-broker replicas, preferred leaders and bytes of an assignment (brokers in `ids` always listed). */
export function brokerLoads(
  partitions: readonly PlanPartition[],
  assignment: readonly (readonly number[])[],
  ids: Iterable<number>,
): BrokerLoad[] {
  const loads = new Map<number, BrokerLoad>();
  const load = (id: number) => {
    let l = loads.get(id);
    if (!l) loads.set(id, (l = { brokerId: id, replicas: 0, preferredLeaders: 0, bytes: 0 }));
    return l;
  };
  for (const id of ids) load(id);
  partitions.forEach((p, i) => {
    const replicas = assignment[i] ?? [];
    replicas.forEach((b, position) => {
      const l = load(b);
      l.replicas++;
      l.bytes += sizeOf(p);
      if (position === 0) l.preferredLeaders++;
    });
  });
  return [...loads.values()].sort((a, b) => a.brokerId - b.brokerId);
}

function summarise(input: PlanInput, proposed: number[][]): ReassignmentPlan {
  const moves: PartitionMove[] = [];
  input.partitions.forEach((p, i) => {
    const next = proposed[i]!;
    if (sameList(p.replicas, next)) return;
    const adding = next.filter((b) => !p.replicas.includes(b));
    moves.push({
      topic: p.topic,
      partition: p.partition,
      current: [...p.replicas],
      proposed: next,
      addingReplicas: adding,
      removingReplicas: p.replicas.filter((b) => !next.includes(b)),
      movedBytes: adding.length * sizeOf(p),
    });
  });
  const ids = new Set([...input.brokers.map((b) => b.id), ...input.partitions.flatMap((p) => p.replicas)]);
  return {
    moves,
    before: brokerLoads(
      input.partitions,
      input.partitions.map((p) => p.replicas),
      ids,
    ),
    after: brokerLoads(input.partitions, proposed, ids),
    movedBytes: moves.reduce((sum, m) => sum + m.movedBytes, 0),
    movedReplicas: moves.reduce((sum, m) => sum + m.addingReplicas.length, 0),
    partitions: input.partitions.length,
  };
}
