/**
 * The REST API's one error shape: `{ error: { code, message } }` with the matching HTTP status.
 * `code` is a stable machine-readable word (e.g. "not_found", "invalid_input", "config_error");
 * `message` is a sentence a person can act on.
 */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

export function jsonError(status: number, code: string, message: string): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status });
}

export function notFound(what: string): Response {
  return jsonError(404, "not_found", what);
}

/** Runs a handler, turning an unexpected exception into a 500 with its message (never a stack). */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof Error && error.name === "ConfigError" ? "config_error" : "internal_error";
    return jsonError(500, code, message);
  }
}
