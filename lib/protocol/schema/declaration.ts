/**
 * Pier's declaration format for Kafka protocol messages. Every request, response, header and
 * versioned payload is declared once as plain data in this shape (lib/protocol/messages/*.ts); the
 * generic codec (compile.ts) turns a declaration into a reader and a writer per version.
 *
 * The vocabulary follows Kafka's message definitions so a declaration can be checked field by field
 * against Kafka's own specs: `versions`, `nullableVersions`, `taggedVersions` and `flexibleVersions`
 * are version ranges ("0+", "3-5", "7", "none"); `type` is a primitive name, a struct name, or either
 * prefixed with "[]" for an array. Field names are camelCase (Kafka's PascalCase with a lower-case
 * first letter), as they appear on decoded values.
 */

/** Wire types that are not structs. "records" is a record-batch byte blob (nullable bytes on the wire). */
export type PrimitiveType =
  | "bool"
  | "int8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "float64"
  | "uuid"
  | "string"
  | "bytes"
  | "records";

export type DefaultValue = number | bigint | boolean | string | null;

export interface FieldDecl {
  readonly name: string;
  /** "int32", "[]int32", "Topic" (a struct, needs `fields`) or "[]Topic". */
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  /** Tagged fields: the tag number and the (open-ended) versions in which the field is tagged. */
  readonly tag?: number;
  readonly taggedVersions?: string;
  /** Only "none": the field keeps its classic encoding even in flexible versions (RequestHeader.clientId). */
  readonly flexibleVersions?: string;
  /** Value of the field when absent from a version or from the tagged section. */
  readonly default?: DefaultValue;
  /** Sub-fields of a struct or struct-array field. */
  readonly fields?: readonly FieldDecl[];
}

export type MessageKind = "request" | "response" | "header" | "data";

export interface MessageDecl {
  readonly name: string;
  readonly apiKey?: number;
  readonly type: MessageKind;
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldDecl[];
}

/** A tagged field this declaration does not know (from a newer peer), kept raw so it re-encodes unchanged. */
export interface UnknownTaggedField {
  tag: number;
  data: Buffer;
}

interface PrimitiveValues {
  bool: boolean;
  int8: number;
  int16: number;
  uint16: number;
  int32: number;
  uint32: number;
  int64: bigint;
  float64: number;
  /** Kafka's Uuid.toString() form: 22 characters of URL-safe base64 without padding. */
  uuid: string;
  string: string;
  /** A view into the decoded frame (not a copy); copy it before keeping it beyond the frame's life. */
  bytes: Buffer;
  records: Buffer;
}

type NullIfNullable<F> = F extends { readonly nullableVersions: string } ? null : never;

type ElementValue<T extends string, F extends FieldDecl> = T extends keyof PrimitiveValues
  ? PrimitiveValues[T]
  : F extends { readonly fields: infer S extends readonly FieldDecl[] }
    ? StructValue<S>
    : never;

type FieldValue<F extends FieldDecl> = F["type"] extends `[]${infer E}`
  ? ElementValue<E, F>[]
  : ElementValue<F["type"], F>;

/** The decoded value of a struct: every declared field is present (absent ones hold their default). */
export type StructValue<S extends readonly FieldDecl[]> = {
  [F in S[number] as F["name"]]: FieldValue<F> | NullIfNullable<F>;
} & { _unknownTaggedFields?: UnknownTaggedField[] };

type ElementInput<T extends string, F extends FieldDecl> = T extends keyof PrimitiveValues
  ? PrimitiveValues[T]
  : F extends { readonly fields: infer S extends readonly FieldDecl[] }
    ? StructInput<S>
    : never;

type FieldInput<F extends FieldDecl> = F["type"] extends `[]${infer E}`
  ? ElementInput<E, F>[]
  : ElementInput<F["type"], F>;

/** What the encoder accepts: any field may be left out and then takes its default. */
export type StructInput<S extends readonly FieldDecl[]> = {
  [F in S[number] as F["name"]]?: FieldInput<F> | NullIfNullable<F>;
} & { _unknownTaggedFields?: UnknownTaggedField[] };

export type MessageValue<M extends MessageDecl> = StructValue<M["fields"]>;
export type MessageInput<M extends MessageDecl> = StructInput<M["fields"]>;
