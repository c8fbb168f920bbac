/**
 * The one exception the codec layer throws. Every malformed, truncated or oversized input ends
 * here, never in a RangeError or a hang, so the server can answer or close cleanly and the client
 * can report what went wrong. `apiKey`, `apiVersion` and `field` say where decoding stopped, when
 * known.
 */
export interface ProtocolErrorContext {
  apiKey?: number;
  apiVersion?: number;
  /** Dotted path of the field being read or written, e.g. "topics[0].partitions[2].records". */
  field?: string;
}

export class ProtocolError extends Error {
  readonly apiKey: number | undefined;
  readonly apiVersion: number | undefined;
  readonly field: string | undefined;
  /** The message without the "(apiKey …, v…, field …)" suffix, so outer layers can re-wrap it. */
  readonly detail: string;

  /** `options.cause` keeps the original exception when a non-protocol error is converted. */
  constructor(message: string, context: ProtocolErrorContext = {}, options?: { cause?: unknown }) {
    const where = [
      context.apiKey !== undefined ? `apiKey ${context.apiKey}` : undefined,
      context.apiVersion !== undefined ? `v${context.apiVersion}` : undefined,
      context.field !== undefined ? `field ${context.field}` : undefined,
    ].filter((part) => part !== undefined);
    super(where.length > 0 ? `${message} (${where.join(", ")})` : message, options);
    this.name = "ProtocolError";
    this.detail = message;
    this.apiKey = context.apiKey;
    this.apiVersion = context.apiVersion;
    this.field = context.field;
  }

  /** A copy with more context, for rethrowing from an outer layer that knows the API. */
  withContext(context: ProtocolErrorContext): ProtocolError {
    const merged = {
      apiKey: this.apiKey ?? context.apiKey,
      apiVersion: this.apiVersion ?? context.apiVersion,
      field: this.field ?? context.field,
    };
    return new ProtocolError(this.detail, merged, { cause: this.cause });
  }

  /**
   * A copy located one level further out: `segment` ("topics[0]") is prepended to the field path, so
   * an error raised deep inside a struct names its full path once it reaches the top.
   */
  atField(segment: string): ProtocolError {
    const field =
      this.field === undefined
        ? segment
        : this.field.startsWith("[")
          ? segment + this.field
          : `${segment}.${this.field}`;
    return new ProtocolError(
      this.detail,
      { apiKey: this.apiKey, apiVersion: this.apiVersion, field },
      { cause: this.cause },
    );
  }
}
