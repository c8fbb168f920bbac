import { ProtocolError } from "../protocol-error";
import { Reader } from "../primitives/reader";
import type { Writer } from "../primitives/writer";
import { sizeOfUnsignedVarint } from "../primitives/varint";
import { ZERO_COPY_MIN_BYTES, locate, type Codec, type ZeroCopyTally } from "./codec-types";
import type { FieldDecl, PrimitiveType, UnknownTaggedField } from "./declaration";
import { defaultValue, isDefaultValue } from "./defaults";
import { arrayCodec, nullableStructCodec } from "./container-codecs";
import { isPrimitiveType, primitiveCodec } from "./primitive-codecs";
import { specIncludes } from "./versions";

/**
 * Compiles a list of field declarations, for one version, into a Codec for the struct they form.
 *
 * Wire format of a struct at version v: its "regular" fields (those whose `versions` include v and
 * that are not tagged at v) in declaration order; then, in flexible versions only, the tagged-field
 * section: uvarint count, then per field uvarint tag, uvarint size, `size` bytes, tags strictly
 * increasing. Fields absent at v decode to their defaults; unknown tags are kept raw.
 */
interface CompiledField {
  readonly decl: FieldDecl;
  readonly name: string;
  readonly codec: Codec;
}

interface StructPlan {
  /** Every declared field in order, with its codec when it is on the wire at this version. */
  readonly all: readonly { decl: FieldDecl; regular: CompiledField | undefined }[];
  readonly regular: readonly CompiledField[];
  /** Tagged fields at this version, sorted by tag. */
  readonly tagged: readonly (CompiledField & { tag: number })[];
  readonly flexible: boolean;
  /**
   * An object with every field name, in order: decoding starts from a copy of it, so each decoded
   * struct is created with its final shape at once (in-object properties, no growing backing store
   * per added field, which made large decodes GC-bound).
   */
  readonly template: Record<string, unknown>;
}

/** Each tagged entry takes at least a tag byte and a size byte. */
const MIN_TAGGED_ENTRY_BYTES = 2;

export function compileStruct(fields: readonly FieldDecl[], version: number, flexible: boolean): Codec {
  const plan = planStruct(fields, version, flexible);
  const regularMin = plan.regular.reduce((sum, field) => sum + field.codec.minSize, 0);
  return {
    minSize: regularMin + (flexible ? 1 : 0),
    read: (reader) => readStruct(plan, reader),
    size: (value, zeroCopy) => sizeStruct(plan, value as Record<string, unknown>, zeroCopy),
    write: (writer, value) => writeStruct(plan, writer, value as Record<string, unknown>),
  };
}

function planStruct(fields: readonly FieldDecl[], version: number, flexible: boolean): StructPlan {
  const all: { decl: FieldDecl; regular: CompiledField | undefined }[] = [];
  const regular: CompiledField[] = [];
  const tagged: (CompiledField & { tag: number })[] = [];
  for (const decl of fields) {
    const present = specIncludes(decl.versions, version);
    const isTagged = present && flexible && decl.tag !== undefined && specIncludes(decl.taggedVersions, version);
    const compiled = present ? { decl, name: decl.name, codec: fieldCodec(decl, version, flexible) } : undefined;
    if (compiled !== undefined && isTagged) tagged.push({ ...compiled, tag: decl.tag! });
    else if (compiled !== undefined) regular.push(compiled);
    all.push({ decl, regular: isTagged ? undefined : compiled });
  }
  tagged.sort((a, b) => a.tag - b.tag);
  const template = Object.fromEntries(fields.map((decl) => [decl.name, null]));
  return { all, regular, tagged, flexible, template };
}

/** The codec of one field at one version: arrays, nullable structs and compact encodings resolved. */
export function fieldCodec(decl: FieldDecl, version: number, flexible: boolean): Codec {
  const nullable = specIncludes(decl.nullableVersions, version);
  const compact = flexible && (decl.flexibleVersions === undefined || specIncludes(decl.flexibleVersions, version));
  if (decl.type.startsWith("[]")) {
    const element = elementCodec(decl.type.slice(2), decl, version, flexible, false, compact);
    return arrayCodec(element, nullable, compact);
  }
  return elementCodec(decl.type, decl, version, flexible, nullable, compact);
}

function elementCodec(
  type: string,
  decl: FieldDecl,
  version: number,
  flexible: boolean,
  nullable: boolean,
  compact: boolean,
): Codec {
  if (isPrimitiveType(type)) return primitiveCodec(type as PrimitiveType, nullable, compact);
  if (decl.fields === undefined) throw new ProtocolError(`field ${decl.name}: struct type ${type} declares no fields`);
  const struct = compileStruct(decl.fields, version, flexible);
  return nullable ? nullableStructCodec(struct) : struct;
}

function readStruct(plan: StructPlan, reader: Reader): Record<string, unknown> {
  const struct: Record<string, unknown> = { ...plan.template };
  for (const { decl, regular } of plan.all) {
    if (regular === undefined) {
      struct[decl.name] = defaultValue(decl);
      continue;
    }
    try {
      struct[decl.name] = regular.codec.read(reader);
    } catch (error) {
      throw locate(error, decl.name);
    }
  }
  if (plan.flexible) readTaggedSection(plan, reader, struct);
  return struct;
}

function readTaggedSection(plan: StructPlan, reader: Reader, struct: Record<string, unknown>): void {
  const count = reader.unsignedVarint();
  if (count > reader.remaining / MIN_TAGGED_ENTRY_BYTES) {
    throw new ProtocolError(`${count} tagged fields cannot fit in the ${reader.remaining} bytes left`);
  }
  let previousTag = -1;
  for (let i = 0; i < count; i++) {
    const tag = reader.unsignedVarint();
    if (tag <= previousTag) throw new ProtocolError(`tagged field ${tag} out of order after ${previousTag}`);
    previousTag = tag;
    const size = reader.unsignedVarint();
    reader.need(size);
    const field = plan.tagged.find((candidate) => candidate.tag === tag);
    if (field === undefined) {
      const unknown = (struct._unknownTaggedFields ??= []) as UnknownTaggedField[];
      unknown.push({ tag, data: reader.view(size) });
      continue;
    }
    struct[field.name] = readTaggedValue(field, reader, size);
  }
}

/** A tagged value must fill exactly its declared size: it is read from a reader bounded to it. */
function readTaggedValue(field: CompiledField, reader: Reader, size: number): unknown {
  const bounded = new Reader(reader.buf, reader.pos, reader.pos + size);
  try {
    const value = field.codec.read(bounded);
    if (bounded.remaining !== 0) throw new ProtocolError(`tagged field has ${bounded.remaining} unread bytes`);
    reader.pos += size;
    return value;
  } catch (error) {
    throw locate(error, field.name);
  }
}

function valueOf(struct: Record<string, unknown>, field: CompiledField): unknown {
  const value = struct[field.name];
  return value === undefined ? defaultValue(field.decl) : value;
}

interface TaggedEntry {
  tag: number;
  field: CompiledField | undefined;
  value: unknown;
  size: number;
}

/** The tagged fields to write: non-default known ones and any kept unknown ones, by increasing tag. */
function taggedEntries(plan: StructPlan, struct: Record<string, unknown>, zeroCopy?: ZeroCopyTally): TaggedEntry[] {
  const entries: TaggedEntry[] = [];
  for (const field of plan.tagged) {
    const value = struct[field.name];
    if (isDefaultValue(field.decl, value)) continue;
    try {
      entries.push({ tag: field.tag, field, value, size: field.codec.size(value, zeroCopy) });
    } catch (error) {
      throw locate(error, field.name);
    }
  }
  const unknown = struct._unknownTaggedFields as UnknownTaggedField[] | undefined;
  if (unknown === undefined || unknown.length === 0) return entries;
  for (const { tag, data } of unknown) {
    if (zeroCopy !== undefined && data.length >= ZERO_COPY_MIN_BYTES) zeroCopy.externalBytes += data.length;
    entries.push({ tag, field: undefined, value: data, size: data.length });
  }
  entries.sort((a, b) => a.tag - b.tag);
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.tag === entries[i - 1]!.tag) throw new ProtocolError(`duplicate tagged field ${entries[i]!.tag}`);
  }
  return entries;
}

function sizeStruct(plan: StructPlan, struct: Record<string, unknown>, zeroCopy?: ZeroCopyTally): number {
  if (struct === null || typeof struct !== "object") throw new ProtocolError("struct value is not an object");
  let total = 0;
  for (const field of plan.regular) {
    try {
      total += field.codec.size(valueOf(struct, field), zeroCopy);
    } catch (error) {
      throw locate(error, field.name);
    }
  }
  if (!plan.flexible) return total;
  const entries = taggedEntries(plan, struct, zeroCopy);
  total += sizeOfUnsignedVarint(entries.length);
  for (const entry of entries) total += sizeOfUnsignedVarint(entry.tag) + sizeOfUnsignedVarint(entry.size) + entry.size;
  return total;
}

function writeStruct(plan: StructPlan, writer: Writer, struct: Record<string, unknown>): void {
  for (const field of plan.regular) {
    try {
      field.codec.write(writer, valueOf(struct, field));
    } catch (error) {
      throw locate(error, field.name);
    }
  }
  if (!plan.flexible) return;
  const entries = taggedEntries(plan, struct);
  writer.unsignedVarint(entries.length);
  for (const entry of entries) {
    writer.unsignedVarint(entry.tag);
    writer.unsignedVarint(entry.size);
    if (entry.field === undefined) writer.bytes(entry.value as Buffer);
    else entry.field.codec.write(writer, entry.value);
  }
}
