import { ApiError } from "../console/use-api";

/**
 * Reading the messages API's streams with fetch (not EventSource, so that a refused request still
 * shows the API's `{ error: { code, message } }`): NDJSON lines for search, Server-Sent Events for
 * tail. Aborting the signal closes the connection, which stops the scan on the server.
 */
export async function openStream(url: string, signal: AbortSignal): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: "application/x-ndjson, text/event-stream" } });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError(0, "network", "The console's server did not answer. Is it still running?");
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => undefined)) as
      { error?: { code: string; message: string } } | undefined;
    throw new ApiError(
      response.status,
      body?.error?.code ?? "http_error",
      body?.error?.message ?? `HTTP ${response.status}`,
    );
  }
  return response.body.getReader();
}

/** Calls `onItem` with each complete piece of the stream, split on `separator`. */
export async function readPieces(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  separator: string,
  onItem: (piece: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let cut = buffered.indexOf(separator);
    while (cut >= 0) {
      const piece = buffered.slice(0, cut);
      buffered = buffered.slice(cut + separator.length);
      if (piece.trim() !== "") onItem(piece);
      cut = buffered.indexOf(separator);
    }
  }
  if (buffered.trim() !== "") onItem(buffered);
}

/** One Server-Sent Event: its `event:` name and parsed `data:` JSON. */
export function parseSse(piece: string): { event: string; data: unknown } {
  let event = "message";
  const data: string[] = [];
  for (const line of piece.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
  }
  return { event, data: data.length ? JSON.parse(data.join("\n")) : null };
}
