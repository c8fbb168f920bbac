/**
 * lib/engine/replication: the follower side of replication — replica fetchers speaking Kafka's
 * protocol over TCP to partition leaders. Brokers get it through BrokerOptions.replicaFetchers.
 */
export { ReplicaFetcherManager, replicaFetcherManager, REPLICA_FETCH_DEFAULTS } from "./replica-fetcher-manager";
export { BrokerChannel, ChannelError } from "./broker-channel";
