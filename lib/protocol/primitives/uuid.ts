import { ProtocolError } from "../protocol-error";

/**
 * Kafka UUIDs (topic ids, directory ids) are 16 bytes on the wire. Values carry them in the form
 * Kafka prints (Uuid.toString): URL-safe base64 without padding, always 22 characters.
 */
export const UUID_BYTES = 16;
export const ZERO_UUID = "AAAAAAAAAAAAAAAAAAAAAA";

// 22 base64 characters hold 132 bits; the last one carries 2 data bits, so only A, Q, g, w are canonical.
const UUID_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

export function uuidToString(buf: Uint8Array, pos: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + pos, UUID_BYTES).toString("base64url");
}

/** Writes the 16 bytes of `uuid` at `pos`; rejects anything that is not a canonical 22-character form. */
export function writeUuid(buf: Buffer, pos: number, uuid: string): number {
  if (typeof uuid !== "string" || !UUID_PATTERN.test(uuid)) {
    throw new ProtocolError(`invalid uuid ${JSON.stringify(uuid)}: expected 22 characters of base64url`);
  }
  Buffer.from(uuid, "base64url").copy(buf, pos);
  return pos + UUID_BYTES;
}
