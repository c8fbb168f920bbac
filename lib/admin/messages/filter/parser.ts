import type { BytesField, BytesOp, CompareOp, FilterNode, NumberField } from "./ast";
import { FilterSyntaxError, tokenize, type Token } from "./tokenizer";

/**
 * The message filter language: a tiny, safe expression language parsed here and evaluated by
 * evaluate.ts (never `eval`). Grammar (keywords are case-insensitive):
 *
 *   filter  := or
 *   or      := and ("or" and)*
 *   and     := unary ("and" unary)*
 *   unary   := "not" unary | "(" or ")" | test
 *   test    := bytes ("contains" | "icontains" | "startswith" | "endswith" | "=" | "!=") STRING
 *            | bytes "exists" | bytes "is" ["not"] "null"
 *            | number ("=" | "!=" | "<" | "<=" | ">" | ">=") NUMBER
 *            | "timestamp" op (NUMBER | STRING)        -- epoch ms, or an ISO-8601 date
 *   bytes   := "key" | "value" | "headers" "[" STRING "]"
 *   number  := "partition" | "offset" | "size" | "timestamp"
 *
 * Example: value contains "error" and partition = 3 and headers["trace"] exists
 *          and timestamp > "2026-01-01T00:00:00Z"
 */
export const MAX_FILTER_DEPTH = 64;

const BYTES_OPS = new Set<string>(["contains", "icontains", "startswith", "endswith", "=", "!="]);
const COMPARE_OPS = new Set<string>(["=", "!=", "<", "<=", ">", ">="]);
const NUMBER_FIELDS = new Set<string>(["partition", "offset", "size", "timestamp"]);

export function parseFilter(source: string): FilterNode {
  const parser = new Parser(tokenize(source));
  if (parser.peek().kind === "end") throw new FilterSyntaxError("the filter is empty", 1);
  const node = parser.or(0);
  const rest = parser.peek();
  if (rest.kind !== "end")
    throw new FilterSyntaxError(`expected "and", "or" or the end, found ${show(rest)}`, rest.column);
  return node;
}

function show(token: Token): string {
  if (token.kind === "end") return "the end of the filter";
  if (token.kind === "string") return `the string "${token.text}"`;
  return `"${token.text}"`;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index++;
    return token;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === "word" && token.text === word;
  }

  private expect(kind: Token["kind"], what: string): Token {
    const token = this.next();
    if (token.kind !== kind) throw new FilterSyntaxError(`expected ${what}, found ${show(token)}`, token.column);
    return token;
  }

  or(depth: number): FilterNode {
    let left = this.and(depth);
    while (this.isWord("or")) {
      this.next();
      left = { kind: "or", left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): FilterNode {
    let left = this.unary(depth);
    while (this.isWord("and")) {
      this.next();
      left = { kind: "and", left, right: this.unary(depth) };
    }
    return left;
  }

  private unary(depth: number): FilterNode {
    const token = this.peek();
    if (depth > MAX_FILTER_DEPTH)
      throw new FilterSyntaxError(`nested deeper than ${MAX_FILTER_DEPTH} levels`, token.column);
    if (this.isWord("not")) {
      this.next();
      return { kind: "not", operand: this.unary(depth + 1) };
    }
    if (token.kind === "lparen") {
      this.next();
      const inner = this.or(depth + 1);
      this.expect("rparen", '")"');
      return inner;
    }
    return this.test();
  }

  private test(): FilterNode {
    const token = this.next();
    if (token.kind !== "word") {
      throw new FilterSyntaxError(
        `expected a field (key, value, headers["…"], partition, offset, timestamp, size), found ${show(token)}`,
        token.column,
      );
    }
    if (NUMBER_FIELDS.has(token.text)) return this.compare(token.text as NumberField);
    if (token.text === "key" || token.text === "value") return this.bytesTest({ kind: token.text });
    if (token.text === "headers" || token.text === "header") {
      this.expect("lbracket", '"[" after headers');
      const name = this.expect("string", "a quoted header name").text;
      this.expect("rbracket", '"]"');
      return this.bytesTest({ kind: "header", name });
    }
    throw new FilterSyntaxError(`unknown field "${token.text}"`, token.column);
  }

  private bytesTest(field: BytesField): FilterNode {
    const op = this.next();
    if (op.kind === "word" && op.text === "exists") return { kind: "exists", field };
    if (op.kind === "word" && op.text === "is") {
      const negated = this.isWord("not");
      if (negated) this.next();
      const word = this.next();
      if (word.kind !== "word" || word.text !== "null")
        throw new FilterSyntaxError(`expected "null", found ${show(word)}`, word.column);
      const exists: FilterNode = { kind: "exists", field };
      return negated ? exists : { kind: "not", operand: exists };
    }
    if (!BYTES_OPS.has(op.text) || (op.kind !== "word" && op.kind !== "op")) {
      throw new FilterSyntaxError(
        `expected contains, icontains, startswith, endswith, =, !=, exists or is null, found ${show(op)}`,
        op.column,
      );
    }
    const literal = this.next();
    if (literal.kind !== "string")
      throw new FilterSyntaxError(`expected a quoted string, found ${show(literal)}`, literal.column);
    return { kind: "bytes", field, op: op.text as BytesOp, needle: literal.text };
  }

  private compare(field: NumberField): FilterNode {
    const op = this.next();
    if (op.kind !== "op" || !COMPARE_OPS.has(op.text)) {
      throw new FilterSyntaxError(`expected =, !=, <, <=, > or >= after ${field}, found ${show(op)}`, op.column);
    }
    const literal = this.next();
    return { kind: "compare", field, op: op.text as CompareOp, value: numberLiteral(field, literal) };
  }
}

function numberLiteral(field: NumberField, literal: Token): number {
  if (literal.kind === "number") {
    const value = Number(literal.text);
    if (!Number.isSafeInteger(value)) throw new FilterSyntaxError(`${literal.text} is too large`, literal.column);
    return value;
  }
  if (field === "timestamp" && literal.kind === "string") {
    const ms = Date.parse(literal.text);
    if (Number.isNaN(ms))
      throw new FilterSyntaxError(
        `"${literal.text}" is not a date (use ISO 8601, e.g. 2026-01-01T00:00:00Z)`,
        literal.column,
      );
    return ms;
  }
  const expected = field === "timestamp" ? "a number (epoch ms) or a quoted ISO-8601 date" : "a whole number";
  throw new FilterSyntaxError(`expected ${expected} after ${field}, found ${show(literal)}`, literal.column);
}
