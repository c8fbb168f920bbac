/** The parsed form of a message filter (parser.ts builds it, evaluate.ts runs it). */
export type BytesField = { kind: "key" } | { kind: "value" } | { kind: "header"; name: string };
export type NumberField = "partition" | "offset" | "timestamp" | "size";
export type BytesOp = "contains" | "icontains" | "startswith" | "endswith" | "=" | "!=";
export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; operand: FilterNode }
  | { kind: "bytes"; field: BytesField; op: BytesOp; needle: string }
  | { kind: "exists"; field: BytesField }
  | { kind: "compare"; field: NumberField; op: CompareOp; value: number };
