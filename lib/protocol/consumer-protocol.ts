import { ConsumerProtocolAssignment } from "./messages/consumer-protocol-assignment";
import { ConsumerProtocolSubscription } from "./messages/consumer-protocol-subscription";
import { Reader } from "./primitives/reader";
import { Writer } from "./primitives/writer";
import { ProtocolError } from "./protocol-error";
import type { MessageDecl, MessageInput, MessageValue } from "./schema/declaration";
import { asProtocolError, decodeMessage, messageCodec, parseValidVersions } from "./schema/message-codec";

/**
 * Versioned payloads carried as opaque bytes inside other messages: the consumer protocol's
 * Subscription (JoinGroup protocol metadata) and Assignment (SyncGroup assignment). Wire format:
 * `version:int16` then the struct at that version, never flexible.
 *
 * Forward compatibility, as Kafka's ConsumerProtocol does it: a version newer than we declare is
 * read with our newest declaration and its trailing (newer) fields are ignored.
 */
export type ConsumerSubscription = MessageValue<typeof ConsumerProtocolSubscription>;
export type ConsumerAssignment = MessageValue<typeof ConsumerProtocolAssignment>;

const VERSION_PREFIX_BYTES = 2;

export function encodeVersionedPayload<M extends MessageDecl>(
  decl: M,
  version: number,
  value: MessageInput<M>,
): Buffer {
  const codec = messageCodec(decl, version);
  try {
    const writer = new Writer(Buffer.allocUnsafe(VERSION_PREFIX_BYTES + codec.size(value)));
    writer.int16(version);
    codec.write(writer, value);
    return writer.buf;
  } catch (error) {
    throw asProtocolError(error, decl, version);
  }
}

export function decodeVersionedPayload<M extends MessageDecl>(
  decl: M,
  bytes: Uint8Array,
): { version: number; value: MessageValue<M> } {
  if (bytes.length < VERSION_PREFIX_BYTES)
    throw new ProtocolError(`${decl.name} of ${bytes.length} bytes has no version`);
  const version = new Reader(bytes).int16();
  if (version < 0) throw new ProtocolError(`${decl.name} has negative version ${version}`);
  const newest = parseValidVersions(decl).max;
  if (version <= newest) return { version, value: decodeMessage(decl, version, bytes, VERSION_PREFIX_BYTES) };
  const reader = new Reader(bytes, VERSION_PREFIX_BYTES);
  try {
    return { version, value: messageCodec(decl, newest).read(reader) as MessageValue<M> };
  } catch (error) {
    throw asProtocolError(error, decl, version);
  }
}

export function encodeSubscription(version: number, value: MessageInput<typeof ConsumerProtocolSubscription>): Buffer {
  return encodeVersionedPayload(ConsumerProtocolSubscription, version, value);
}

export function decodeSubscription(bytes: Uint8Array): { version: number; value: ConsumerSubscription } {
  return decodeVersionedPayload(ConsumerProtocolSubscription, bytes);
}

export function encodeAssignment(version: number, value: MessageInput<typeof ConsumerProtocolAssignment>): Buffer {
  return encodeVersionedPayload(ConsumerProtocolAssignment, version, value);
}

export function decodeAssignment(bytes: Uint8Array): { version: number; value: ConsumerAssignment } {
  return decodeVersionedPayload(ConsumerProtocolAssignment, bytes);
}

export { ConsumerProtocolAssignment, ConsumerProtocolSubscription };
