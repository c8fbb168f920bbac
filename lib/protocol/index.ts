/**
 * lib/protocol: Kafka wire-protocol codecs, no I/O. Everything other folders use comes from here.
 *
 * - Frames: decodeRequest / encodeResponse (broker side), encodeRequest / decodeResponse (client side).
 * - Declarations: API_SCHEMAS (every API's request and response, by key), typed bodies per API.
 * - Generic codec: encodeMessage / decodeMessage for any declared message and version.
 * - Consumer protocol payloads, error codes, ProtocolError.
 */
export { ProtocolError, type ProtocolErrorContext } from "./protocol-error";
export { ErrorCode, errorInfo, isRetriable, type ErrorInfo, type ErrorName } from "./error-codes";
export {
  API_SCHEMAS,
  ApiKey,
  apiSchemas,
  declaredApiVersions,
  isKnownApiKey,
  type ApiName,
  type ApiVersionRange,
  type RequestData,
  type RequestDecl,
  type RequestInput,
  type ResponseData,
  type ResponseDecl,
  type ResponseInput,
} from "./apis";
export {
  SIZE_PREFIX_BYTES,
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeRequestChunks,
  encodeResponse,
  encodeResponseChunks,
  isSupportedVersion,
  readRequestHeader,
  readResponseCorrelationId,
  type DecodedRequest,
  type ParsedRequestHeader,
  type RequestFrameHeader,
} from "./frames";
export {
  RequestHeader,
  ResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
  type RequestHeaderData,
  type ResponseHeaderData,
} from "./headers";
export {
  MAX_MESSAGE_BYTES,
  decodeMessage,
  encodeMessage,
  isFlexibleVersion,
  isValidVersion,
  readMessagePrefix,
  sizeOfMessage,
  writeMessage,
} from "./schema/message-codec";
export type {
  FieldDecl,
  MessageDecl,
  MessageInput,
  MessageValue,
  StructInput,
  StructValue,
  UnknownTaggedField,
} from "./schema/declaration";
export { MAX_API_VERSION, parseVersions, type VersionRange } from "./schema/versions";
export { MAX_STRING_BYTES, ZERO_COPY_MIN_BYTES } from "./schema/codec-types";
export {
  ConsumerProtocolAssignment,
  ConsumerProtocolSubscription,
  decodeAssignment,
  decodeSubscription,
  decodeVersionedPayload,
  encodeAssignment,
  encodeSubscription,
  encodeVersionedPayload,
  type ConsumerAssignment,
  type ConsumerSubscription,
} from "./consumer-protocol";
export {
  GroupMetadataKey,
  GroupMetadataValue,
  OffsetCommitKey,
  OffsetCommitValue,
  decodeConsumerOffsetsKey,
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  type ConsumerOffsetsKey,
  type GroupMetadataKeyData,
  type GroupMetadataValueData,
  type OffsetCommitKeyData,
  type OffsetCommitValueData,
} from "./consumer-offsets";
export { ZERO_UUID } from "./primitives/uuid";
export { Reader } from "./primitives/reader";
export { Writer } from "./primitives/writer";
// Record batches (v2) and compression: owned by the records work, re-exported as part of the surface.
export * from "./records";
export * from "./compression";
