import { ProtocolError } from "../protocol-error";

/**
 * Control records: the single record of a control batch (attribute bit 5), never handed to
 * applications. Kafka's ControlRecordType / EndTransactionMarker.
 *
 *   key   version int16 (0) | type int16                     4 bytes
 *   value (ABORT / COMMIT) version int16 (0) | coordinatorEpoch int32   6 bytes
 *
 * Transaction markers are written by the broker (WriteTxnMarkers), never accepted from producers.
 */
export const ControlRecordType = {
  ABORT: 0,
  COMMIT: 1,
  LEADER_CHANGE: 2,
  SNAPSHOT_HEADER: 3,
  SNAPSHOT_FOOTER: 4,
  KRAFT_VERSION: 5,
  KRAFT_VOTERS: 6,
} as const;
export type ControlRecordType = (typeof ControlRecordType)[keyof typeof ControlRecordType];

export const CONTROL_RECORD_KEY_VERSION = 0;
export const CONTROL_RECORD_KEY_BYTES = 4;
export const END_TXN_MARKER_VERSION = 0;
export const END_TXN_MARKER_BYTES = 6;

export interface ControlRecordKey {
  version: number;
  /** A ControlRecordType, or another number from a newer broker (Kafka's UNKNOWN). */
  type: number;
}

export interface EndTransactionMarker {
  version: number;
  coordinatorEpoch: number;
}

export function encodeControlRecordKey(type: ControlRecordType): Buffer {
  const key = Buffer.alloc(CONTROL_RECORD_KEY_BYTES);
  key.writeInt16BE(CONTROL_RECORD_KEY_VERSION, 0);
  key.writeInt16BE(type, 2);
  return key;
}

export function decodeControlRecordKey(key: Uint8Array | null): ControlRecordKey {
  if (key === null || key.byteLength < CONTROL_RECORD_KEY_BYTES) {
    throw new ProtocolError(
      `control record key must be ${CONTROL_RECORD_KEY_BYTES} bytes, got ${key?.byteLength ?? "null"}`,
    );
  }
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  const version = view.getInt16(0);
  if (version < 0) throw new ProtocolError(`invalid control record key version ${version}`);
  return { version, type: view.getInt16(2) };
}

export function encodeEndTransactionMarker(coordinatorEpoch: number): Buffer {
  const value = Buffer.alloc(END_TXN_MARKER_BYTES);
  value.writeInt16BE(END_TXN_MARKER_VERSION, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  return value;
}

/** Reads an ABORT/COMMIT marker value. Newer versions may append fields; the first two are fixed. */
export function decodeEndTransactionMarker(value: Uint8Array | null): EndTransactionMarker {
  if (value === null || value.byteLength < END_TXN_MARKER_BYTES) {
    throw new ProtocolError(`end transaction marker must be at least ${END_TXN_MARKER_BYTES} bytes`);
  }
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const version = view.getInt16(0);
  if (version < 0) throw new ProtocolError(`invalid end transaction marker version ${version}`);
  return { version, coordinatorEpoch: view.getInt32(2) };
}
