import type { ReplicaManager } from "./replica-manager";

/** A partition this broker follows, and the leader it must fetch from. */
export interface FollowerFetchTarget {
  topic: string;
  partition: number;
  topicId: string;
  leaderId: number;
  leaderEpoch: number;
}

/**
 * The follower side of replication as the broker's domain code sees it (Kafka's
 * ReplicaFetcherManager). The implementation (lib/engine/replication) talks to leaders over TCP;
 * broker/ only tells it what to follow, so domain code stays free of sockets.
 *
 * Contract: after addFetcherForPartitions a partition is first truncated against its leader
 * (OffsetForLeaderEpoch), then fetched until it is removed or added again with a newer epoch.
 * Fetched data goes through ReplicaManager.appendAsFollower, which checks the partition is still a
 * follower of that epoch, so a response racing a leadership change is dropped.
 */
export interface ReplicaFetcherManagerApi {
  addFetcherForPartitions(targets: FollowerFetchTarget[]): void;
  removeFetcherForPartitions(partitions: Array<{ topic: string; partition: number }>): void;
  /** Stops every fetcher and closes their connections; resolves when nothing is left running. */
  shutdown(): Promise<void>;
}

export type ReplicaFetcherManagerFactory = (replicas: ReplicaManager) => ReplicaFetcherManagerApi;
