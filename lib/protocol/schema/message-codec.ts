import { ProtocolError } from "../protocol-error";
import { Reader } from "../primitives/reader";
import { Writer } from "../primitives/writer";
import type { Codec, ZeroCopyTally } from "./codec-types";
import type { MessageDecl, MessageInput, MessageValue } from "./declaration";
import { compileStruct } from "./struct-codec";
import { inVersions, parseVersions, type VersionRange } from "./versions";

/**
 * Per-version codecs of a declared message, compiled on first use and cached for the life of the
 * process (a declaration is immutable data, so its compiled form never goes stale).
 */
const compiled = new WeakMap<MessageDecl, Map<number, Codec>>();

/** Largest message an encoder will produce: what a Kafka int32 size prefix can describe. */
export const MAX_MESSAGE_BYTES = 0x7fffffff;

export function isFlexibleVersion(decl: MessageDecl, version: number): boolean {
  return inVersions(parseVersions(decl.flexibleVersions), version);
}

export function parseValidVersions(decl: MessageDecl): VersionRange {
  return parseVersions(decl.validVersions);
}

export function isValidVersion(decl: MessageDecl, version: number): boolean {
  return Number.isInteger(version) && inVersions(parseVersions(decl.validVersions), version);
}

export function messageCodec(decl: MessageDecl, version: number): Codec {
  let byVersion = compiled.get(decl);
  if (byVersion === undefined) compiled.set(decl, (byVersion = new Map()));
  let codec = byVersion.get(version);
  if (codec === undefined) {
    if (!isValidVersion(decl, version)) {
      throw new ProtocolError(`${decl.name} has no version ${version} (valid: ${decl.validVersions})`, {
        apiKey: decl.apiKey,
        apiVersion: version,
      });
    }
    codec = compileStruct(decl.fields, version, isFlexibleVersion(decl, version));
    byVersion.set(version, codec);
  }
  return codec;
}

/** Any failure leaves as a ProtocolError naming the API key, version and field path. */
export function asProtocolError(error: unknown, decl: MessageDecl, version: number): ProtocolError {
  const context = { apiKey: decl.apiKey, apiVersion: version };
  if (error instanceof ProtocolError) return error.withContext(context);
  const message = error instanceof Error ? error.message : String(error);
  return new ProtocolError(`internal codec error: ${message}`, context, { cause: error });
}

/** Decodes one message that must fill [pos, end) exactly. */
export function decodeMessage<M extends MessageDecl>(
  decl: M,
  version: number,
  bytes: Uint8Array,
  pos = 0,
  end = bytes.length,
): MessageValue<M> {
  try {
    const reader = new Reader(bytes, pos, end);
    const value = messageCodec(decl, version).read(reader);
    if (reader.remaining !== 0) throw new ProtocolError(`${reader.remaining} bytes left after the message`);
    return value as MessageValue<M>;
  } catch (error) {
    throw asProtocolError(error, decl, version);
  }
}

/** Reads one message at the reader's position, leaving the reader after it (e.g. a header before its body). */
export function readMessagePrefix<M extends MessageDecl>(decl: M, version: number, reader: Reader): MessageValue<M> {
  try {
    return messageCodec(decl, version).read(reader) as MessageValue<M>;
  } catch (error) {
    throw asProtocolError(error, decl, version);
  }
}

/** Size of the encoded message, validating the value on the way (and tallying zero-copy blobs if asked). */
export function sizeOfMessage<M extends MessageDecl>(
  decl: M,
  version: number,
  value: MessageInput<M>,
  zeroCopy?: ZeroCopyTally,
): number {
  try {
    return messageCodec(decl, version).size(value, zeroCopy);
  } catch (error) {
    throw asProtocolError(error, decl, version);
  }
}

/** Writes a message sized by sizeOfMessage (same value) at the writer's position. */
export function writeMessage<M extends MessageDecl>(
  decl: M,
  version: number,
  writer: Writer,
  value: MessageInput<M>,
): void {
  try {
    messageCodec(decl, version).write(writer, value);
  } catch (error) {
    throw asProtocolError(error, decl, version);
  }
}

export function encodeMessage<M extends MessageDecl>(decl: M, version: number, value: MessageInput<M>): Buffer {
  const size = sizeOfMessage(decl, version, value);
  const writer = new Writer(Buffer.allocUnsafe(size));
  writeMessage(decl, version, writer, value);
  return writer.buf;
}
