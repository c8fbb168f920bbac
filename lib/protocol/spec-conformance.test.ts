import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { API_SCHEMAS } from "./apis";
import { ConsumerProtocolAssignment, ConsumerProtocolSubscription } from "./consumer-protocol";
import { RequestHeader, ResponseHeader } from "./headers";
import type { FieldDecl, MessageDecl } from "./schema/declaration";

/**
 * Cross-checks every declaration against Kafka's own message specs (the JSON files kept outside the
 * project in ../shared/kafka-protocol): same fields in the same order, types, versions,
 * nullableVersions, tags, taggedVersions, flexibleVersions and defaults.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, "../..");
const SPEC_DIR = path.resolve(REPO_ROOT, "../shared/kafka-protocol");
const SPECS_MISSING = !existsSync(SPEC_DIR);

interface JsonField {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  tag?: number;
  taggedVersions?: string;
  flexibleVersions?: string;
  default?: string | number | boolean;
  fields?: JsonField[];
}

interface JsonSpec {
  name: string;
  apiKey?: number;
  type: string;
  validVersions: string;
  flexibleVersions: string;
  fields: JsonField[];
  commonStructs?: { name: string; fields: JsonField[] }[];
}

/** The specs carry // comments; drop them outside string literals, then parse. */
export function stripJsonComments(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === "\\") out += text[++i] ?? "";
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else out += char;
  }
  return out;
}

function loadSpec(name: string): JsonSpec {
  return JSON.parse(stripJsonComments(readFileSync(path.join(SPEC_DIR, `${name}.json`), "utf8"))) as JsonSpec;
}

const camel = (name: string) => name[0]!.toLowerCase() + name.slice(1);

/** Kafka writes defaults as strings ("-1", "0x7fffffff", "null", "true"); ours are typed literals. */
function expectedDefault(field: JsonField): unknown {
  const raw = field.default;
  if (raw === undefined) return undefined;
  const text = String(raw);
  if (text === "null") return null;
  const element = field.type.replace(/^\[\]/, "");
  if (element === "bool") return text.toLowerCase() === "true";
  if (element === "int64") return BigInt(text);
  if (["int8", "int16", "int32", "uint16", "uint32", "float64"].includes(element)) return Number(text);
  return text;
}

function compareFields(ours: readonly FieldDecl[], theirs: JsonField[], spec: JsonSpec, where: string): void {
  expect(
    ours.map((f) => f.name),
    `${where}: field names and order`,
  ).toEqual(theirs.map((f) => camel(f.name)));
  theirs.forEach((json, i) => {
    const field = ours[i]!;
    const at = `${where}.${field.name}`;
    expect(
      {
        type: field.type,
        versions: field.versions,
        nullableVersions: field.nullableVersions,
        tag: field.tag,
        taggedVersions: field.taggedVersions,
        flexibleVersions: field.flexibleVersions,
        default: field.default,
      },
      at,
    ).toEqual({
      type: json.type,
      versions: json.versions,
      nullableVersions: json.nullableVersions,
      tag: json.tag,
      taggedVersions: json.taggedVersions,
      flexibleVersions: json.flexibleVersions,
      default: expectedDefault(json),
    });
    const structName = json.type.replace(/^\[\]/, "");
    const subFields = json.fields ?? spec.commonStructs?.find((s) => s.name === structName)?.fields;
    expect(field.fields === undefined, `${at}: struct or primitive`).toBe(subFields === undefined);
    if (subFields !== undefined) compareFields(field.fields!, subFields, spec, at);
  });
}

const declarations: MessageDecl[] = [
  ...Object.values(API_SCHEMAS).flatMap((api) => [api.request, api.response] as MessageDecl[]),
  RequestHeader,
  ResponseHeader,
  ConsumerProtocolSubscription,
  ConsumerProtocolAssignment,
];

describe("declarations match Kafka's message specs", () => {
  it.skipIf(SPECS_MISSING)(
    `every spec in ../shared/kafka-protocol is declared${SPECS_MISSING ? " (SKIPPED: spec folder absent)" : ""}`,
    () => {
      const specNames = readdirSync(SPEC_DIR)
        .filter((file) => file.endsWith(".json"))
        .map((file) => file.slice(0, -5));
      expect(declarations.map((d) => d.name).sort()).toEqual(specNames.sort());
    },
  );

  it.skipIf(SPECS_MISSING).each(declarations.map((decl) => [decl.name, decl] as const))(
    `%s matches its JSON spec${SPECS_MISSING ? " (SKIPPED: ../shared/kafka-protocol absent)" : ""}`,
    (name, decl) => {
      const spec = loadSpec(name);
      expect({
        apiKey: decl.apiKey,
        type: decl.type,
        validVersions: decl.validVersions,
        flexibleVersions: decl.flexibleVersions,
      }).toEqual({
        apiKey: spec.apiKey,
        type: spec.type,
        validVersions: spec.validVersions,
        flexibleVersions: spec.flexibleVersions,
      });
      compareFields(decl.fields, spec.fields, spec, name);
    },
  );

  it("the project holds no copy of Kafka's JSON specs", () => {
    const copies: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".json") && readFileSync(full, "utf8").includes('"validVersions"'))
          copies.push(full);
      }
    };
    walk(HERE);
    expect(copies).toEqual([]);
  });
});
