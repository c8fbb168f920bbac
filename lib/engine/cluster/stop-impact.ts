import type { Controller } from "../controller/controller";
import { NO_LEADER } from "../controller/metadata-image";

/** A partition named by topic and index. */
export interface PartitionRef {
  topic: string;
  partition: number;
}

/**
 * What stopping (or crashing) a broker would do to the partitions it hosts, computed from the
 * controller's own fencing rules — the console shows it before a stop.
 */
export interface StopImpact {
  brokerId: number;
  /** Partitions it leads now, and the replica that would lead next (-1: none, the partition goes offline). */
  leadersMoving: Array<PartitionRef & { newLeader: number }>;
  /** Partitions whose ISR it would leave (they become, or stay, under-replicated). */
  underReplicated: Array<PartitionRef & { isrAfter: number[]; belowMinIsr: boolean }>;
  /** Partitions that would have no leader at all. */
  offline: PartitionRef[];
}

/** The impact of fencing `brokerId` now; empty when it is not live. */
export function stopImpact(controller: Controller, brokerId: number): StopImpact {
  const impact: StopImpact = { brokerId, leadersMoving: [], underReplicated: [], offline: [] };
  if (!controller.isBrokerLive(brokerId)) return impact;
  for (const { topic, before, after } of controller.fenceImpact(brokerId)) {
    const ref = { topic, partition: after.partition };
    if (before.leader === brokerId) impact.leadersMoving.push({ ...ref, newLeader: after.leader });
    if (after.leader === NO_LEADER) impact.offline.push(ref);
    else if (after.isr.length < before.isr.length) {
      const minIsr = Number(controller.configs.topicValue(topic, "min.insync.replicas", brokerId) ?? "1");
      impact.underReplicated.push({ ...ref, isrAfter: after.isr, belowMinIsr: after.isr.length < minIsr });
    }
  }
  return impact;
}
