import { ErrorCode } from "../../protocol/error-codes";
import { ApiError } from "../controller/api-error";

/** Kafka keeps the metadata of the last 5 batches per producer to recognise retried duplicates. */
export const NUM_BATCHES_TO_RETAIN = 5;
const INT32_MAX = 2 ** 31 - 1;

export interface ProducerBatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: bigint;
  lastOffset: bigint;
}

interface ProducerEntry {
  epoch: number;
  /** Oldest first; at most NUM_BATCHES_TO_RETAIN. */
  batches: ProducerBatchMetadata[];
}

/** What an idempotent batch needs to know before it is appended. */
export interface IdempotentBatch {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  /** recordCount - 1 == lastOffsetDelta for a valid batch. */
  lastOffsetDelta: number;
}

/** The next sequence after `seq`, wrapping at Int32.MAX as Kafka does. */
function nextSequence(seq: number): number {
  return seq === INT32_MAX ? 0 : seq + 1;
}

function lastSequenceOf(batch: IdempotentBatch): number {
  const last = batch.baseSequence + batch.lastOffsetDelta;
  return last > INT32_MAX ? last - INT32_MAX - 1 : last;
}

/**
 * Idempotent-producer state of one partition (Kafka's ProducerStateManager without transactions):
 * per producer id, its epoch and the sequence ranges and offsets of its last batches.
 *
 * Rules (ProducerAppendInfo.checkSequence): an older epoch is fenced (INVALID_PRODUCER_EPOCH); a
 * newer epoch must start at sequence 0; in the same epoch a batch must start right after the last
 * one; a batch equal to one of the last five is a retry and is acknowledged with its original
 * offsets without being appended again; anything else is OUT_OF_ORDER_SEQUENCE_NUMBER. A producer
 * id the partition has never seen is accepted at any sequence (its state may have been removed).
 */
export class ProducerStateManager {
  private readonly producers = new Map<bigint, ProducerEntry>();

  get producerCount(): number {
    return this.producers.size;
  }

  /** Returns the original batch if `batch` is a retried duplicate; throws ApiError if it must be refused. */
  check(batch: IdempotentBatch): ProducerBatchMetadata | undefined {
    const entry = this.producers.get(batch.producerId);
    if (entry === undefined) return undefined;
    if (batch.producerEpoch < entry.epoch) {
      throw new ApiError(
        ErrorCode.INVALID_PRODUCER_EPOCH,
        `Epoch ${batch.producerEpoch} of producer ${batch.producerId} is older than the current epoch ${entry.epoch}`,
      );
    }
    const lastSeq = lastSequenceOf(batch);
    if (batch.producerEpoch === entry.epoch) {
      const duplicate = entry.batches.find((b) => b.firstSeq === batch.baseSequence && b.lastSeq === lastSeq);
      if (duplicate !== undefined) return duplicate;
      const last = entry.batches[entry.batches.length - 1];
      if (last !== undefined && batch.baseSequence !== nextSequence(last.lastSeq)) {
        throw new ApiError(
          ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          `Out of order sequence number for producer ${batch.producerId} at epoch ${batch.producerEpoch}: ${batch.baseSequence} (incoming seq. number), ${last.lastSeq} (current end sequence number)`,
        );
      }
      return undefined;
    }
    if (batch.baseSequence !== 0) {
      throw new ApiError(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        `Invalid sequence number for new epoch of producer ${batch.producerId}: ${batch.producerEpoch} (request epoch), ${batch.baseSequence} (seq. number), ${entry.epoch} (current producer epoch)`,
      );
    }
    return undefined;
  }

  /** Records an appended (or replayed) batch. */
  update(batch: IdempotentBatch, firstOffset: bigint): void {
    let entry = this.producers.get(batch.producerId);
    if (entry === undefined || batch.producerEpoch > entry.epoch) {
      entry = { epoch: batch.producerEpoch, batches: [] };
      this.producers.set(batch.producerId, entry);
    }
    entry.batches.push({
      firstSeq: batch.baseSequence,
      lastSeq: lastSequenceOf(batch),
      firstOffset,
      lastOffset: firstOffset + BigInt(batch.lastOffsetDelta),
    });
    if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
  }

  /** Producer ids and their state (DescribeProducers, the console). */
  entries(): Array<{ producerId: bigint; epoch: number; lastSequence: number; lastOffset: bigint }> {
    return [...this.producers].map(([producerId, e]) => {
      const last = e.batches[e.batches.length - 1];
      return { producerId, epoch: e.epoch, lastSequence: last?.lastSeq ?? -1, lastOffset: last?.lastOffset ?? -1n };
    });
  }
}
