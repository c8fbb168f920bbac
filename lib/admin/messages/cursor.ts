import { MessageQueryError } from "./message-errors";

/**
 * Page cursors: opaque to clients, base64url of JSON `{ v: 1, d: "next" | "prev", p: [[partition,
 * offset], …] }`. For "next" each offset is the next one to read; for "prev" it is the exclusive
 * end (the first record already shown). A cursor carries everything needed to continue, so the
 * server keeps no state between pages.
 */
export const MAX_CURSOR_LENGTH = 64 * 1024;

export type CursorDirection = "next" | "prev";

export interface PageCursor {
  direction: CursorDirection;
  positions: Map<number, number>;
}

export function encodeCursor(cursor: PageCursor): string {
  const json = JSON.stringify({ v: 1, d: cursor.direction, p: [...cursor.positions] });
  return Buffer.from(json, "utf8").toString("base64url");
}

export function decodeCursor(text: string): PageCursor {
  const invalid = () => new MessageQueryError("invalid_cursor", "The cursor is not one this console produced.");
  if (text.length > MAX_CURSOR_LENGTH) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== "object" || parsed === null) throw invalid();
  const { v, d, p } = parsed as { v?: unknown; d?: unknown; p?: unknown };
  if (v !== 1 || (d !== "next" && d !== "prev") || !Array.isArray(p)) throw invalid();
  const positions = new Map<number, number>();
  for (const entry of p) {
    if (!Array.isArray(entry) || entry.length !== 2 || !entry.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw invalid();
    }
    positions.set(entry[0] as number, entry[1] as number);
  }
  if (positions.size === 0) throw invalid();
  return { direction: d, positions };
}
