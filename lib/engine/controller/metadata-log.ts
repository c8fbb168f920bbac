import fs from "node:fs";
import path from "node:path";
import { crc32c } from "../../protocol/records/crc32c";
import type { EngineLogger } from "../broker/logger";
import { parseMetadataRecord, type MetadataRecord } from "./metadata-records";

/** The metadata log's file inside dataDir/metadata. */
export const METADATA_LOG_FILE_NAME = "00000000000000000000.metadata";
/** length:int32 + crc32c:uint32 before each entry's payload. */
const ENTRY_HEADER_BYTES = 8;
/** A metadata record is a small JSON object; anything bigger is corruption. */
export const MAX_METADATA_RECORD_BYTES = 1024 * 1024;

/**
 * The durable, append-only cluster metadata log (DESIGN.md decision 3: state changes are records,
 * replayed at start).
 *
 * File format: a sequence of entries `length:int32 | crc:uint32 (CRC-32C of payload) | payload`,
 * payload = UTF-8 JSON of one MetadataRecord. Every append is written and fsynced before it is
 * acknowledged. On open, entries are read until the first torn or corrupt one (a crash mid-write)
 * and the file is truncated there, so the log always ends on a whole entry.
 */
export class MetadataLog {
  private fd: number;
  private size: number;

  private constructor(
    readonly file: string,
    fd: number,
    size: number,
  ) {
    this.fd = fd;
    this.size = size;
  }

  /** Opens (creating if needed) the log in `dir` and returns it with every record in order. */
  static open(dir: string, logger: EngineLogger): { log: MetadataLog; records: MetadataRecord[] } {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, METADATA_LOG_FILE_NAME);
    const bytes = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
    const { records, validBytes } = readEntries(bytes);
    if (validBytes < bytes.length) {
      logger.warn(`metadata log ${file}: truncating ${bytes.length - validBytes} bytes of a torn or corrupt tail`);
    }
    const fd = fs.openSync(file, fs.existsSync(file) ? "r+" : "w+");
    fs.ftruncateSync(fd, validBytes);
    return { log: new MetadataLog(file, fd, validBytes), records };
  }

  /** Appends records as one write and fsyncs; they are durable when this returns. */
  append(records: MetadataRecord[]): void {
    if (records.length === 0) return;
    const entries = records.map(encodeEntry);
    const bytes = Buffer.concat(entries);
    fs.writeSync(this.fd, bytes, 0, bytes.length, this.size);
    fs.fsyncSync(this.fd);
    this.size += bytes.length;
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}

function encodeEntry(record: MetadataRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(record), "utf8");
  const entry = Buffer.allocUnsafe(ENTRY_HEADER_BYTES + payload.length);
  entry.writeInt32BE(payload.length, 0);
  entry.writeUInt32BE(crc32c(payload), 4);
  payload.copy(entry, ENTRY_HEADER_BYTES);
  return entry;
}

/** Reads whole, valid entries from the start; stops at the first torn or corrupt one. */
export function readEntries(bytes: Buffer): { records: MetadataRecord[]; validBytes: number } {
  const records: MetadataRecord[] = [];
  let pos = 0;
  while (pos + ENTRY_HEADER_BYTES <= bytes.length) {
    const length = bytes.readInt32BE(pos);
    if (length < 0 || length > MAX_METADATA_RECORD_BYTES || pos + ENTRY_HEADER_BYTES + length > bytes.length) break;
    const payload = bytes.subarray(pos + ENTRY_HEADER_BYTES, pos + ENTRY_HEADER_BYTES + length);
    if (crc32c(payload) !== bytes.readUInt32BE(pos + 4)) break;
    try {
      records.push(parseMetadataRecord(payload.toString("utf8")));
    } catch {
      break;
    }
    pos += ENTRY_HEADER_BYTES + length;
  }
  return { records, validBytes: pos };
}
