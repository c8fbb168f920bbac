/**
 * Progress of ongoing reassignments, from replica sizes (DescribeLogDirs): a replica being added
 * has copied what it holds of its leader's size. The rate is observed between two readings, and
 * the ETA is what remains at that rate. Sizes can shrink (retention, a truncation), so copied bytes
 * are clamped to [0, leader size] and a negative rate counts as unknown.
 */
export interface OngoingPartition {
  topic: string;
  partition: number;
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
  leader: number;
}

export interface PartitionProgress extends OngoingPartition {
  leaderBytes: number | null;
  /** Bytes each adding replica holds so far (null = not known yet: no log on that broker yet). */
  adding: { brokerId: number; bytes: number | null }[];
  copiedBytes: number;
  totalBytes: number;
}

export interface ProgressReading {
  atMs: number;
  copiedBytes: number;
  /** Which partitions the reading covered: a rate is only meaningful over the same set. */
  key: string;
}

export interface ReassignmentProgress {
  partitions: PartitionProgress[];
  copiedBytes: number;
  totalBytes: number;
  /** Observed copy rate, bytes/s; null until two readings of the same reassignment. */
  rateBytesPerSec: number | null;
  /** Seconds to completion at the observed rate; null when unknown. */
  etaSeconds: number | null;
}

/** `sizes` is topic\0partition → broker → bytes. */
export function partitionProgress(
  ongoing: readonly OngoingPartition[],
  sizes: ReadonlyMap<string, ReadonlyMap<number, number>>,
): PartitionProgress[] {
  return ongoing.map((p) => {
    const perBroker = sizes.get(`${p.topic}\u0000${p.partition}`);
    const leaderBytes = perBroker?.get(p.leader) ?? null;
    const adding = p.addingReplicas.map((brokerId) => ({ brokerId, bytes: perBroker?.get(brokerId) ?? null }));
    const total = (leaderBytes ?? 0) * adding.length;
    const copied = adding.reduce((sum, a) => sum + Math.min(Math.max(a.bytes ?? 0, 0), leaderBytes ?? 0), 0);
    return { ...p, leaderBytes, adding, copiedBytes: copied, totalBytes: total };
  });
}

export function readingKey(ongoing: readonly OngoingPartition[]): string {
  return ongoing
    .map((p) => `${p.topic}-${p.partition}:${p.addingReplicas.join(".")}`)
    .sort()
    .join(",");
}

export function summariseProgress(
  partitions: PartitionProgress[],
  current: ProgressReading,
  previous: ProgressReading | undefined,
): ReassignmentProgress {
  const copiedBytes = partitions.reduce((s, p) => s + p.copiedBytes, 0);
  const totalBytes = partitions.reduce((s, p) => s + p.totalBytes, 0);
  let rate: number | null = null;
  if (previous && previous.key === current.key && current.atMs > previous.atMs) {
    const r = ((current.copiedBytes - previous.copiedBytes) * 1000) / (current.atMs - previous.atMs);
    rate = r >= 0 ? r : null;
  }
  const remaining = Math.max(0, totalBytes - copiedBytes);
  const eta = remaining === 0 ? 0 : rate !== null && rate > 0 ? remaining / rate : null;
  return { partitions, copiedBytes, totalBytes, rateBytesPerSec: rate, etaSeconds: eta };
}
