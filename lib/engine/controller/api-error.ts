import { ErrorCode } from "../../protocol/error-codes";

/**
 * A refusal the domain layer reports to a client: a Kafka error code plus a human message (sent
 * in the response's ErrorMessage field where the API version has one).
 */
export class ApiError extends Error {
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The error code and message of anything thrown by domain code (unknown errors → UNKNOWN_SERVER_ERROR). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const code = (err as { errorCode?: unknown } | null)?.errorCode;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === "number") return new ApiError(code as ErrorCode, message);
  return new ApiError(ErrorCode.UNKNOWN_SERVER_ERROR, message);
}
