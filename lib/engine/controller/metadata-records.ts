/**
 * The cluster metadata log's record types (after KRaft's metadata records: TopicRecord,
 * PartitionRecord, ConfigRecord, RemoveTopicRecord, ProducerIdsRecord). Each is stored as one JSON
 * object; replaying them in order rebuilds the MetadataImage.
 */
export type MetadataRecord =
  | { type: "Cluster"; clusterId: string }
  | { type: "Topic"; name: string; topicId: string }
  | {
      type: "Partition";
      topicId: string;
      partition: number;
      replicas: number[];
      isr: number[];
      leader: number;
      leaderEpoch: number;
      partitionEpoch: number;
      /** Replicas being added by a reassignment (absent in records written before reassignment existed = []). */
      addingReplicas?: number[];
      /** Replicas being removed by a reassignment (absent = []). */
      removingReplicas?: number[];
    }
  | { type: "RemoveTopic"; topicId: string }
  /** resourceType "topic" → resourceName is the topic; "broker" → a broker id, or "" for the cluster default. */
  | { type: "Config"; resourceType: "topic" | "broker"; resourceName: string; name: string; value: string | null }
  /** The next producer id block starts here (ProducerIdsRecord). */
  | { type: "ProducerIds"; nextProducerId: string };

const RECORD_TYPES = new Set(["Cluster", "Topic", "Partition", "RemoveTopic", "Config", "ProducerIds"]);

/** Parses one stored record; throws on anything that is not a metadata record. */
export function parseMetadataRecord(json: string): MetadataRecord {
  const value: unknown = JSON.parse(json);
  if (typeof value !== "object" || value === null || !RECORD_TYPES.has((value as { type?: string }).type ?? "")) {
    throw new Error(`not a metadata record: ${json.slice(0, 100)}`);
  }
  return value as MetadataRecord;
}
