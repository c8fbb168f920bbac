import { ProtocolError } from "../protocol-error";

/**
 * Variable-length integers as Kafka writes them (protobuf encoding): 7 bits a byte, least
 * significant group first, high bit set on every byte but the last.
 *
 * - unsigned varint: compact lengths and tagged fields (at most 5 bytes, 32 bits).
 * - varint / varlong: signed, zig-zag mapped (0, -1, 1, -2 ... → 0, 1, 2, 3 ...), used inside
 *   records. varint is 32-bit (5 bytes max); varlong is 64-bit (10 bytes max), as bigint.
 *
 * Readers take (buf, pos, end) and return the value and the position after it. They never read at
 * or past `end` and throw ProtocolError on truncation or an over-long encoding.
 */
export const MAX_VARINT_BYTES = 5;
export const MAX_VARLONG_BYTES = 10;

export interface Decoded<T> {
  value: T;
  next: number;
}

export function readUnsignedVarint(buf: Uint8Array, pos: number, end: number): Decoded<number> {
  let value = 0;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (pos >= end) throw new ProtocolError("varint truncated");
    const byte = buf[pos++]!;
    value |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) return { value: value >>> 0, next: pos };
  }
  throw new ProtocolError(`varint longer than ${MAX_VARINT_BYTES} bytes`);
}

export function readVarint(buf: Uint8Array, pos: number, end: number): Decoded<number> {
  const raw = readUnsignedVarint(buf, pos, end);
  return { value: (raw.value >>> 1) ^ -(raw.value & 1), next: raw.next };
}

export function readUnsignedVarlong(buf: Uint8Array, pos: number, end: number): Decoded<bigint> {
  let value = 0n;
  for (let i = 0; i < MAX_VARLONG_BYTES; i++) {
    if (pos >= end) throw new ProtocolError("varlong truncated");
    const byte = buf[pos++]!;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: pos };
  }
  throw new ProtocolError(`varlong longer than ${MAX_VARLONG_BYTES} bytes`);
}

export function readVarlong(buf: Uint8Array, pos: number, end: number): Decoded<bigint> {
  const raw = readUnsignedVarlong(buf, pos, end);
  return { value: BigInt.asIntN(64, (raw.value >> 1n) ^ -(raw.value & 1n)), next: raw.next };
}

export function sizeOfUnsignedVarint(value: number): number {
  let v = value >>> 0;
  let size = 1;
  while (v >= 0x80) {
    v >>>= 7;
    size++;
  }
  return size;
}

export function zigZag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}

export function zigZag64(value: bigint): bigint {
  return BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
}

export function sizeOfVarint(value: number): number {
  return sizeOfUnsignedVarint(zigZag32(value));
}

export function sizeOfUnsignedVarlong(value: bigint): number {
  let v = BigInt.asUintN(64, value);
  let size = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    size++;
  }
  return size;
}

export function sizeOfVarlong(value: bigint): number {
  return sizeOfUnsignedVarlong(zigZag64(value));
}

/** Writes `value` at `pos` (the caller sized `buf`), returns the position after it. */
export function writeUnsignedVarint(buf: Uint8Array, pos: number, value: number): number {
  let v = value >>> 0;
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}

export function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  return writeUnsignedVarint(buf, pos, zigZag32(value));
}

export function writeUnsignedVarlong(buf: Uint8Array, pos: number, value: bigint): number {
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    buf[pos++] = Number(v & 0x7fn) | 0x80;
    v >>= 7n;
  }
  buf[pos++] = Number(v);
  return pos;
}

export function writeVarlong(buf: Uint8Array, pos: number, value: bigint): number {
  return writeUnsignedVarlong(buf, pos, zigZag64(value));
}
