import { ApiKey, isKnownApiKey } from "../../protocol/apis";
import { ErrorCode } from "../../protocol/error-codes";
import {
  decodeRequest,
  encodeResponse,
  encodeResponseChunks,
  isSupportedVersion,
  readRequestHeader,
} from "../../protocol/frames";
import { ProtocolError } from "../../protocol/protocol-error";
import type { Broker } from "../broker/broker";
import { CLOSE_CONNECTION, NO_RESPONSE, type ApiHandler } from "./api-handler";
import {
  CloseConnection,
  type ChunkedFrameHandler,
  type ConnectionContext,
  type FrameHandler,
  type ResponseChunks,
} from "./connection";
import { alterConfigsHandler } from "./handlers/alter-configs";
import { alterPartitionReassignmentsHandler } from "./handlers/alter-partition-reassignments";
import { apiVersionsHandler, type AdvertisedApis } from "./handlers/api-versions";
import { createPartitionsHandler } from "./handlers/create-partitions";
import { createTopicsHandler } from "./handlers/create-topics";
import { deleteRecordsHandler } from "./handlers/delete-records";
import { deleteTopicsHandler } from "./handlers/delete-topics";
import { describeClusterHandler } from "./handlers/describe-cluster";
import { describeConfigsHandler } from "./handlers/describe-configs";
import { describeLogDirsHandler } from "./handlers/describe-log-dirs";
import { describeProducersHandler } from "./handlers/describe-producers";
import { electLeadersHandler } from "./handlers/elect-leaders";
import { fetchHandler } from "./handlers/fetch";
import { incrementalAlterConfigsHandler } from "./handlers/incremental-alter-configs";
import { initProducerIdHandler } from "./handlers/init-producer-id";
import { listOffsetsHandler } from "./handlers/list-offsets";
import { listPartitionReassignmentsHandler } from "./handlers/list-partition-reassignments";
import { metadataHandler } from "./handlers/metadata";
import { offsetForLeaderEpochHandler } from "./handlers/offset-for-leader-epoch";
import { produceHandler } from "./handlers/produce";

/**
 * Requests whose bytes nothing references once their response exists, so the listener may handle
 * them in a reused buffer (FrameReader's ownership rules). Produce only: its record batches are
 * copied into the segment file by the log append before the handler returns (PartitionLog
 * appendAsLeader writes synchronously; an acks=-1 wait keeps offsets, not bytes), and its response
 * is encoded afresh. Other requests may leave views of their bytes in broker state (a group
 * member's protocol metadata, ...), so they get a buffer of their own.
 */
const TRANSIENT_API_KEYS: ReadonlySet<number> = new Set([ApiKey.Produce]);

/** Whether a request frame (size prefix removed) is transient: see TRANSIENT_API_KEYS. */
export function isTransientFrame(frame: Buffer): boolean {
  return frame.length >= 2 && TRANSIENT_API_KEYS.has(frame.readInt16BE(0));
}

/** A request the broker will not answer: Kafka closes the connection (SocketServer). */
export class UnsupportedRequestError extends ProtocolError {}

/**
 * The handler table: only APIs listed here are advertised in ApiVersions and served. `extra`
 * handlers (e.g. the consumer-group APIs, FindCoordinator among them) are added, replacing a
 * built-in one for the same key.
 */
function handlerTable(extra: readonly ApiHandler[]): Map<number, ApiHandler> {
  const handlers: ApiHandler[] = [
    produceHandler,
    fetchHandler,
    listOffsetsHandler,
    metadataHandler,
    createTopicsHandler,
    deleteTopicsHandler,
    deleteRecordsHandler,
    initProducerIdHandler,
    offsetForLeaderEpochHandler,
    describeConfigsHandler,
    alterConfigsHandler,
    describeLogDirsHandler,
    createPartitionsHandler,
    incrementalAlterConfigsHandler,
    describeClusterHandler,
    describeProducersHandler,
    electLeadersHandler,
    alterPartitionReassignmentsHandler,
    listPartitionReassignmentsHandler,
  ] as ApiHandler[];
  const table = new Map<number, ApiHandler>([...handlers, ...extra].map((h) => [h.apiKey, h]));
  const versions = apiVersionsHandler(() => advertised);
  table.set(versions.apiKey, versions as ApiHandler);
  // Each handler's range, cut to what the codec declares: both must be able to serve a version.
  const advertised: AdvertisedApis = [...table.values()]
    .map((h) => {
      let min = h.minVersion;
      let max = h.maxVersion;
      while (min <= max && !isSupportedVersion(h.apiKey, min)) min++;
      while (max >= min && !isSupportedVersion(h.apiKey, max)) max--;
      return { apiKey: h.apiKey, minVersion: min, maxVersion: max };
    })
    .filter((a) => a.minVersion <= a.maxVersion)
    .sort((a, b) => a.apiKey - b.apiKey);
  for (const a of advertised) {
    const h = table.get(a.apiKey)!;
    table.set(a.apiKey, { ...h, minVersion: a.minVersion, maxVersion: a.maxVersion });
  }
  return table;
}

/** Throws (the connection closes, as with Kafka) unless `api` serves `apiVersion`. */
function requireServed(api: ApiHandler | undefined, apiKey: number, apiVersion: number): asserts api is ApiHandler {
  if (api === undefined || !isKnownApiKey(apiKey)) {
    throw new UnsupportedRequestError(`unsupported API key ${apiKey}`, { apiKey, apiVersion });
  }
  if (apiVersion < api.minVersion || apiVersion > api.maxVersion) {
    throw new UnsupportedRequestError(`unsupported version ${apiVersion} of API ${apiKey}`, { apiKey, apiVersion });
  }
}

/**
 * Turns request frames into response frames for one broker: read the header, check the API and
 * version, decode, call the API's handler, encode. An unknown API key, an unsupported version or
 * an undecodable request throws (the connection closes, as with Kafka), except ApiVersions with a
 * version too new, which is answered in v0 with UNSUPPORTED_VERSION and the supported ranges so
 * the client can retry with one it shares (KIP-511).
 *
 * `chunkedHandler` answers with the frame in pieces, record sets referenced rather than copied
 * (what the listener uses); `handler` answers with one buffer.
 */
export function createRequestRouter(
  broker: Broker,
  shutdown: AbortSignal,
  extraHandlers: readonly ApiHandler[] = [],
): {
  handler: FrameHandler;
  chunkedHandler: ChunkedFrameHandler;
  isTransientFrame: (frame: Buffer) => boolean;
  advertised: AdvertisedApis;
} {
  const table = handlerTable(extraHandlers);
  const advertised = [...table.values()]
    .map((h) => ({ apiKey: h.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion }))
    .sort((a, b) => a.apiKey - b.apiKey);
  const chunkedHandler = (frame: Buffer, connection: ConnectionContext): ResponseChunks | Promise<ResponseChunks> => {
    const { header } = readRequestHeader(frame);
    const apiKey = header.requestApiKey;
    const apiVersion = header.requestApiVersion;
    const api = table.get(apiKey);
    if (
      apiKey === ApiKey.ApiVersions &&
      api !== undefined &&
      (apiVersion < api.minVersion || apiVersion > api.maxVersion)
    ) {
      return encodeResponse(ApiKey.ApiVersions, 0, header.correlationId, {
        errorCode: ErrorCode.UNSUPPORTED_VERSION,
        apiKeys: advertised,
      });
    }
    requireServed(api, apiKey, apiVersion);
    const request = decodeRequest(frame);
    const context = { broker, apiVersion, clientId: header.clientId ?? "", connection, shutdown };
    const result = api.handle(context, request.body as never);
    const encode = (body: unknown) => {
      if (body === CLOSE_CONNECTION)
        throw new CloseConnection(`closing after a failed ${apiKey} request that gets no response`);
      return body === NO_RESPONSE
        ? null
        : encodeResponseChunks(api.apiKey, apiVersion, header.correlationId, body as never);
    };
    return result instanceof Promise ? result.then(encode) : encode(result);
  };
  const join = (chunks: ResponseChunks): Buffer | null =>
    chunks === null || Buffer.isBuffer(chunks) ? chunks : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  const handler: FrameHandler = (frame, connection) => {
    const chunks = chunkedHandler(frame, connection);
    return chunks instanceof Promise ? chunks.then(join) : join(chunks);
  };
  return { handler, chunkedHandler, isTransientFrame, advertised };
}
