/** The internal topic holding group metadata and committed offsets (Kafka's GROUP_METADATA_TOPIC_NAME). */
export const CONSUMER_OFFSETS_TOPIC = "__consumer_offsets";

/**
 * Java's String.hashCode: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, in int32
 * arithmetic. JavaScript strings are UTF-16 too, so charCodeAt gives the same units Java sees.
 */
export function javaStringHashCode(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) hash = (Math.imul(hash, 31) + value.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's Utils.abs: Math.abs except that Integer.MIN_VALUE maps to 0 (not to itself). */
function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/**
 * The __consumer_offsets partition that stores `groupId` (GroupMetadataManager.partitionFor):
 * abs(groupId.hashCode) % partitionCount. The leader of that partition is the group's
 * coordinator, so a real Kafka cluster and Pier place the same group on the same partition.
 */
export function offsetsPartitionFor(groupId: string, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`partition count must be a positive integer, got ${partitionCount}`);
  }
  return kafkaAbs(javaStringHashCode(groupId)) % partitionCount;
}
