import { ClusterActionError } from "./reassignment-errors";

/**
 * Checks a reassignment someone wrote or edited before it goes to the cluster, so a mistake is a
 * 400 naming the partition instead of a half-applied change: the topic and partition exist, the
 * replica list is non-empty, names each broker once, only brokers of the cluster, and is no longer
 * than the cluster has brokers.
 */
export interface ProposedAssignment {
  topic: string;
  partition: number;
  replicas: number[];
}

export interface AssignmentContext {
  brokerIds: readonly number[];
  /** Topic → its partition numbers. */
  partitionsByTopic: ReadonlyMap<string, readonly number[]>;
}

/** Most partitions one reassignment may name (one AlterPartitionReassignments request). */
export const MAX_REASSIGNMENT_PARTITIONS = 10_000;

export function validateAssignment(proposals: readonly ProposedAssignment[], context: AssignmentContext): void {
  const bad = (message: string) => new ClusterActionError(400, "invalid_input", message);
  if (proposals.length === 0) throw bad("The plan is empty: there is nothing to reassign.");
  if (proposals.length > MAX_REASSIGNMENT_PARTITIONS) {
    throw bad(
      `A reassignment may name at most ${MAX_REASSIGNMENT_PARTITIONS} partitions (this one names ${proposals.length}).`,
    );
  }
  const brokers = new Set(context.brokerIds);
  const seen = new Set<string>();
  for (const p of proposals) {
    const name = `${p.topic}-${p.partition}`;
    const partitions = context.partitionsByTopic.get(p.topic);
    if (!partitions) throw new ClusterActionError(404, "not_found", `There is no topic "${p.topic}" in this cluster.`);
    if (!partitions.includes(p.partition)) {
      throw new ClusterActionError(404, "not_found", `Topic "${p.topic}" has no partition ${p.partition}.`);
    }
    if (seen.has(name)) throw bad(`${name} appears twice in the plan.`);
    seen.add(name);
    if (p.replicas.length === 0) throw bad(`${name}: the replica list is empty.`);
    const duplicate = p.replicas.find((b, i) => p.replicas.indexOf(b) !== i);
    if (duplicate !== undefined)
      throw bad(`${name}: broker ${duplicate} is listed twice in [${p.replicas.join(", ")}].`);
    if (p.replicas.length > brokers.size) {
      throw bad(`${name}: replication factor ${p.replicas.length} is above the cluster's ${brokers.size} broker(s).`);
    }
    const unknown = p.replicas.find((b) => !brokers.has(b));
    if (unknown !== undefined) {
      throw bad(
        `${name}: there is no broker ${unknown} in this cluster (brokers: ${[...brokers].sort((a, b) => a - b).join(", ")}).`,
      );
    }
  }
}
