import { readVarlong } from "../primitives/varint";
import { ProtocolError } from "../protocol-error";

/**
 * A read position over `buf[pos, end)` with allocation-free zig-zag varint readers, for the
 * per-record hot paths (decode and append validation walk every record of every batch). Same
 * encoding and errors as primitives/varint.ts, which returns a fresh object per read.
 */
export class ByteCursor {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    public end: number,
  ) {}
}

const MAX_VARINT_BYTES = 5;
/** Up to 7 bytes (49 bits) a varlong is exact in a double; longer ones take the bigint reader. */
const FAST_VARLONG_BYTES = 7;

/** Signed (zig-zag) 32-bit varint. */
export function readVarintAt(c: ByteCursor): number {
  const { buf, end } = c;
  let pos = c.pos;
  let raw = 0;
  for (let shift = 0; shift < 7 * MAX_VARINT_BYTES; shift += 7) {
    if (pos >= end) throw new ProtocolError("varint truncated");
    const byte = buf[pos++]!;
    raw |= (byte & 0x7f) << shift;
    if (byte < 0x80) {
      c.pos = pos;
      return (raw >>> 1) ^ -(raw & 1);
    }
  }
  throw new ProtocolError(`varint longer than ${MAX_VARINT_BYTES} bytes`);
}

/** Signed (zig-zag) 64-bit varlong: a number when it has at most 7 bytes, else a bigint. */
export function readVarlongAt(c: ByteCursor): number | bigint {
  const { buf, end } = c;
  let pos = c.pos;
  let raw = 0;
  let scale = 1;
  for (let i = 0; i < FAST_VARLONG_BYTES; i++) {
    if (pos >= end) throw new ProtocolError("varlong truncated");
    const byte = buf[pos++]!;
    raw += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      c.pos = pos;
      return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    }
    scale *= 128;
  }
  const long = readVarlong(buf, c.pos, end);
  c.pos = long.next;
  return long.value;
}

/**
 * Reads a length prefix for `length` following bytes (-1 = null, returned as -1) and checks they
 * fit before the cursor's end. The cursor is left on the first byte after the prefix.
 */
export function readLengthAt(c: ByteCursor, field: string): number {
  const length = readVarintAt(c);
  if (length < -1 || length > c.end - c.pos) {
    throw new ProtocolError(`record ${field} length ${length} does not fit the ${c.end - c.pos} bytes left`);
  }
  return length;
}
