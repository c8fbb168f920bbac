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

/**
 * Request frames of POOLED_FRAME_MIN_BYTES to POOLED_FRAME_MAX_BYTES are assembled in reused
 * buffers (FrameBufferPool); others get a buffer of their own. Small frames are cheap to allocate
 * and would each hold a pooled buffer while queued; the maximum covers the clients' default request
 * size limits (librdkafka message.max.bytes 1,000,000; Java max.request.size 1 MiB).
 */
export const POOLED_FRAME_MIN_BYTES = 64 * 1024;
export const POOLED_FRAME_MAX_BYTES = 4 * 1024 * 1024;

/** Idle frame buffers a listener keeps for reuse (each at most POOLED_FRAME_MAX_BYTES). */
export const MAX_IDLE_FRAME_BUFFERS = 4;

/** Pooled frame buffers are sized in multiples of this, so frames of nearly equal size share them. */
export const FRAME_BUFFER_GRANULE_BYTES = 64 * 1024;

/**
 * The listener's socket read buffer, shared by its connections: the most one read takes from a
 * socket. Larger than Node's own 64 KB reads, so a 1 MB produce request takes fewer of them.
 */
export const SOCKET_READ_BUFFER_BYTES = 256 * 1024;

/** Size of the int32 length prefix of every request and response. */
export const FRAME_SIZE_PREFIX_BYTES = 4;
