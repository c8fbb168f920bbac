import type { ApiKey, RequestData, ResponseInput } from "../../protocol/apis";
import type { Broker } from "../broker/broker";
import type { ConnectionContext } from "./connection";

/** Returned by a handler when the protocol sends no response (Produce with acks=0). */
export const NO_RESPONSE = Symbol("no response");

/**
 * Returned by a handler to close the connection instead of answering: Kafka's way to tell an
 * acks=0 producer that a write failed, so it refreshes metadata (KafkaApis.handleProduceRequest).
 */
export const CLOSE_CONNECTION = Symbol("close connection");

export interface RequestContext {
  broker: Broker;
  apiVersion: number;
  clientId: string;
  connection: ConnectionContext;
  /** Aborted when the listener closes, so parked requests (long-poll Fetch) finish at once. */
  shutdown: AbortSignal;
}

/**
 * One API: the versions this broker serves and a thin handler (decoded request body → response
 * body). Handlers make one domain call and map field names; they hold no state.
 */
export interface ApiHandler<K extends ApiKey = ApiKey> {
  apiKey: K;
  minVersion: number;
  maxVersion: number;
  handle(
    context: RequestContext,
    body: RequestData<K>,
  ): ResponseInput<K> | Promise<ResponseInput<K>> | typeof NO_RESPONSE | typeof CLOSE_CONNECTION;
}

/** Identity helper that keeps the key's request/response types attached to a handler literal. */
export function defineHandler<K extends ApiKey>(handler: ApiHandler<K>): ApiHandler<K> {
  return handler;
}
