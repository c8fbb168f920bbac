/**
 * The pieces every OpenAPI module builds its paths from (openapi.ts merges them into
 * /api/openapi.json): responses in the one error shape, path and query parameters, JSON bodies.
 */
export type Json = Record<string, unknown>;

/** A response with the body `{ error: { code, message } }`. */
export const err = (description: string): Json => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** A JSON response, its schema given or left open. */
export const ok = (description: string, schema?: Json): Json => ({
  description,
  content: { "application/json": schema ? { schema } : {} },
});

export const path = (name: string, description: string, schema: Json = { type: "string" }): Json => ({
  name,
  in: "path",
  required: true,
  description,
  schema,
});

export const query = (name: string, description: string, schema: Json = { type: "string" }): Json => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

export const body = (schema: Json, required = true): Json => ({
  required,
  content: { "application/json": { schema } },
});
