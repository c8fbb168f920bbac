/**
 * A request for messages that cannot be answered as asked (an offset past the end, a partition
 * the topic does not have, a malformed cursor). Route handlers answer it with a 4xx naming the
 * problem; it is never the cluster's fault.
 */
export type MessageQueryErrorCode = "offset_out_of_range" | "unknown_partition" | "invalid_cursor" | "invalid_input";

export class MessageQueryError extends Error {
  constructor(
    readonly code: MessageQueryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "MessageQueryError";
  }
}
