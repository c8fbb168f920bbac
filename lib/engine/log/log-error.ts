import { ErrorCode } from "../../protocol/error-codes";

/**
 * The one exception the partition log throws for a request it refuses or cannot serve. `errorCode`
 * is a Kafka error code (lib/protocol/error-codes), so the broker can put it straight into a
 * response: CORRUPT_MESSAGE, MESSAGE_TOO_LARGE, INVALID_RECORD, OFFSET_OUT_OF_RANGE,
 * KAFKA_STORAGE_ERROR (a failed write or fsync)...
 */
export class LogError extends Error {
  readonly errorCode: number;

  constructor(errorCode: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LogError";
    this.errorCode = errorCode;
  }
}

export function corruptMessage(message: string): LogError {
  return new LogError(ErrorCode.CORRUPT_MESSAGE, message);
}

export function invalidRecord(message: string): LogError {
  return new LogError(ErrorCode.INVALID_RECORD, message);
}

export function offsetOutOfRange(message: string): LogError {
  return new LogError(ErrorCode.OFFSET_OUT_OF_RANGE, message);
}

export function storageError(message: string, cause: unknown): LogError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new LogError(ErrorCode.KAFKA_STORAGE_ERROR, `${message}: ${detail}`, { cause });
}
