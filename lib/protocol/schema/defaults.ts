import { ZERO_UUID } from "../primitives/uuid";
import type { FieldDecl } from "./declaration";

/**
 * Field defaults, as Kafka's generated code applies them: a declared `default`, else 0 / 0n / false /
 * "" / zero uuid / empty bytes / null records / empty array / a struct of defaults.
 */
const EMPTY_BYTES = Buffer.alloc(0);

const TYPE_DEFAULTS: Record<string, unknown> = {
  bool: false,
  int8: 0,
  int16: 0,
  uint16: 0,
  int32: 0,
  uint32: 0,
  int64: 0n,
  float64: 0,
  uuid: ZERO_UUID,
  string: "",
  records: null,
};

/** A fresh default value (arrays, structs and byte buffers are new objects each call). */
export function defaultValue(field: FieldDecl): unknown {
  if (field.default !== undefined) return field.default;
  if (field.type.startsWith("[]")) return [];
  if (field.type === "bytes") return EMPTY_BYTES.subarray();
  if (field.type in TYPE_DEFAULTS) return TYPE_DEFAULTS[field.type];
  return defaultStruct(field.fields ?? []);
}

export function defaultStruct(fields: readonly FieldDecl[]): Record<string, unknown> {
  const struct: Record<string, unknown> = {};
  for (const field of fields) struct[field.name] = defaultValue(field);
  return struct;
}

/**
 * Whether `value` equals the field's default. Tagged fields are written only when this is false,
 * as Kafka does, which keeps re-encoding canonical.
 */
export function isDefaultValue(field: FieldDecl, value: unknown): boolean {
  if (value === undefined) return true;
  const declared = field.default;
  if (declared === null || (declared === undefined && field.type === "records")) return value === null;
  if (value === null) return false;
  if (declared !== undefined) return value === declared;
  if (field.type.startsWith("[]") || field.type === "bytes") return (value as ArrayLike<unknown>).length === 0;
  if (field.type in TYPE_DEFAULTS) return value === TYPE_DEFAULTS[field.type];
  const struct = value as Record<string, unknown>;
  const unknownTagged = struct._unknownTaggedFields as unknown[] | undefined;
  if (unknownTagged !== undefined && unknownTagged.length > 0) return false;
  return (field.fields ?? []).every((sub) => isDefaultValue(sub, struct[sub.name]));
}
