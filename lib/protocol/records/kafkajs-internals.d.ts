// Types for the kafkajs 2.2.4 internals the interop tests drive (its own record batch v2 encoder
// and decoder and its codec registry). Only the parts the tests use are declared.
declare module "kafkajs/src/protocol/encoder.js" {
  export default class Encoder {
    buffer: Buffer;
  }
}

declare module "kafkajs/src/protocol/decoder.js" {
  export default class Decoder {
    constructor(buffer: Buffer);
  }
}

declare module "kafkajs/src/protocol/recordBatch/v0/index.js" {
  import type Encoder from "kafkajs/src/protocol/encoder.js";
  export function RecordBatch(args: {
    compression?: number;
    firstOffset?: unknown;
    firstTimestamp?: number;
    maxTimestamp?: number;
    partitionLeaderEpoch?: number;
    lastOffsetDelta?: number;
    transactional?: boolean;
    producerId?: unknown;
    producerEpoch?: number;
    firstSequence?: number;
    records?: Encoder[];
  }): Promise<Encoder>;
}

declare module "kafkajs/src/protocol/recordBatch/record/v0/index.js" {
  import type Encoder from "kafkajs/src/protocol/encoder.js";
  export default function Record(args: {
    offsetDelta?: number;
    timestampDelta?: number;
    key: Buffer | null;
    value: Buffer | null;
    headers?: Record<string, Buffer | string | null | (Buffer | string)[]>;
  }): Encoder;
}

declare module "kafkajs/src/protocol/recordBatch/v0/decoder.js" {
  import type Decoder from "kafkajs/src/protocol/decoder.js";
  export interface KafkajsDecodedRecord {
    offset: string;
    timestamp: string;
    key: Buffer | null;
    value: Buffer | null;
    headers: Record<string, Buffer | null | Buffer[]>;
    isControlRecord: boolean;
  }
  export interface KafkajsDecodedBatch {
    firstOffset: string;
    firstTimestamp: string;
    maxTimestamp: string;
    partitionLeaderEpoch: number;
    inTransaction: boolean;
    isControlBatch: boolean;
    lastOffsetDelta: number;
    producerId: string;
    producerEpoch: number;
    firstSequence: number;
    timestampType: number;
    records: KafkajsDecodedRecord[];
  }
  export default function decode(decoder: Decoder): Promise<KafkajsDecodedBatch>;
}

declare module "kafkajs/src/protocol/message/compression/index.js" {
  export const Codecs: Record<number, () => unknown>;
}

declare module "kafkajs/src/utils/long.js" {
  const Long: { fromValue(value: number | string): unknown; fromString(value: string): unknown };
  export default Long;
}
