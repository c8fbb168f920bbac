/**
 * Replica placement for new topics and partitions (Kafka's AdminUtils.assignReplicasToBrokers).
 *
 * Rack-unaware: the first replica of partition i goes to broker (i + startIndex) mod n, the others
 * follow with a shift that grows every n partitions, so leaders and followers both spread evenly.
 *
 * Rack-aware (every broker has a rack): the same walk over Kafka's rack-alternating broker list
 * (one broker of each rack in turn), skipping a broker whose rack already holds a replica while
 * some rack holds none, and a broker that holds one while some broker holds none — so a
 * partition's replicas span as many racks as possible and leaders still spread evenly.
 *
 * `brokerIds` must be non-empty and `replicationFactor` must be in 1..brokerIds.length.
 */
export interface AssignmentOptions {
  firstPartition?: number;
  /** Index of the first partition's leader in the broker list (random when absent, as in Kafka). */
  startIndex?: number;
  /** Initial shift of the followers (random when absent). */
  replicaShift?: number;
  /** broker.rack of each broker; placement is rack-aware when every broker has one. */
  racks?: ReadonlyMap<number, string | null>;
}

export function assignReplicas(
  brokerIds: readonly number[],
  numPartitions: number,
  replicationFactor: number,
  options: AssignmentOptions = {},
): number[][] {
  const sorted = [...brokerIds].sort((a, b) => a - b);
  const racks = options.racks;
  const rackAware = racks !== undefined && sorted.every((id) => typeof racks.get(id) === "string");
  const brokers = rackAware ? rackAlternatedBrokers(sorted, racks) : sorted;
  const rackOf = (id: number): string => (rackAware ? racks.get(id)! : String(id));
  const n = brokers.length;
  const numRacks = new Set(brokers.map(rackOf)).size;
  const startIndex = options.startIndex ?? Math.floor(Math.random() * n);
  let shift = options.replicaShift ?? Math.floor(Math.random() * n);
  const first = options.firstPartition ?? 0;
  const result: number[][] = [];
  for (let i = first; i < first + numPartitions; i++) {
    if (i > 0 && i % n === 0) shift++;
    const firstIndex = (i + startIndex) % n;
    const replicas = [brokers[firstIndex]!];
    const usedRacks = new Set([rackOf(replicas[0]!)]);
    // Rack-unaware, every "rack" is one broker, so the skip rule never skips and this is Kafka's
    // rack-unaware walk; rack-aware it is Kafka's rack-aware walk (shift scaled by the rack count).
    const secondShift = rackAware ? shift * numRacks : shift;
    for (let k = 0; replicas.length < replicationFactor; k++) {
      const broker = brokers[(firstIndex + 1 + ((secondShift + k) % (n - 1))) % n]!;
      const rack = rackOf(broker);
      const rackOk = !usedRacks.has(rack) || usedRacks.size === numRacks;
      const brokerOk = !replicas.includes(broker) || replicas.length === n;
      if (rackOk && brokerOk) {
        replicas.push(broker);
        usedRacks.add(rack);
      }
    }
    result.push(replicas);
  }
  return result;
}

/**
 * Kafka's getRackAlternatedBrokerList: racks in name order, each rack's brokers in id order, then
 * one broker from each rack in turn ("a1, b1, c1, a2, b2, a3" for racks a, b, c).
 */
export function rackAlternatedBrokers(
  brokerIds: readonly number[],
  racks: ReadonlyMap<number, string | null>,
): number[] {
  const byRack = new Map<string, number[]>();
  for (const id of [...brokerIds].sort((a, b) => a - b)) {
    const rack = racks.get(id) ?? "";
    byRack.set(rack, [...(byRack.get(rack) ?? []), id]);
  }
  const columns = [...byRack.keys()].sort().map((rack) => byRack.get(rack)!);
  const out: number[] = [];
  for (let row = 0; out.length < brokerIds.length; row++) {
    for (const column of columns) if (row < column.length) out.push(column[row]!);
  }
  return out;
}
