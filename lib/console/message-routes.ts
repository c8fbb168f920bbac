import type { AdminError, MessageQueryError } from "../admin";
import { ADMIN_ERROR_STATUS, handle, jsonError } from "./http";

/**
 * Plumbing of the messages routes: the 4xx answers for requests that cannot be served as asked,
 * and streaming (NDJSON for search, Server-Sent Events for tail) that pulls the generator only as
 * fast as the client reads and stops the scan when the client goes away.
 */
const ADMIN_ERROR_NAMES = new Set(["AdminError", "NotFoundError", "UnsupportedByClusterError"]);

const QUERY_ERROR_STATUS: Record<MessageQueryError["code"], number> = {
  offset_out_of_range: 400,
  unknown_partition: 404,
  invalid_cursor: 400,
  invalid_input: 400,
};

/**
 * `handle` plus the messages API's own input errors. Matched by name, not instanceof: Next may
 * load lib/admin once per route bundle, and the pooled client (on globalThis) may come from
 * another bundle than this handler's.
 */
export function handleMessages(fn: () => Promise<Response>): Promise<Response> {
  return handle(async () => {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      if (error.name === "FilterSyntaxError") return jsonError(400, "invalid_filter", error.message);
      if (error.name === "MessageQueryError") {
        const code = (error as MessageQueryError).code;
        return jsonError(QUERY_ERROR_STATUS[code] ?? 400, code, error.message);
      }
      if (ADMIN_ERROR_NAMES.has(error.name)) {
        const code = (error as AdminError).code;
        return jsonError(ADMIN_ERROR_STATUS[code] ?? 502, code, error.message);
      }
      throw error;
    }
  });
}

export type StreamFormat = "ndjson" | "sse";

/**
 * Starts `events`, waiting for its first event so that a bad request is still an ordinary JSON
 * error, then streams the rest. `abort` is called when the client disconnects.
 */
export async function streamEvents<E extends { type: string }>(
  events: AsyncGenerator<E>,
  format: StreamFormat,
  abort: AbortController,
): Promise<Response> {
  const first = await events.next();
  const encoder = new TextEncoder();
  const frame = (event: E | { type: "error"; code: string; message: string }) =>
    encoder.encode(
      format === "ndjson" ? `${JSON.stringify(event)}\n` : `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`,
    );
  let pending: IteratorResult<E> | undefined = first;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = pending ?? (await events.next());
        pending = undefined;
        if (next.done) return controller.close();
        controller.enqueue(frame(next.value));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code =
          error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "internal_error";
        controller.enqueue(frame({ type: "error", code, message }));
        controller.close();
      }
    },
    async cancel() {
      abort.abort();
      await events.return(undefined).catch(() => undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": format === "ndjson" ? "application/x-ndjson; charset=utf-8" : "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
