import { ProtocolError } from "../protocol-error";
import { sizeOfUnsignedVarint } from "../primitives/varint";
import type { Reader } from "../primitives/reader";
import type { Writer } from "../primitives/writer";
import { MAX_STRING_BYTES, ZERO_COPY_MIN_BYTES, type Codec } from "./codec-types";
import type { PrimitiveType } from "./declaration";

/**
 * Codecs for Kafka's primitive types. Wire formats (all big-endian):
 *   bool 1 byte; int8/16/32/64, uint16/32, float64 fixed width; uuid 16 bytes.
 *   string: classic int16 length (-1 = null) + UTF-8; compact unsigned varint length+1 (0 = null).
 *   bytes / records: classic int32 length (-1 = null); compact unsigned varint length+1 (0 = null).
 */

/** A fixed-width codec; `accepts` validates a value in the sizing pass, before anything is written. */
function fixed<T>(
  minSize: number,
  accepts: (v: unknown) => boolean,
  read: (r: Reader) => T,
  write: (w: Writer, v: T) => void,
): Codec {
  return {
    minSize,
    read,
    size(value) {
      if (!accepts(value)) throw new ProtocolError(`invalid value ${describe(value)}`);
      return minSize;
    },
    write: write as (w: Writer, v: unknown) => void,
  };
}

function describe(value: unknown): string {
  return typeof value === "bigint" ? `${value}n` : typeof value === "string" ? JSON.stringify(value) : String(value);
}

const intIn = (min: number, max: number) => (v: unknown) =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const FIXED_CODECS: Partial<Record<PrimitiveType, Codec>> = {
  bool: fixed(
    1,
    (v) => typeof v === "boolean",
    (r) => r.bool(),
    (w, v: boolean) => w.bool(v),
  ),
  int8: fixed(
    1,
    intIn(-0x80, 0x7f),
    (r) => r.int8(),
    (w, v: number) => w.int8(v),
  ),
  int16: fixed(
    2,
    intIn(-0x8000, 0x7fff),
    (r) => r.int16(),
    (w, v: number) => w.int16(v),
  ),
  uint16: fixed(
    2,
    intIn(0, 0xffff),
    (r) => r.uint16(),
    (w, v: number) => w.uint16(v),
  ),
  int32: fixed(
    4,
    intIn(-0x80000000, 0x7fffffff),
    (r) => r.int32(),
    (w, v: number) => w.int32(v),
  ),
  uint32: fixed(
    4,
    intIn(0, 0xffffffff),
    (r) => r.uint32(),
    (w, v: number) => w.uint32(v),
  ),
  int64: fixed(
    8,
    (v) => typeof v === "bigint" && v >= INT64_MIN && v <= INT64_MAX,
    (r) => r.int64(),
    (w, v: bigint) => w.int64(v),
  ),
  float64: fixed(
    8,
    (v) => typeof v === "number",
    (r) => r.float64(),
    (w, v: number) => w.float64(v),
  ),
  uuid: fixed(
    16,
    (v) => typeof v === "string",
    (r) => r.uuid(),
    (w, v: string) => w.uuid(v),
  ),
};

export function isPrimitiveType(type: string): type is PrimitiveType {
  return type in FIXED_CODECS || type === "string" || type === "bytes" || type === "records";
}

export function primitiveCodec(type: PrimitiveType, nullable: boolean, compact: boolean): Codec {
  if (type === "string") return stringCodec(nullable, compact);
  if (type === "bytes" || type === "records") return bytesCodec(nullable, compact);
  const codec = FIXED_CODECS[type];
  if (codec === undefined) throw new ProtocolError(`unknown primitive type ${type}`);
  return codec;
}

/** Reads a length prefix; returns -1 for null. Classic lengths are int16/int32, compact ones uvarint N+1. */
function readLength(r: Reader, compact: boolean, wide: boolean, nullable: boolean): number {
  const length = compact ? r.unsignedVarint() - 1 : wide ? r.int32() : r.int16();
  if (length >= 0) return length;
  if (length === -1 && nullable) return -1;
  throw new ProtocolError(length === -1 ? "null in a non-nullable field" : `negative length ${length}`);
}

function lengthSize(length: number, compact: boolean, wide: boolean): number {
  return compact ? sizeOfUnsignedVarint(length + 1) : wide ? 4 : 2;
}

function writeLength(w: Writer, length: number, compact: boolean, wide: boolean): void {
  if (compact) w.unsignedVarint(length + 1);
  else if (wide) w.int32(length);
  else w.int16(length);
}

function checkNull(nullable: boolean): void {
  if (!nullable) throw new ProtocolError("null in a non-nullable field");
}

function stringCodec(nullable: boolean, compact: boolean): Codec {
  return {
    minSize: compact ? 1 : 2,
    read(r) {
      const length = readLength(r, compact, false, nullable);
      if (length === -1) return null;
      if (length > MAX_STRING_BYTES) throw new ProtocolError(`string length ${length} exceeds ${MAX_STRING_BYTES}`);
      return r.utf8(length);
    },
    size(value) {
      if (value === null) {
        checkNull(nullable);
        return lengthSize(-1, compact, false);
      }
      const length = Buffer.byteLength(value as string, "utf8");
      if (length > MAX_STRING_BYTES) throw new ProtocolError(`string of ${length} bytes exceeds ${MAX_STRING_BYTES}`);
      return lengthSize(length, compact, false) + length;
    },
    write(w, value) {
      if (value === null) return writeLength(w, -1, compact, false);
      const length = Buffer.byteLength(value as string, "utf8");
      writeLength(w, length, compact, false);
      w.utf8(value as string, length);
    },
  };
}

function bytesCodec(nullable: boolean, compact: boolean): Codec {
  return {
    minSize: compact ? 1 : 4,
    read(r) {
      const length = readLength(r, compact, true, nullable);
      return length === -1 ? null : r.view(length);
    },
    size(value, zeroCopy) {
      if (value === null) {
        checkNull(nullable);
        return lengthSize(-1, compact, true);
      }
      if (!(value instanceof Uint8Array)) throw new ProtocolError("bytes value is not a Buffer or Uint8Array");
      if (zeroCopy !== undefined && value.length >= ZERO_COPY_MIN_BYTES) zeroCopy.externalBytes += value.length;
      return lengthSize(value.length, compact, true) + value.length;
    },
    write(w, value) {
      if (value === null) return writeLength(w, -1, compact, true);
      const bytes = value as Uint8Array;
      writeLength(w, bytes.length, compact, true);
      w.bytes(bytes);
    },
  };
}
