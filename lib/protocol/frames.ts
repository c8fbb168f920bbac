import {
  API_SCHEMAS,
  ApiKey,
  isKnownApiKey,
  type RequestData,
  type RequestInput,
  type ResponseData,
  type ResponseInput,
} from "./apis";
import {
  RequestHeader,
  ResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
  type RequestHeaderData,
} from "./headers";
import { Reader } from "./primitives/reader";
import { Writer } from "./primitives/writer";
import { ProtocolError } from "./protocol-error";
import type { MessageDecl, MessageInput } from "./schema/declaration";
import { ZERO_COPY_MIN_BYTES } from "./schema/codec-types";
import {
  MAX_MESSAGE_BYTES,
  asProtocolError,
  decodeMessage,
  isValidVersion,
  readMessagePrefix,
  sizeOfMessage,
  writeMessage,
} from "./schema/message-codec";

/**
 * Whole Kafka frames. On the wire every request and response is `size:int32` then `size` bytes of
 * header + body. Encoders here return the complete frame, size prefix included, ready to write to a
 * socket. Decoders take a frame WITHOUT its size prefix (the connection's framing layer strips it
 * and enforces its own maximum frame size).
 */
export const SIZE_PREFIX_BYTES = 4;
/** The first bytes of every request header: apiKey int16, apiVersion int16, correlationId int32. */
const REQUEST_HEADER_FIXED_BYTES = 8;

export interface ParsedRequestHeader {
  header: RequestHeaderData;
  headerVersion: number;
  /** Where the body starts in the frame. */
  bodyOffset: number;
}

/** A decoded request, discriminated by `apiKey`, so `switch (request.apiKey)` narrows `body`. */
export type DecodedRequest = {
  [K in ApiKey]: { apiKey: K; apiVersion: number; header: RequestHeaderData; body: RequestData<K> };
}[ApiKey];

export function isSupportedVersion(apiKey: number, apiVersion: number): boolean {
  return isKnownApiKey(apiKey) && isValidVersion(API_SCHEMAS[apiKey].request, apiVersion);
}

/**
 * Reads the request header. It works for any API key and version (unknown keys are read as header
 * v1), so the server can always learn the correlation id and answer or close politely.
 */
export function readRequestHeader(frame: Uint8Array): ParsedRequestHeader {
  if (frame.length < REQUEST_HEADER_FIXED_BYTES) {
    throw new ProtocolError(`request frame of ${frame.length} bytes is shorter than a request header`);
  }
  const fixed = new Reader(frame);
  const apiKey = fixed.int16();
  const apiVersion = fixed.int16();
  const headerVersion = requestHeaderVersion(apiKey, apiVersion);
  const reader = new Reader(frame);
  try {
    const header = readMessagePrefix(RequestHeader, headerVersion, reader);
    return { header, headerVersion, bodyOffset: reader.pos };
  } catch (error) {
    throw asProtocolError(error, { ...RequestHeader, apiKey }, apiVersion).atField("header");
  }
}

/** Decodes a whole request frame; throws ProtocolError for unknown APIs and unsupported versions. */
export function decodeRequest(frame: Uint8Array): DecodedRequest {
  const { header, bodyOffset } = readRequestHeader(frame);
  const apiKey = header.requestApiKey;
  const apiVersion = header.requestApiVersion;
  if (!isKnownApiKey(apiKey)) throw new ProtocolError(`unknown API key ${apiKey}`, { apiKey, apiVersion });
  const body = decodeMessage(API_SCHEMAS[apiKey].request, apiVersion, frame, bodyOffset);
  return { apiKey, apiVersion, header, body } as DecodedRequest;
}

/** A header or body to encode; the typed entry points checked `value` against `decl`. */
interface FramePart {
  decl: MessageDecl;
  version: number;
  value: object;
}

/**
 * Writes size prefix + header + body. Single-buffer mode allocates the whole frame once; chunked
 * mode allocates only the inline bytes and references large blobs (records) instead of copying them.
 */
function encodeFrame(header: FramePart, body: FramePart, zeroCopyMinBytes?: number): Buffer[] {
  const tally = zeroCopyMinBytes === undefined ? undefined : { externalBytes: 0 };
  const size =
    sizeOfMessage(header.decl, header.version, header.value as MessageInput<MessageDecl>, tally) +
    sizeOfMessage(body.decl, body.version, body.value as MessageInput<MessageDecl>, tally);
  if (size > MAX_MESSAGE_BYTES - SIZE_PREFIX_BYTES) {
    throw new ProtocolError(`frame of ${size} bytes is too large`, {
      apiKey: body.decl.apiKey,
      apiVersion: body.version,
    });
  }
  const inlineBytes = SIZE_PREFIX_BYTES + size - (tally?.externalBytes ?? 0);
  const writer = new Writer(Buffer.allocUnsafe(inlineBytes), 0, zeroCopyMinBytes);
  writer.int32(size);
  writeMessage(header.decl, header.version, writer, header.value as MessageInput<MessageDecl>);
  writeMessage(body.decl, body.version, writer, body.value as MessageInput<MessageDecl>);
  return tally === undefined ? [writer.buf] : writer.finishChunks();
}

function requestParts<K extends ApiKey>(request: RequestFrameHeader<K>, body: RequestInput<K>): [FramePart, FramePart] {
  const { apiKey, apiVersion, correlationId, clientId = null } = request;
  const header = { requestApiKey: apiKey, requestApiVersion: apiVersion, correlationId, clientId };
  return [
    { decl: RequestHeader, version: requestHeaderVersion(apiKey, apiVersion), value: header },
    { decl: API_SCHEMAS[apiKey].request, version: apiVersion, value: body },
  ];
}

function responseParts<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  body: ResponseInput<K>,
): [FramePart, FramePart] {
  return [
    { decl: ResponseHeader, version: responseHeaderVersion(apiKey, apiVersion), value: { correlationId } },
    { decl: API_SCHEMAS[apiKey].response, version: apiVersion, value: body },
  ];
}

export interface RequestFrameHeader<K extends ApiKey> {
  apiKey: K;
  apiVersion: number;
  correlationId: number;
  clientId?: string | null;
}

/** Client side: a complete request frame (size prefix, header, body) in one buffer. */
export function encodeRequest<K extends ApiKey>(request: RequestFrameHeader<K>, body: RequestInput<K>): Buffer {
  const [header, message] = requestParts(request, body);
  return encodeFrame(header, message)[0]!;
}

/**
 * The same frame as chunks to write in order (e.g. socket.cork(), write each, uncork()): record
 * sets of ZERO_COPY_MIN_BYTES or more are referenced, not copied. Do not modify them until written.
 */
export function encodeRequestChunks<K extends ApiKey>(request: RequestFrameHeader<K>, body: RequestInput<K>): Buffer[] {
  const [header, message] = requestParts(request, body);
  return encodeFrame(header, message, ZERO_COPY_MIN_BYTES);
}

/** Server side: a complete response frame for a request of `apiKey` at `apiVersion`, in one buffer. */
export function encodeResponse<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  body: ResponseInput<K>,
): Buffer {
  const [header, message] = responseParts(apiKey, apiVersion, correlationId, body);
  return encodeFrame(header, message)[0]!;
}

/** The same response frame as chunks, large record sets referenced rather than copied (see encodeRequestChunks). */
export function encodeResponseChunks<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  body: ResponseInput<K>,
): Buffer[] {
  const [header, message] = responseParts(apiKey, apiVersion, correlationId, body);
  return encodeFrame(header, message, ZERO_COPY_MIN_BYTES);
}

/** The correlation id of a response frame, to match it to its request before decoding the body. */
export function readResponseCorrelationId(frame: Uint8Array): number {
  if (frame.length < 4) throw new ProtocolError(`response frame of ${frame.length} bytes has no correlation id`);
  return new Reader(frame).int32();
}

/**
 * Client side: decodes a response frame (without size prefix) of a request sent at `apiVersion`.
 * `bodyVersion` is the version the body was read at: as Kafka's client does (KIP-511), an
 * ApiVersions body that does not parse at the requested version is read again at v0, which is how a
 * broker that does not know the requested version answers (error UNSUPPORTED_VERSION).
 */
export function decodeResponse<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  frame: Uint8Array,
): { correlationId: number; body: ResponseData<K>; bodyVersion: number } {
  const decl = API_SCHEMAS[apiKey].response;
  const reader = new Reader(frame);
  let correlationId: number;
  try {
    correlationId = readMessagePrefix(ResponseHeader, responseHeaderVersion(apiKey, apiVersion), reader).correlationId;
  } catch (error) {
    throw asProtocolError(error, decl, apiVersion).atField("header");
  }
  const decodeAt = (version: number) => decodeMessage(decl, version, frame, reader.pos) as unknown as ResponseData<K>;
  try {
    return { correlationId, body: decodeAt(apiVersion), bodyVersion: apiVersion };
  } catch (error) {
    if (apiKey !== ApiKey.ApiVersions || apiVersion === 0) throw error;
    return { correlationId, body: decodeAt(0), bodyVersion: 0 };
  }
}
