import { ProtocolError } from "../protocol-error";
import { sizeOfUnsignedVarint } from "../primitives/varint";
import { locate, type Codec } from "./codec-types";

/**
 * Codecs that wrap another codec: arrays of any element type and nullable structs. The array
 * reader checks the element count against the bytes left (each element needs at least
 * max(1, element.minSize) bytes) before allocating anything.
 */
/** Nullable structs carry an int8 marker: -1 (any negative, as Kafka reads it) = null, 1 = present. */
export function nullableStructCodec(struct: Codec): Codec {
  return {
    minSize: 1,
    read: (reader) => (reader.int8() < 0 ? null : struct.read(reader)),
    size: (value, zeroCopy) => (value === null ? 1 : 1 + struct.size(value, zeroCopy)),
    write(writer, value) {
      writer.int8(value === null ? -1 : 1);
      if (value !== null) struct.write(writer, value);
    },
  };
}

/** Arrays: classic int32 count (-1 = null) or compact uvarint count+1 (0 = null), then the elements. */
export function arrayCodec(element: Codec, nullable: boolean, compact: boolean): Codec {
  const elementMin = Math.max(1, element.minSize);
  return {
    minSize: compact ? 1 : 4,
    read(reader) {
      const count = compact ? reader.unsignedVarint() - 1 : reader.int32();
      if (count < 0) {
        if (count === -1 && nullable) return null;
        throw new ProtocolError(count === -1 ? "null in a non-nullable field" : `negative array length ${count}`);
      }
      if (count > reader.remaining / elementMin) {
        throw new ProtocolError(`array of ${count} elements cannot fit in the ${reader.remaining} bytes left`);
      }
      // Sized once (count is bounded by the bytes left, checked above) instead of grown by push.
      const items: unknown[] = new Array(count);
      for (let i = 0; i < count; i++) {
        try {
          items[i] = element.read(reader);
        } catch (error) {
          throw locate(error, `[${i}]`);
        }
      }
      return items;
    },
    size(value, zeroCopy) {
      if (value === null) {
        if (!nullable) throw new ProtocolError("null in a non-nullable field");
        return compact ? 1 : 4;
      }
      if (!Array.isArray(value)) throw new ProtocolError("array value is not an array");
      let total = compact ? sizeOfUnsignedVarint(value.length + 1) : 4;
      for (let i = 0; i < value.length; i++) {
        try {
          total += element.size(value[i], zeroCopy);
        } catch (error) {
          throw locate(error, `[${i}]`);
        }
      }
      return total;
    },
    write(writer, value) {
      if (value === null) return compact ? writer.unsignedVarint(0) : writer.int32(-1);
      const items = value as unknown[];
      if (compact) writer.unsignedVarint(items.length + 1);
      else writer.int32(items.length);
      for (let i = 0; i < items.length; i++) {
        try {
          element.write(writer, items[i]);
        } catch (error) {
          throw locate(error, `[${i}]`);
        }
      }
    },
  };
}
