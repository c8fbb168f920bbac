import { describe, expect, it } from "vitest";
import type { MetadataBody } from "../wire/protocol-client";
import { electionPreview } from "./leader-election";

function metadata(
  partitions: { leader: number; replicas: number[]; isr: number[]; offline?: number[] }[],
): MetadataBody {
  return {
    throttleTimeMs: 0,
    brokers: [],
    clusterId: "c",
    controllerId: 0,
    topics: [
      {
        errorCode: 0,
        name: "t",
        topicId: "AAAAAAAAAAAAAAAAAAAAAA",
        isInternal: false,
        partitions: partitions.map((p, i) => ({
          errorCode: 0,
          partitionIndex: i,
          leaderId: p.leader,
          leaderEpoch: 0,
          replicaNodes: p.replicas,
          isrNodes: p.isr,
          offlineReplicas: p.offline ?? [],
        })),
        topicAuthorizedOperations: 0,
      },
    ],
    clusterAuthorizedOperations: 0,
  } as unknown as MetadataBody;
}

describe("electionPreview", () => {
  const m = metadata([
    { leader: 0, replicas: [0, 1], isr: [0, 1] },
    { leader: 1, replicas: [0, 1], isr: [0, 1] },
    { leader: 2, replicas: [1, 2], isr: [2] },
    { leader: -1, replicas: [2, 0], isr: [], offline: [2, 0] },
  ]);

  it("lists the partitions not led by their preferred replica, and whether it can take over", () => {
    expect(electionPreview(m, {})).toEqual({
      partitions: 4,
      candidates: [
        { topic: "t", partition: 1, leader: 1, preferredLeader: 0, preferredInIsr: true, preferredLive: true },
        { topic: "t", partition: 2, leader: 2, preferredLeader: 1, preferredInIsr: false, preferredLive: true },
        { topic: "t", partition: 3, leader: -1, preferredLeader: 2, preferredInIsr: false, preferredLive: false },
      ],
    });
  });

  it("narrows to a topic or chosen partitions and names what does not exist", () => {
    expect(electionPreview(m, { partitions: [{ topic: "t", partition: 0 }] })).toEqual({
      partitions: 1,
      candidates: [],
    });
    expect(electionPreview(m, { topic: "t" }).candidates).toHaveLength(3);
    expect(() => electionPreview(m, { topic: "nope" })).toThrow('There is no topic "nope" in this cluster.');
    expect(() => electionPreview(m, { partitions: [{ topic: "t", partition: 9 }] })).toThrow(
      'Topic "t" has no partition 9.',
    );
  });
});
