/**
 * Tokenizer of the message filter language (see parser.ts for the grammar). Positions are
 * 1-based columns into the expression, so an error can point at the character that is wrong.
 */
export const MAX_FILTER_LENGTH = 2_000;

export type TokenKind = "word" | "string" | "number" | "op" | "lparen" | "rparen" | "lbracket" | "rbracket" | "end";

export interface Token {
  kind: TokenKind;
  /** The word (lower-cased), the operator, the decoded string or the number's digits. */
  text: string;
  /** 1-based column of the token's first character. */
  column: number;
}

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`Filter error at column ${column}: ${message}`);
    this.name = "FilterSyntaxError";
  }
}

const OPERATORS = ["!=", "<=", ">=", "=", "<", ">"] as const;
const PUNCTUATION: Record<string, TokenKind> = { "(": "lparen", ")": "rparen", "[": "lbracket", "]": "rbracket" };
const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

export function tokenize(source: string): Token[] {
  if (source.length > MAX_FILTER_LENGTH) {
    throw new FilterSyntaxError(`the filter is longer than ${MAX_FILTER_LENGTH} characters`, MAX_FILTER_LENGTH + 1);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const column = i + 1;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (c in PUNCTUATION) {
      tokens.push({ kind: PUNCTUATION[c]!, text: c, column });
      i++;
    } else if (c === '"' || c === "'") {
      const { text, next } = readString(source, i);
      tokens.push({ kind: "string", text, column });
      i = next;
    } else if (DIGIT.test(c) || (c === "-" && DIGIT.test(source[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < source.length && DIGIT.test(source[j]!)) j++;
      if (j < source.length && WORD_PART.test(source[j]!)) {
        throw new FilterSyntaxError(`"${source.slice(i, j + 1)}" is not a number`, column);
      }
      tokens.push({ kind: "number", text: source.slice(i, j), column });
      i = j;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < source.length && WORD_PART.test(source[j]!)) j++;
      tokens.push({ kind: "word", text: source.slice(i, j).toLowerCase(), column });
      i = j;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new FilterSyntaxError(`unexpected character "${c}"`, column);
      tokens.push({ kind: "op", text: op, column });
      i += op.length;
    }
  }
  tokens.push({ kind: "end", text: "", column: source.length + 1 });
  return tokens;
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };

/** A string literal quoted with " or ', with \n \t \r \\ \" \' escapes. */
function readString(source: string, start: number): { text: string; next: number } {
  const quote = source[start]!;
  let text = "";
  let i = start + 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === quote) return { text, next: i + 1 };
    if (c === "\\") {
      const escaped = ESCAPES[source[i + 1] ?? ""];
      if (escaped === undefined) throw new FilterSyntaxError(`unknown escape "\\${source[i + 1] ?? ""}"`, i + 1);
      text += escaped;
      i += 2;
    } else {
      text += c;
      i++;
    }
  }
  throw new FilterSyntaxError("the string is not closed", start + 1);
}
