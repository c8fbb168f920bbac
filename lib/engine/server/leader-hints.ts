import type { Broker } from "../broker/broker";

/** A broker's endpoint as Produce v10+ and Fetch v16+ responses list it (`nodeEndpoints`). */
export interface NodeEndpoint {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

/**
 * KIP-951: a partition refused with NOT_LEADER_OR_FOLLOWER carries its current leader, and the
 * response lists each such leader's endpoint once, so the client can go there without a Metadata
 * round trip. One LeaderHints per response.
 */
export class LeaderHints {
  private readonly endpoints = new Map<number, NodeEndpoint>();

  constructor(private readonly broker: Broker) {}

  /** The partition's leader and epoch (-1 when unknown); notes the leader's endpoint for the response. */
  leaderOf(topic: string, partition: number): { leaderId: number; leaderEpoch: number } {
    const { leaderId, leaderEpoch, endpoint } = this.broker.leaderHint(topic, partition);
    if (endpoint !== undefined) {
      this.endpoints.set(endpoint.id, {
        nodeId: endpoint.id,
        host: endpoint.host,
        port: endpoint.port,
        rack: endpoint.rack,
      });
    }
    return { leaderId, leaderEpoch };
  }

  /** The endpoints of every leader named so far. */
  nodeEndpoints(): NodeEndpoint[] {
    return [...this.endpoints.values()];
  }
}
