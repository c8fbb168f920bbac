import { partitionKey, type MetadataBody, type ProtocolClient } from "../wire/protocol-client";

/**
 * Replica sizes per broker from DescribeLogDirs, for the planner (partition size = its leader's
 * replica) and for progress (adding replicas against their leader). A broker that does not answer
 * leaves its replicas unknown and its failure in `problems`, instead of failing the whole read.
 */
export interface ReplicaSizes {
  /** topic\0partition → broker → bytes. */
  sizes: Map<string, Map<number, number>>;
  problems: string[];
}

export async function readReplicaSizes(wire: ProtocolClient, brokerIds: Iterable<number>): Promise<ReplicaSizes> {
  const sizes = new Map<string, Map<number, number>>();
  const problems: string[] = [];
  await Promise.all(
    [...new Set(brokerIds)].map(async (brokerId) => {
      try {
        const body = await wire.describeLogDirs(brokerId);
        for (const dir of body.results) {
          for (const topic of dir.topics) {
            for (const p of topic.partitions) {
              if (p.isFutureKey) continue;
              const key = partitionKey(topic.name, p.partitionIndex);
              let perBroker = sizes.get(key);
              if (!perBroker) sizes.set(key, (perBroker = new Map()));
              perBroker.set(brokerId, Number(p.partitionSize));
            }
          }
        }
      } catch (error) {
        problems.push(`broker ${brokerId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
  return { sizes, problems };
}

/** A partition's size: its leader's replica, else the largest replica known, else 0. */
export function partitionSize(sizes: ReplicaSizes["sizes"], topic: string, partition: number, leader: number): number {
  const perBroker = sizes.get(partitionKey(topic, partition));
  if (!perBroker || perBroker.size === 0) return 0;
  return perBroker.get(leader) ?? Math.max(...perBroker.values());
}

export type MetadataTopic = MetadataBody["topics"][number];
