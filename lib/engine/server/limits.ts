/**
 * Limits of the broker's network layer, with Kafka's names and defaults where Kafka has one.
 * Every limit is overridable per listener (SocketServerOptions); these are the defaults.
 */

/** socket.request.max.bytes: the largest request frame accepted (size prefix excluded). Kafka: 100 MiB. */
export const MAX_FRAME_BYTES_DEFAULT = 100 * 1024 * 1024;

/** max.connections: connections accepted per listener; further ones are closed at once. */
export const MAX_CONNECTIONS_DEFAULT = 1_000;

/** connections.max.idle.ms: a connection with no traffic for this long is closed. Kafka: 10 minutes. */
export const CONNECTION_IDLE_TIMEOUT_MS_DEFAULT = 10 * 60 * 1000;

/**
 * Requests read but not yet answered on one connection before the broker stops reading from it
 * (Kafka mutes a channel after every request; we allow a few in the queue so pipelined produce
 * batches are handled without a round trip each).
 */
export const MAX_QUEUED_REQUESTS_PER_CONNECTION = 64;

/** Size of the int32 length prefix of every request and response. */
export const FRAME_SIZE_PREFIX_BYTES = 4;
