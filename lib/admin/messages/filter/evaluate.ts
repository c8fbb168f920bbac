import type { RecordHeader } from "../../../protocol";
import type { BytesField, BytesOp, CompareOp, FilterNode, NumberField } from "./ast";
import { parseFilter } from "./parser";

/**
 * Turns a parsed filter into a predicate over scanned records, once, so the scan loop calls plain
 * closures: string needles become Buffers and byte comparisons use Buffer.indexOf (native), so a
 * "contains" filter costs one memchr-style search per record and no string decoding.
 */
export interface ScannedRecord {
  partition: number;
  offset: number;
  /** Epoch ms (CreateTime or LogAppendTime, whichever the batch carries). */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  /** Key + value + header bytes. */
  sizeBytes: number;
}

export type RecordPredicate = (record: ScannedRecord) => boolean;

export function compileFilter(source: string): RecordPredicate {
  return compile(parseFilter(source));
}

/** The "simple search": key or value contains `text` (UTF-8 bytes). */
export function containsPredicate(text: string): RecordPredicate {
  const needle = Buffer.from(text, "utf8");
  return (r) => (r.value !== null && r.value.indexOf(needle) >= 0) || (r.key !== null && r.key.indexOf(needle) >= 0);
}

export function compile(node: FilterNode): RecordPredicate {
  switch (node.kind) {
    case "and": {
      const [left, right] = [compile(node.left), compile(node.right)];
      return (r) => left(r) && right(r);
    }
    case "or": {
      const [left, right] = [compile(node.left), compile(node.right)];
      return (r) => left(r) || right(r);
    }
    case "not": {
      const operand = compile(node.operand);
      return (r) => !operand(r);
    }
    case "exists": {
      const get = bytesOf(node.field);
      return (r) => get(r) !== null;
    }
    case "bytes":
      return bytesTest(bytesOf(node.field), node.op, node.needle);
    case "compare":
      return compareTest(numberOf(node.field), node.op, node.value);
  }
}

function bytesOf(field: BytesField): (r: ScannedRecord) => Buffer | null {
  if (field.kind === "key") return (r) => r.key;
  if (field.kind === "value") return (r) => r.value;
  const name = field.name;
  return (r) => {
    for (const h of r.headers) if (h.key === name) return h.value ?? Buffer.alloc(0);
    return null;
  };
}

function bytesTest(get: (r: ScannedRecord) => Buffer | null, op: BytesOp, text: string): RecordPredicate {
  const needle = Buffer.from(text, "utf8");
  switch (op) {
    case "contains":
      return (r) => get(r)?.includes(needle) ?? false;
    case "icontains": {
      const lower = text.toLowerCase();
      return (r) => get(r)?.toString("utf8").toLowerCase().includes(lower) ?? false;
    }
    case "startswith":
      return (r) => {
        const b = get(r);
        return b !== null && b.length >= needle.length && b.subarray(0, needle.length).equals(needle);
      };
    case "endswith":
      return (r) => {
        const b = get(r);
        return b !== null && b.length >= needle.length && b.subarray(b.length - needle.length).equals(needle);
      };
    case "=":
      return (r) => get(r)?.equals(needle) ?? false;
    case "!=":
      return (r) => !(get(r)?.equals(needle) ?? false);
  }
}

function numberOf(field: NumberField): (r: ScannedRecord) => number {
  switch (field) {
    case "partition":
      return (r) => r.partition;
    case "offset":
      return (r) => r.offset;
    case "timestamp":
      return (r) => r.timestamp;
    case "size":
      return (r) => r.sizeBytes;
  }
}

function compareTest(get: (r: ScannedRecord) => number, op: CompareOp, value: number): RecordPredicate {
  switch (op) {
    case "=":
      return (r) => get(r) === value;
    case "!=":
      return (r) => get(r) !== value;
    case "<":
      return (r) => get(r) < value;
    case "<=":
      return (r) => get(r) <= value;
    case ">":
      return (r) => get(r) > value;
    case ">=":
      return (r) => get(r) >= value;
  }
}
