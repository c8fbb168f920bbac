import type { MetadataRecord } from "./metadata-records";

export interface PartitionState {
  topicId: string;
  partition: number;
  replicas: number[];
  isr: number[];
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  /**
   * A reassignment in progress (Kafka's PartitionRegistration): `replicas` = target replicas then
   * `removingReplicas`; `addingReplicas` are target replicas not yet in the ISR. Both [] otherwise.
   */
  addingReplicas: number[];
  removingReplicas: number[];
}

/** Leader id of a partition without a leader (Kafka's LeaderConstants.NO_LEADER). */
export const NO_LEADER = -1;

export interface TopicState {
  name: string;
  topicId: string;
  /** Indexed by partition number; partitions are 0..n-1 with no gaps. */
  partitions: PartitionState[];
  /** Topic-level overrides only (DYNAMIC_TOPIC_CONFIG); defaults come from the broker configs. */
  configs: Map<string, string>;
}

/**
 * The cluster metadata as of the last applied record (KRaft's MetadataImage). Only `apply`
 * changes it, so the image is always exactly the replay of the metadata log.
 */
export class MetadataImage {
  clusterId = "";
  readonly topicsByName = new Map<string, TopicState>();
  readonly topicsById = new Map<string, TopicState>();
  /** name with '.' replaced by '_' → topic: such names collide in Kafka's metric names. */
  readonly topicsByUnifiedName = new Map<string, TopicState>();
  /** key "" = cluster-wide default (DYNAMIC_DEFAULT_BROKER_CONFIG), key "<id>" = per broker. */
  readonly brokerConfigs = new Map<string, Map<string, string>>();
  nextProducerId = 0n;

  apply(record: MetadataRecord): void {
    switch (record.type) {
      case "Cluster":
        this.clusterId = record.clusterId;
        return;
      case "Topic": {
        const topic: TopicState = { name: record.name, topicId: record.topicId, partitions: [], configs: new Map() };
        this.topicsByName.set(record.name, topic);
        this.topicsById.set(record.topicId, topic);
        this.topicsByUnifiedName.set(unifyTopicName(record.name), topic);
        return;
      }
      case "Partition": {
        const topic = this.topicsById.get(record.topicId);
        if (topic === undefined) return;
        const { type: _type, addingReplicas, removingReplicas, ...state } = record;
        topic.partitions[record.partition] = {
          ...state,
          addingReplicas: addingReplicas ?? [],
          removingReplicas: removingReplicas ?? [],
        };
        return;
      }
      case "RemoveTopic": {
        const topic = this.topicsById.get(record.topicId);
        if (topic === undefined) return;
        this.topicsById.delete(topic.topicId);
        this.topicsByName.delete(topic.name);
        this.topicsByUnifiedName.delete(unifyTopicName(topic.name));
        return;
      }
      case "Config":
        this.applyConfig(record);
        return;
      case "ProducerIds":
        this.nextProducerId = BigInt(record.nextProducerId);
        return;
    }
  }

  private applyConfig(record: Extract<MetadataRecord, { type: "Config" }>): void {
    let configs: Map<string, string> | undefined;
    if (record.resourceType === "topic") {
      configs = this.topicsByName.get(record.resourceName)?.configs;
    } else {
      configs = this.brokerConfigs.get(record.resourceName);
      if (configs === undefined) {
        configs = new Map();
        this.brokerConfigs.set(record.resourceName, configs);
      }
    }
    if (configs === undefined) return;
    if (record.value === null) configs.delete(record.name);
    else configs.set(record.name, record.value);
  }
}

/** Kafka's Topic.unifyCollisionChars: '.' and '_' are the same character in metric names. */
export function unifyTopicName(name: string): string {
  return name.replaceAll(".", "_");
}
