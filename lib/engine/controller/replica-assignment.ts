/**
 * Kafka's rack-unaware replica placement (AdminUtils.assignReplicasToBrokersRackUnaware): the
 * first replica of partition i goes to broker (i + startIndex) mod n, the others follow with a shift
 * that grows every n partitions, so leaders and followers both spread evenly over the brokers.
 *
 * `brokerIds` must be non-empty and `replicationFactor` must be in 1..brokerIds.length.
 */
export function assignReplicas(
  brokerIds: readonly number[],
  numPartitions: number,
  replicationFactor: number,
  options: { firstPartition?: number; startIndex?: number; replicaShift?: number } = {},
): number[][] {
  const brokers = [...brokerIds].sort((a, b) => a - b);
  const n = brokers.length;
  const startIndex = options.startIndex ?? Math.floor(Math.random() * n);
  let shift = options.replicaShift ?? Math.floor(Math.random() * n);
  const first = options.firstPartition ?? 0;
  const result: number[][] = [];
  for (let i = first; i < first + numPartitions; i++) {
    if (i > 0 && i % n === 0) shift++;
    const firstIndex = (i + startIndex) % n;
    const replicas = [brokers[firstIndex]!];
    for (let j = 0; j < replicationFactor - 1; j++) {
      replicas.push(brokers[(firstIndex + 1 + ((shift + j) % (n - 1))) % n]!);
    }
    result.push(replicas);
  }
  return result;
}
