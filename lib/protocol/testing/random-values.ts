import type { FieldDecl, MessageDecl } from "../schema/declaration";
import { defaultValue } from "../schema/defaults";
import { specIncludes } from "../schema/versions";
import { prng } from "./prng";

/**
 * Test support: deterministic pseudo-random values for any declaration at any version, driven only
 * by the declaration (so every declared API and version is covered without hand-written samples).
 * `generateMessage` returns the value to encode and the value decoding must give back (fields absent
 * at that version replaced by their defaults).
 */
export class Random {
  /** A number in [0, 1) (mulberry32: small, fast, good enough for test data). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = prng(seed >>> 0 || 1);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }
}

const STRING_ALPHABET = ["a", "Z", "0", "-", ".", "_", " ", "é", "ü", "漢", "🙂"];
const INT_RANGES: Record<string, [number, number]> = {
  int8: [-0x80, 0x7f],
  int16: [-0x8000, 0x7fff],
  uint16: [0, 0xffff],
  int32: [-0x80000000, 0x7fffffff],
  uint32: [0, 0xffffffff],
};

function primitive(type: string, random: Random): unknown {
  const range = INT_RANGES[type];
  if (range !== undefined) return random.chance(0.2) ? range[random.int(0, 1)] : random.int(range[0], range[1]);
  switch (type) {
    case "bool":
      return random.chance(0.5);
    case "int64":
      return BigInt.asIntN(64, (BigInt(random.int(0, 0xffffffff)) << 32n) | BigInt(random.int(0, 0xffffffff)));
    case "float64":
      return (random.next() - 0.5) * 1e6;
    case "uuid":
      return random.bytes(16).toString("base64url");
    case "string":
      return Array.from({ length: random.int(0, 12) }, () => STRING_ALPHABET[random.int(0, 10)]).join("");
    case "bytes":
    case "records":
      return random.bytes(random.int(0, 24));
    default:
      throw new Error(`no generator for ${type}`);
  }
}

function element(type: string, field: FieldDecl, version: number, random: Random): [unknown, unknown] {
  if (field.fields === undefined) {
    const value = primitive(type, random);
    return [value, value];
  }
  return generateStruct(field.fields, version, random);
}

function generateField(field: FieldDecl, version: number, random: Random): [unknown, unknown] {
  if (specIncludes(field.nullableVersions, version) && random.chance(0.15)) return [null, null];
  // Tagged fields are often left at their default, so both the "written" and "omitted" paths run.
  if (field.tag !== undefined && random.chance(0.3)) return [undefined, defaultValue(field)];
  if (!field.type.startsWith("[]")) return element(field.type, field, version, random);
  const pairs = Array.from({ length: random.int(0, 3) }, () => element(field.type.slice(2), field, version, random));
  return [pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])];
}

/** [input, expected decoded value] for a struct at `version`. */
export function generateStruct(
  fields: readonly FieldDecl[],
  version: number,
  random: Random,
): [Record<string, unknown>, Record<string, unknown>] {
  const input: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  for (const field of fields) {
    if (!specIncludes(field.versions, version)) {
      expected[field.name] = defaultValue(field);
      continue;
    }
    const [value, decoded] = generateField(field, version, random);
    if (value !== undefined) input[field.name] = value;
    expected[field.name] = decoded;
  }
  return [input, expected];
}

export function generateMessage(
  decl: MessageDecl,
  version: number,
  random: Random,
): [Record<string, unknown>, Record<string, unknown>] {
  return generateStruct(decl.fields, version, random);
}
