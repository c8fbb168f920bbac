import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../protocol/error-codes";
import { type ApiError } from "../controller/api-error";
import { NUM_BATCHES_TO_RETAIN, ProducerStateManager, type IdempotentBatch } from "./producer-state";

const batch = (baseSequence: number, records = 10, producerEpoch = 0, producerId = 7n): IdempotentBatch => ({
  producerId,
  producerEpoch,
  baseSequence,
  lastOffsetDelta: records - 1,
});

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as ApiError).errorCode;
  }
}

describe("ProducerStateManager", () => {
  it("accepts in-sequence batches and recognises a retried one with its original offsets", () => {
    const state = new ProducerStateManager();
    expect(state.check(batch(0))).toBeUndefined();
    state.update(batch(0), 100n);
    expect(state.check(batch(10))).toBeUndefined();
    state.update(batch(10), 110n);
    expect(state.check(batch(0))).toEqual({ firstSeq: 0, lastSeq: 9, firstOffset: 100n, lastOffset: 109n });
  });

  it("refuses gaps, fenced epochs and a new epoch not starting at 0", () => {
    const state = new ProducerStateManager();
    state.update(batch(0), 0n);
    expect(codeOf(() => state.check(batch(11)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    state.update(batch(0, 10, 1), 10n);
    expect(codeOf(() => state.check(batch(10, 10, 0)))).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(codeOf(() => state.check(batch(5, 10, 2)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(state.check(batch(0, 10, 2))).toBeUndefined();
  });

  it("forgets duplicates older than the last five batches", () => {
    const state = new ProducerStateManager();
    for (let i = 0; i <= NUM_BATCHES_TO_RETAIN; i++) state.update(batch(i * 10), BigInt(i * 10));
    expect(codeOf(() => state.check(batch(0)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(state.check(batch(10))?.firstOffset).toBe(10n);
  });

  it("wraps sequence numbers at Int32.MAX", () => {
    const state = new ProducerStateManager();
    state.update(batch(2 ** 31 - 5, 5), 0n);
    expect(state.check(batch(0))).toBeUndefined();
    expect(state.entries()[0]).toMatchObject({ producerId: 7n, lastSequence: 2 ** 31 - 1 });
  });
});
