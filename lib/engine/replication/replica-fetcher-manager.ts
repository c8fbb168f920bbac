import type { EngineLogger } from "../broker/logger";
import type { Partition } from "../broker/partition";
import type { FollowerFetchTarget, ReplicaFetcherManagerApi } from "../broker/replica-fetcher-api";
import type { ReplicaManager } from "../broker/replica-manager";
import { isThrottledReplica, parseRate, ReplicationQuota } from "../broker/replication-quota";
import { ReplicaFetcher, type FetcherSettings } from "./replica-fetcher";

/** Kafka's defaults for the replica fetcher configs, used when a config is absent. */
export const REPLICA_FETCH_DEFAULTS: Readonly<Record<string, number>> = {
  "replica.fetch.wait.max.ms": 500,
  "replica.fetch.min.bytes": 1,
  "replica.fetch.response.max.bytes": 10 * 1024 * 1024,
  "replica.fetch.max.bytes": 1024 * 1024,
  "replica.fetch.backoff.ms": 1_000,
};

/**
 * The follower side of one broker (Kafka's ReplicaFetcherManager with num.replica.fetchers=1): one
 * ReplicaFetcher per source (leader) broker. A partition whose leader changes moves to the new
 * leader's fetcher; a fetcher left without partitions is shut down.
 */
export class ReplicaFetcherManager implements ReplicaFetcherManagerApi {
  private readonly fetchers = new Map<number, ReplicaFetcher>();
  private readonly followerQuota = new ReplicationQuota();
  private stopped = false;

  constructor(
    private readonly replicas: ReplicaManager,
    private readonly logger: EngineLogger,
  ) {}

  addFetcherForPartitions(targets: FollowerFetchTarget[]): void {
    if (this.stopped) return;
    const bySource = new Map<number, FollowerFetchTarget[]>();
    for (const t of targets) bySource.set(t.leaderId, [...(bySource.get(t.leaderId) ?? []), t]);
    for (const [source, list] of bySource) {
      // A partition whose leader moved leaves its old leader's fetcher.
      this.removeFetcherForPartitions(list, source);
      let fetcher = this.fetchers.get(source);
      if (fetcher === undefined) {
        fetcher = new ReplicaFetcher(source, {
          brokerId: this.replicas.brokerId,
          replicas: this.replicas,
          logger: this.logger,
          endpoint: (id) => this.replicas.controller.brokerList().find((b) => b.id === id),
          settings: () => this.settings(),
          followerQuota: this.followerQuota,
          isFollowerThrottled: (p) => this.isFollowerThrottled(p),
        });
        this.fetchers.set(source, fetcher);
      }
      fetcher.addPartitions(list);
    }
  }

  /** Stops fetching `partitions` (from every source but `exceptSource`); idle fetchers shut down. */
  removeFetcherForPartitions(partitions: Array<{ topic: string; partition: number }>, exceptSource?: number): void {
    for (const [source, fetcher] of this.fetchers) {
      if (source === exceptSource) continue;
      fetcher.removePartitions(partitions);
      if (fetcher.partitionCount === 0) {
        this.fetchers.delete(source);
        void fetcher.shutdown();
      }
    }
  }

  /** The source broker a partition is fetched from now (tests, the console), undefined if none. */
  fetchingFrom(topic: string, partition: number): number | undefined {
    for (const [source, fetcher] of this.fetchers) if (fetcher.has(topic, partition)) return source;
    return undefined;
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    const all = [...this.fetchers.values()];
    this.fetchers.clear();
    await Promise.all(all.map((f) => f.shutdown()));
  }

  private brokerNumber(name: string): number {
    const raw = this.replicas.controller.configs.brokerValue(name, this.replicas.brokerId);
    const n = Number(raw ?? REPLICA_FETCH_DEFAULTS[name]);
    return Number.isFinite(n) && n >= 0 ? n : REPLICA_FETCH_DEFAULTS[name]!;
  }

  private settings(): FetcherSettings {
    this.followerQuota.setUpperBound(
      parseRate(
        this.replicas.controller.configs.brokerValue("follower.replication.throttled.rate", this.replicas.brokerId),
      ),
    );
    return {
      maxWaitMs: this.brokerNumber("replica.fetch.wait.max.ms"),
      minBytes: this.brokerNumber("replica.fetch.min.bytes"),
      maxBytes: this.brokerNumber("replica.fetch.response.max.bytes"),
      partitionMaxBytes: this.brokerNumber("replica.fetch.max.bytes"),
      backoffMs: this.brokerNumber("replica.fetch.backoff.ms"),
    };
  }

  private isFollowerThrottled(partition: Partition): boolean {
    if (!this.followerQuota.enabled) return false;
    const value = this.replicas.controller.configs.topicValue(
      partition.topic,
      "follower.replication.throttled.replicas",
      this.replicas.brokerId,
    );
    return isThrottledReplica(value, partition.partition, this.replicas.brokerId);
  }
}

/** The factory a Broker is given (BrokerOptions.replicaFetchers). */
export function replicaFetcherManager(logger: EngineLogger): (replicas: ReplicaManager) => ReplicaFetcherManager {
  return (replicas) => new ReplicaFetcherManager(replicas, logger);
}
