import { Reader } from "../../protocol/primitives/reader";
import { ConsumerProtocolAssignment } from "../../protocol/messages/consumer-protocol-assignment";
import { ConsumerProtocolSubscription } from "../../protocol/messages/consumer-protocol-subscription";
import type { MessageDecl, MessageValue } from "../../protocol/schema/declaration";
import { readMessagePrefix } from "../../protocol/schema/message-codec";

/** protocolType of groups formed by Kafka consumers (ConsumerProtocol.PROTOCOL_TYPE). */
export const CONSUMER_PROTOCOL_TYPE = "consumer";
const HIGHEST_CONSUMER_PROTOCOL_VERSION = 3;

/**
 * Reads a version-prefixed consumer-protocol payload (int16 version, then the struct). A newer
 * version is read as the newest known one: later versions only append fields, so the known prefix
 * is still right. Returns undefined for bytes that are not such a payload (a non-Java assignor may
 * put anything in the metadata; the broker must not fail on it).
 */
function readPrefixed<M extends MessageDecl>(decl: M, bytes: Buffer): MessageValue<M> | undefined {
  try {
    const reader = new Reader(bytes);
    const version = reader.int16();
    if (version < 0) return undefined;
    return readMessagePrefix(decl, Math.min(version, HIGHEST_CONSUMER_PROTOCOL_VERSION), reader);
  } catch {
    return undefined;
  }
}

/** Topics a consumer subscribed to, from its JoinGroup metadata; undefined if unparseable. */
export function subscriptionTopics(metadata: Buffer): string[] | undefined {
  return readPrefixed(ConsumerProtocolSubscription, metadata)?.topics;
}

/** The partitions in a consumer's SyncGroup assignment; undefined if unparseable. */
export function assignmentPartitions(assignment: Buffer): Array<{ topic: string; partitions: number[] }> | undefined {
  return readPrefixed(ConsumerProtocolAssignment, assignment)?.assignedPartitions.map((a) => ({
    topic: a.topic,
    partitions: a.partitions,
  }));
}
